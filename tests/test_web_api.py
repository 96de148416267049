"""The web app through FastAPI's TestClient: JSON twins, the pinned error shape, escaping,
upload limits, path safety, loopback by default, and briefs computed once."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from test_web_support import XSS_IMG, XSS_SCRIPT, XSS_SVG, fake_briefer, flood_story, make_article  # noqa: E402

from storyweave.errors import UsageError  # noqa: E402
from storyweave.web import data as d  # noqa: E402
from storyweave.web.app import create_app  # noqa: E402
from storyweave.web.data import FileSource, MemorySource  # noqa: E402
from storyweave.web.server import BackgroundServer, bind, is_loopback  # noqa: E402

HARBOUR_UPLOAD = (
    "Harbour fire destroys warehouses\n\n"
    "A fire destroyed three warehouses at the city harbour on Sunday night, the fire service said.\n\n"
    "Firefighters fought the blaze for six hours before bringing it under control.\n"
)
PAYLOADS = (XSS_SCRIPT, XSS_IMG, XSS_SVG, "onerror=", "<svg onload", "javascript:")


class CountingBriefer:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, articles: Any) -> Any:
        self.calls += 1
        return fake_briefer(articles)


@pytest.fixture()
def briefer() -> CountingBriefer:
    return CountingBriefer()


@pytest.fixture()
def client(briefer: CountingBriefer) -> TestClient:
    return TestClient(create_app(FileSource(flood_story(), name="floods"), briefer=briefer))


def story_id(client: TestClient) -> str:
    return client.get("/api/stories").json()["stories"][0]["id"]


def twin_of(html: str) -> str:
    match = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)
    assert match, "the page names no JSON twin"
    return match.group(1).replace("&amp;", "&")


def assert_error(response: Any, status: int) -> str:
    """The pinned error shape: exactly ``{"error": str, "status": int}``."""
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "status"}
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return body["error"]


# ---------------------------------------------------------------- pages and twins


def test_web_api_every_page_has_a_json_twin(client: TestClient) -> None:
    sid = story_id(client)
    stories = client.get("/?outlet=Daily+Ledger")
    assert stories.status_code == 200
    twin = client.get(twin_of(stories.text)).json()
    assert twin["filters"]["outlet"] == "Daily Ledger"
    assert [s["id"] for s in twin["stories"]] == [sid]
    assert f'href="/stories/{sid}"' in stories.text

    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200
    story = client.get(twin_of(page.text)).json()
    assert story["story"]["id"] == sid and story["brief"]["schema"] == "storyweave.brief/1"
    assert story["brief"]["facts"]["schema"] == "storyweave.facts/1"
    for sent in story["brief"]["summary"]:
        assert sent["text"].split("<")[0] in page.text
    for art in story["brief"]["articles"]:
        assert f"/articles/{art['id']}" in page.text

    aid = story["brief"]["articles"][0]["id"]
    article_page = client.get(f"/articles/{aid}")
    article = client.get(twin_of(article_page.text)).json()
    assert article["id"] == aid
    assert article["dropped"] == ["Subscribe to our newsletter", "Advertisement"]
    assert all(line in article_page.text for line in article["dropped"])

    new = client.get("/new")
    limits = client.get(twin_of(new.text)).json()["limits"]
    assert limits["max_files"] == d.MAX_UPLOAD_FILES
    assert limits["max_file_bytes"] == d.MAX_UPLOAD_FILE_BYTES


def test_web_api_story_page_shows_citations_quotes_figures_timeline(client: TestClient) -> None:
    sid = story_id(client)
    html = client.get(f"/stories/{sid}").text
    brief = client.get(f"/api/stories/{sid}").json()["brief"]
    # One citation marker per source of each sentence, linking to that source's sentence.
    for sent in brief["summary"]:
        for ev in sent["evidence"]:
            start, end = ev["span"]
            assert f'data-article="{ev["article"]}" data-start="{start}" data-end="{end}"' in html
    assert "Anna Berg" in html and "Mayor Tom Reed" in html  # quotes by speaker
    assert 'class="disagree"' in html and "values differ" in html  # 12 vs at least 15
    assert html.count('<g class="event') == 3  # the timeline chart
    assert 'id="coverage"' in html


def test_web_api_article_page_highlights_the_cited_span(client: TestClient) -> None:
    art = flood_story()[0]
    start = art.text.index("Rescue crews")
    end = art.text.index("officials said.") + len("officials said.")
    html = client.get(f"/articles/{art.id}?start={start}&end={end}").text
    assert '<mark id="cited">Rescue crews evacuated 300 residents overnight, officials said.</mark>' in html
    # A span outside the text highlights nothing rather than failing.
    html = client.get(f"/articles/{art.id}?start=5&end=99999").text
    assert "<mark" not in html


def test_web_api_stories_filters(briefer: CountingBriefer) -> None:
    source = MemorySource()
    source.add(flood_story())
    source.add(
        [
            make_article(["A harbour fire destroyed warehouses on Sunday night, officials said."],
                         title="Harbour fire", outlet="Coast News", published="2024-06-02"),
        ]
    )
    client = TestClient(create_app(source, briefer=briefer))

    def ids(**params: str) -> list[str]:
        return [s["headline"] for s in client.get("/api/stories", params=params).json()["stories"]]

    assert sorted(ids()) == ["Floods kill 12 in Marlow", "Harbour fire"]
    assert ids(q="harbour warehouses") == ["Harbour fire"]
    assert ids(q="marlow") == ["Floods kill 12 in Marlow"]
    assert ids(outlet="Coast News") == ["Harbour fire"]
    assert ids(since="2024-05-01") == ["Harbour fire"]
    assert ids(until="2024-03-04") == ["Floods kill 12 in Marlow"]
    assert ids(since="2024-03-05", until="2024-03-05") == ["Floods kill 12 in Marlow"]
    assert ids(since="2025-01-01") == []
    page = client.get("/", params={"q": "harbour"}).text
    assert "Harbour fire" in page and "Floods kill" not in page
    assert '<option value="Coast News">' in page
    assert briefer.calls == 0  # listing stories never briefs them


def test_web_api_openapi_describes_the_api_only() -> None:
    client = TestClient(create_app(FileSource(flood_story()), briefer=fake_briefer))
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/briefs"}
    assert all(path.startswith("/api/") for path in spec["paths"])


def test_web_api_brief_is_computed_once(client: TestClient, briefer: CountingBriefer) -> None:
    sid = story_id(client)
    for _ in range(5):
        assert client.get(f"/stories/{sid}").status_code == 200
        assert client.get(f"/api/stories/{sid}").status_code == 200
    assert briefer.calls == 1


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/0000000000000000",
        "/api/articles/0000000000000000",
        "/api/stories/..%2F..%2Fetc%2Fpasswd",
        "/api/articles/%2Fetc%2Fpasswd",
        "/api/stories/" + "a" * 300,
        "/api/no-such-thing",
    ],
)
def test_web_api_bad_ids_give_404_in_the_pinned_shape(client: TestClient, path: str) -> None:
    message = assert_error(client.get(path), 404)
    assert message.startswith("no ") or message.endswith(": no such page")


def test_web_api_bad_page_ids_give_an_html_404(client: TestClient) -> None:
    response = client.get("/stories/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no story with id nope" in response.text


@pytest.mark.parametrize("params", [{"q": "x" * 500}, {"page": "0"}])
def test_web_api_bad_parameters_give_422_in_the_pinned_shape(client: TestClient, params: dict[str, str]) -> None:
    message = assert_error(client.get("/api/stories", params=params), 422)
    assert next(iter(params)) in message


@pytest.mark.parametrize(
    "params", [{"since": "yesterday"}, {"until": "2024-13"}, {"since": "2016-13-45"}, {"until": "2016-02-30"}]
)
def test_web_api_bad_dates_give_400_naming_the_parameter(client: TestClient, params: dict[str, str]) -> None:
    """A date of the right shape that is no day (2016-13-45) is refused like a malformed one."""
    name, value = next(iter(params.items()))
    message = assert_error(client.get("/api/stories", params=params), 400)
    assert message.startswith(f"{name}: ") and ("YYYY-MM-DD" in message or "not a day" in message)
    page = client.get("/", params=params)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert f"{name}: " in page.text


def test_web_api_wrong_method_gives_405_in_the_pinned_shape(client: TestClient) -> None:
    assert_error(client.delete("/api/stories"), 405)


def test_web_api_nothing_to_brief_gives_422(client: TestClient) -> None:
    message = assert_error(client.post("/api/briefs", data={"text": "   "}), 422)
    assert "paste" in message
    message = assert_error(client.post("/api/briefs", content=b"{}", headers={"content-type": "application/json"}), 422)
    assert "multipart" in message


def test_web_api_unreadable_upload_kind_gives_422(client: TestClient) -> None:
    files = [("files", ("photo.png", b"\x89PNG\r\n", "image/png"))]
    message = assert_error(client.post("/api/briefs", files=files), 422)
    assert "photo.png" in message and ".txt" in message


# ---------------------------------------------------------------- upload limits


def test_web_api_too_many_files_gives_413(client: TestClient) -> None:
    files = [("files", (f"a{i}.txt", b"Some words here.", "text/plain")) for i in range(d.MAX_UPLOAD_FILES + 1)]
    message = assert_error(client.post("/api/briefs", files=files), 413)
    assert f"at most {d.MAX_UPLOAD_FILES} files" in message


def test_web_api_file_over_the_size_limit_gives_413(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(d, "MAX_UPLOAD_FILE_BYTES", 1024)
    files = [("files", ("big.txt", b"word " * 1000, "text/plain"))]
    message = assert_error(client.post("/api/briefs", files=files), 413)
    assert "big.txt" in message and "at most" in message


def test_web_api_body_over_the_limit_is_refused_before_reading(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(d, "MAX_UPLOAD_BODY_BYTES", 4096)
    files = [("files", ("big.txt", b"x" * 10_000, "text/plain"))]
    assert "MB in all" in assert_error(client.post("/api/briefs", files=files), 413)
    # The HTML form gets the same message as a page.
    response = client.post("/new", files=files)
    assert response.status_code == 413 and "MB in all" in response.text


def test_web_api_pasted_text_over_the_limit_gives_413(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(d, "MAX_PASTE_BYTES", 2048)
    assert "pasted text" in assert_error(client.post("/api/briefs", data={"text": "word " * 1000}), 413)


def test_web_api_upload_makes_a_story(client: TestClient) -> None:
    text = HARBOUR_UPLOAD
    response = client.post("/api/briefs", files=[("files", ("../../harbour.txt", text.encode(), "text/plain"))])
    assert response.status_code == 201
    body = response.json()
    sid = body["story"]["id"]
    assert response.headers["location"] == f"/stories/{sid}"
    assert body["story"]["origin"] == "upload"
    # The client's name is shown reduced to its last part; it never named a file.
    assert [a["path"] for a in body["brief"]["articles"]] == ["harbour.txt"]
    assert "A fire destroyed three warehouses" in body["brief"]["summary"][0]["text"]
    assert client.get(f"/stories/{sid}").status_code == 200
    assert sid in [s["id"] for s in client.get("/api/stories").json()["stories"]]
    # The form redirects to the story page.
    form = client.post("/new", data={"text": text}, follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"] == f"/stories/{sid}"


def test_web_api_upload_names_never_reach_the_file_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    evil = "../" * 8 + "tmp/storyweave-evil.txt"
    body = "A fire destroyed three warehouses at the harbour on Sunday night, officials said. " * 3
    uploads = [d.Upload(evil, body.encode())]
    pasted = "A second fire broke out at the old mill on Monday morning, the fire service said. " * 3
    articles, _ = d.read_uploads(uploads, pasted)
    assert [a.path for a in articles] == ["storyweave-evil.txt", "pasted text"]
    assert not Path("/tmp/storyweave-evil.txt").exists()
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- escaping and headers


def test_web_api_article_text_is_escaped_everywhere(client: TestClient) -> None:
    sid = story_id(client)
    payload_article = flood_story()[2].id
    pages = [
        client.get("/").text,
        client.get("/?q=marlow").text,
        client.get(f"/stories/{sid}").text,
        client.get(f"/articles/{payload_article}").text,
        client.get(f"/articles/{payload_article}?start=0&end=40").text,
    ]
    for html in pages:
        for payload in PAYLOADS[:3]:
            assert payload not in html
        assert "<script>" not in html.replace('<script src="/static/app.js" defer></script>', "")
        assert not re.search(r"<(img|svg)[^>]*\son(error|load)=", html)
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.__pwned" in pages[2]  # shown, as text
    assert "&lt;img src=x onerror=" in pages[3]


def test_web_api_security_headers_on_every_answer(client: TestClient) -> None:
    for response in (client.get("/"), client.get("/api/stories"), client.get("/api/stories/nope")):
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_web_api_static_files_come_from_memory_only(client: TestClient) -> None:
    assert client.get("/static/app.js").status_code == 200
    for path in ("/static/..%2Fapp.py", "/static/%2e%2e/data.py", "/static/templates", "/static/app.py"):
        assert client.get(path).status_code == 404


# ---------------------------------------------------------------- serving


def test_web_api_serve_binds_loopback_by_default() -> None:
    from storyweave.cli import build_parser

    args = build_parser().parse_args(["serve", "examples/"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def test_web_api_serve_bad_arguments_are_one_line_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from storyweave.cli import main

    assert main(["serve"]) == 2
    assert main(["serve", str(tmp_path / "missing.txt")]) == 2
    assert main(["serve", "--db", str(tmp_path / "missing.sqlite")]) == 2
    assert main(["serve", "x.txt", "--db", "y.sqlite"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("storyweave: error: ") for line in lines)
    assert "missing.txt" in lines[1] and "storyweave ingest" in lines[2]


def test_web_api_taken_port_is_a_usage_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(UsageError, match="choose another --port"):
            bind("127.0.0.1", port)


def test_web_api_background_server_answers_on_loopback() -> None:
    import httpx

    app = create_app(FileSource(flood_story()), briefer=fake_briefer)
    with BackgroundServer(app) as url:
        assert url.startswith("http://127.0.0.1:")
        response = httpx.get(url + "api/stories", timeout=10)
        assert response.status_code == 200 and response.json()["count"] == 1


# ---------------------------------------------------------------- the corpus store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = pytest.importorskip("storyweave.corpus")
    path = tmp_path_factory.mktemp("store") / "corpus.sqlite"
    harbour = make_article(
        [
            "A fire destroyed three warehouses at the city harbour on Sunday night, the fire service said.",
            "Firefighters fought the blaze for six hours before bringing it under control, officials said.",
        ],
        title="Harbour fire",
        outlet="Coast News",
        published="2024-06-02",
    )
    with corpus.Store(path) as store:
        corpus.ingest(flood_story()[:2] + [harbour], store)
    return path


def test_web_api_serves_a_corpus_store(store_path: Path, briefer: CountingBriefer) -> None:
    from storyweave.web.data import StoreSource

    client = TestClient(create_app(StoreSource.open(store_path), briefer=briefer))
    listed = client.get("/api/stories").json()
    assert sorted(s["headline"] for s in listed["stories"]) == ["Floods kill 12 in Marlow", "Harbour fire"]
    assert all(s["origin"] == "store" for s in listed["stories"])
    assert "Coast News" in listed["outlets"]
    assert [s["headline"] for s in client.get("/api/stories", params={"outlet": "Coast News"}).json()["stories"]] == ["Harbour fire"]
    assert [s["headline"] for s in client.get("/api/stories", params={"q": "warehouses"}).json()["stories"]] == ["Harbour fire"]

    floods = next(s for s in listed["stories"] if s["headline"].startswith("Floods"))
    page = client.get(f"/stories/{floods['id']}")
    assert page.status_code == 200 and "Anna Berg" in page.text
    story = client.get(f"/api/stories/{floods['id']}").json()
    assert {a["id"] for a in story["brief"]["articles"]} == set(floods["article_ids"])
    article = client.get(f"/api/articles/{floods['article_ids'][0]}").json()
    assert article["id"] == floods["article_ids"][0]
    assert_error(client.get("/api/stories/s0000000000000000"), 404)
    assert_error(client.get("/api/articles/0000000000000000"), 404)
    client.get(f"/stories/{floods['id']}")
    assert briefer.calls == 1


TOPICS = (
    "glacier melt flooded alpine villages", "orchestra strike cancelled symphony concerts",
    "volcano ash grounded regional flights", "shipyard layoffs hit welding crews",
    "vaccine trial enrolled elderly volunteers", "marathon runner collapsed near finish",
    "bakery fire gutted historic arcade", "drought shrank reservoir to record low",
    "chess prodigy won national championship", "bridge collapse trapped commuter trains",
    "satellite launch delayed by telemetry fault", "museum theft emptied jewellery gallery",
    "teachers ballot rejected pension offer", "wildfire smoke closed coastal schools",
    "brewery merger created regional giant", "zoo welcomed rare snow leopard cubs",
    "cyberattack froze hospital appointment systems", "ferry capsized during autumn storm",
    "archaeologists unearthed bronze helmet hoard", "tram derailment injured morning passengers",
    "vineyard hail destroyed grape harvest", "parliament passed tenant eviction bill",
    "submarine cable outage slowed island internet",
)


def _many_stories_store(path: Path, n: int) -> None:
    """A store of ``n`` unrelated one-article stories."""
    corpus = pytest.importorskip("storyweave.corpus")
    articles = [
        make_article(
            [f"Reports on Monday said the {topic}. Witnesses described how the {topic}, "
             f"and officials promised an inquiry into why the {topic}."],
            title=topic.capitalize(), outlet=f"Outlet {k}", published=f"2024-01-{k % 28 + 1:02d}",
        )
        for k, topic in enumerate(TOPICS[:n])
    ]
    with corpus.Store(path) as store:
        corpus.ingest(articles, store)


def test_web_api_story_list_is_paged(tmp_path: Path, briefer: CountingBriefer) -> None:
    from storyweave.web.data import StoreSource

    _many_stories_store(tmp_path / "c.sqlite", 23)
    source = StoreSource.open(tmp_path / "c.sqlite")
    everything = [s.id for s in source.stories()]
    total = source.page(0, 0)[1]
    assert total == len(everything) and 15 <= total <= 23  # a few topics may share a story
    client = TestClient(create_app(source, briefer=briefer))

    n_pages = -(-total // 7)
    pages = [client.get("/api/stories", params={"per_page": 7, "page": p}).json()
             for p in range(1, n_pages + 1)]
    assert {p["count"] for p in pages} == {total} and {p["pages"] for p in pages} == {n_pages}
    assert [len(p["stories"]) for p in pages[:-1]] == [7] * (n_pages - 1)
    assert [s["id"] for p in pages for s in p["stories"]] == everything  # same order, no gaps
    assert [p["first"] for p in pages] == [1 + 7 * k for k in range(n_pages)]
    assert client.get("/api/stories", params={"per_page": 7, "page": n_pages + 1}).json()["stories"] == []
    assert client.get("/api/stories").json()["per_page"] == 100

    html = client.get("/", params={"per_page": 7, "page": 2, "outlet": ""}).text
    assert f"Stories 8–14 of {total}" in html
    # the links keep the filters and change only the page
    assert 'rel="prev" href="/?per_page=7&amp;outlet=&amp;page=1"' in html
    assert 'rel="next" href="/?per_page=7&amp;outlet=&amp;page=3"' in html
    last = client.get("/", params={"per_page": 7, "page": n_pages}).text
    assert 'rel="next"' not in last and 'rel="prev"' in last
    # filters count and page over the matches only
    one = client.get("/api/stories", params={"q": "leopard", "per_page": 10}).json()
    assert one["count"] == 1 and one["pages"] == 1
    assert one["stories"][0]["headline"] == "Zoo welcomed rare snow leopard cubs"
    for bad in ({"page": "0"}, {"per_page": "0"}, {"per_page": "5000"}, {"page": "x"}):
        assert_error(client.get("/api/stories", params=bad), 422)
    assert briefer.calls == 0


def test_web_api_paging_puts_uploads_first(briefer: CountingBriefer) -> None:
    source = MemorySource()
    for k in range(5):
        source.add([make_article([f"Story number {k} happened in the town of Place{k} on Monday, police said."],
                                 title=f"Story {k}")])
    client = TestClient(create_app(source, briefer=briefer))
    text = HARBOUR_UPLOAD
    upload = client.post("/api/briefs", files=[("files", ("harbour.txt", text.encode(), "text/plain"))])
    assert upload.status_code == 201
    first = client.get("/api/stories", params={"per_page": 2}).json()
    assert first["count"] == 6 and first["pages"] == 3
    assert first["stories"][0]["origin"] == "upload"
    listed = [s["id"] for p in (1, 2, 3)
              for s in client.get("/api/stories", params={"per_page": 2, "page": p}).json()["stories"]]
    assert len(listed) == len(set(listed)) == 6
