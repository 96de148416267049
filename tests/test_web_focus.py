"""The web story page's query box and "new since my last visit": the route takes
``?query=`` and ``?since=``, answers a focused brief (and its JSON twin), and rejects a
bad date in the pinned error shape."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from test_web_api import story_id, twin_of  # noqa: E402
from test_web_support import fake_briefer, flood_story  # noqa: E402

from storyweave.web.app import create_app  # noqa: E402
from storyweave.web.data import FileSource  # noqa: E402


@pytest.fixture()
def client() -> TestClient:
    return TestClient(create_app(FileSource(flood_story(), name="floods"), briefer=fake_briefer))


def test_web_focus_story_page_has_the_query_box_and_last_visit_link(client):
    sid = story_id(client)
    page = client.get(f"/stories/{sid}").text
    assert 'name="query"' in page and 'class="since-visit"' in page
    assert "localStorage" in client.get("/static/app.js").text


def test_web_focus_query_gives_a_focused_brief_and_its_twin(client):
    sid = story_id(client)
    resp = client.get(f"/stories/{sid}", params={"query": "bridge closed"})
    assert resp.status_code == 200
    assert "Sentences that answer" in resp.text and "bridge closed" in resp.text
    twin = twin_of(resp.text)
    assert "query=bridge" in twin
    data = client.get(twin).json()
    assert data["brief"]["mode"] == "query" and data["brief"]["query"] == "bridge closed"
    assert any("bridge" in s["text"].lower() for s in data["brief"]["summary"])
    # an empty query is the whole story's brief
    plain = client.get(f"/api/stories/{sid}", params={"query": ""}).json()
    assert plain["brief"]["mode"] == "generic"


def test_web_focus_since_gives_an_update_brief(client):
    sid = story_id(client)
    data = client.get(f"/api/stories/{sid}", params={"since": "2024-03-04"}).json()
    assert data["brief"]["mode"] == "update"
    assert all((a["published"] or "9999") > "2024-03-04" for a in data["brief"]["articles"])
    # the toll that rose from 12 to 15 is kept and marked on the page
    changed = [s for s in data["brief"]["summary"] if s.get("update_of")]
    assert changed and "15 people" in changed[0]["text"] and changed[0]["update_of"] == "12"
    page = client.get(f"/stories/{sid}", params={"since": "2024-03-04"}).text
    assert "(update: was 12)" in page


@pytest.mark.parametrize("since", ["2024-13-45", "tomorrow"])
def test_web_focus_bad_since_is_an_error_in_the_pinned_shape(client, since):
    sid = story_id(client)
    resp = client.get(f"/api/stories/{sid}", params={"since": since})
    assert resp.status_code == 422
    body = resp.json()
    assert set(body) == {"error", "status"} and "since" in body["error"]
