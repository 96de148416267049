"""The web app in a real browser: Debian's Chromium driven by Playwright.

Loads the stories list, opens a story, clicks a citation and sees its sentence,
uploads a file and sees its brief, and checks that script payloads inside articles
never run. Screenshots of each step go to test-artifacts/web/.

Needs /usr/bin/chromium (`make browser-deps`, or `apt-get install chromium
chromium-driver`); never `playwright install`, which downloads a browser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_support import fake_briefer, flood_story

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"{CHROMIUM} is absent (make browser-deps)"),
]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    pytest.importorskip("fastapi")
    from storyweave.web.app import create_app
    from storyweave.web.data import FileSource
    from storyweave.web.server import BackgroundServer

    app = create_app(FileSource(flood_story(), name="flood reports"), briefer=fake_briefer)
    with BackgroundServer(app) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.dialogs = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]

    def on_dialog(dialog: Any) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_nothing_injected(page: Any) -> None:
    """No payload ran (no dialog, no global set) and none became an element."""
    assert page.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror],[onload]').length") == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0


def test_web_browser_stories_list_story_and_citation(base_url: str, page: Any) -> None:
    page.goto(base_url + "/")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 1
    assert "Floods kill 12 in Marlow" in rows.first.inner_text()
    shot(page, "01-stories")

    page.locator("a.story-link").first.click()
    page.wait_for_url("**/stories/*")
    sentences = page.locator(".brief p.sentence")
    assert sentences.count() == 3
    assert page.locator("#sources ol.sources li").count() == 3
    assert page.locator("svg.timeline-chart .event").count() == 3
    assert page.locator("table.figures tr.disagree").count() == 1
    shot(page, "02-story")

    # A sentence reported by several sources: its citation of the second source
    # opens that source's own sentence, highlighted in its article.
    corroborated = sentences.filter(has=page.locator("a.cite >> nth=2")).first
    cite = corroborated.locator("a.cite").nth(1)
    expected = cite.get_attribute("title")
    cite.click()
    reader = page.locator("#reader")
    reader.wait_for(state="visible")
    mark = reader.locator("mark.cited")
    mark.wait_for()
    assert mark.inner_text() == expected
    assert "Evening Post" in reader.locator(".reader-meta").inner_text()
    shot(page, "03-citation")
    assert page.console_errors == []
    assert_nothing_injected(page)


def test_web_browser_citation_without_script_opens_article_page(base_url: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/")
    page.locator("a.story-link").first.click()
    page.locator(".brief a.cite").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("mark#cited").inner_text().startswith("Floods swept through")
    assert page.locator("ol.dropped-lines li").count() == 2
    context.close()


def test_web_browser_payloads_in_articles_never_run(base_url: str, page: Any) -> None:
    page.goto(base_url + "/")
    page.locator("a.story-link").first.click()
    page.wait_for_url("**/stories/*")
    # Open the citation of the article carrying the payloads (JS builds its text).
    page.locator(".brief p.sentence").nth(2).locator("a.cite").last.click()
    page.locator("#reader mark.cited").wait_for()
    assert "<script>" in page.locator("#reader .reader-body").inner_text()
    assert "<script>" in page.locator("#sources").inner_text()  # shown as text
    assert_nothing_injected(page)

    page.locator("#sources a.source-title").nth(2).click()
    page.wait_for_url("**/articles/*")
    assert "onerror=" in page.locator("section.dropped").inner_text()
    shot(page, "05-article-with-payloads")
    assert_nothing_injected(page)
    assert page.console_errors == []


def test_web_browser_upload_file_shows_its_brief(base_url: str, page: Any, tmp_path: Path) -> None:
    upload = tmp_path / "harbour.txt"
    upload.write_text(
        "Harbour fire destroys warehouses\n\n"
        "A fire destroyed three warehouses at the city harbour on Sunday night, the fire service said.\n\n"
        "Firefighters fought the blaze for six hours before bringing it under control.\n\n"
        "No one was hurt, but the damage is estimated at several million euros, officials said.\n",
        encoding="utf-8",
    )
    page.goto(base_url + "/new")
    page.locator("#files").set_input_files(str(upload))
    shot(page, "04a-upload-form")
    page.locator("form.new button[type=submit]").click()
    page.wait_for_url("**/stories/*")
    brief = page.locator(".brief").inner_text()
    assert "A fire destroyed three warehouses" in brief
    assert "harbour.txt" in page.locator("#sources").inner_text()
    shot(page, "04b-upload-brief")

    page.goto(base_url + "/")
    assert page.locator("table.stories tbody tr").count() == 2
    assert page.locator(".badge", has_text="uploaded").count() == 1


def test_web_browser_upload_refuses_wrong_kind_clearly(base_url: str, page: Any, tmp_path: Path) -> None:
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    page.goto(base_url + "/new")
    page.locator("#files").set_input_files(str(bad))
    page.locator("form.new button[type=submit]").click()
    error = page.locator(".error-message")
    error.wait_for()
    assert "photo.png" in error.inner_text() and ".txt" in error.inner_text()
    shot(page, "06-upload-error")


def background_briefer(articles: Any) -> Any:
    """The fake brief with one event years before the story, as real timelines have."""
    from dataclasses import replace

    brief = fake_briefer(articles)
    old = {**brief.facts["timeline"][0], "date": "2011-03-15", "phrase": "in March 2011",
           "event": "The conflict began in March 2011, the report said."}
    return replace(brief, facts={**brief.facts, "timeline": [old, *brief.facts["timeline"]]})


def test_web_browser_timeline_axis_is_broken_not_squeezed(browser: Any) -> None:
    """One date five years back gets a part of the axis; the story's days stay apart and
    every label stays inside the chart. Screenshot: test-artifacts/web/07-timeline.png."""
    pytest.importorskip("fastapi")
    from storyweave.web.app import create_app
    from storyweave.web.data import FileSource
    from storyweave.web.server import BackgroundServer

    app = create_app(FileSource(flood_story(), name="flood reports"), briefer=background_briefer)
    with BackgroundServer(app) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url + "api/stories")
        story = page.evaluate("JSON.parse(document.body.innerText).stories[0].id")
        page.goto(f"{url}stories/{story}")
        chart = page.locator("svg.timeline-chart")
        chart.wait_for()
        assert page.locator("svg.timeline-chart .event").count() == 4
        assert page.locator("svg.timeline-chart .axis-cut").count() == 1
        box = chart.bounding_box()
        dots = [page.locator("svg.timeline-chart .event circle").nth(i).bounding_box() for i in range(4)]
        xs = [d["x"] for d in dots]
        # 2011-03-15, then 2024-03-04 and 2024-03-05 (twice): on a linear axis the last
        # two days would be under 1 px apart; here they spread over the story's part.
        assert xs[2] - xs[1] > 0.5 * box["width"]
        for i in range(page.locator("svg.timeline-chart text").count()):
            text = page.locator("svg.timeline-chart text").nth(i).bounding_box()
            assert box["x"] - 1 <= text["x"] and text["x"] + text["width"] <= box["x"] + box["width"] + 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.querySelector('nav.sections').style.position='static'")
        page.locator("#timeline").screenshot(path=str(ARTIFACTS / "07-timeline.png"))
        context.close()
