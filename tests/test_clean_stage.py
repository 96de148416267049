"""The stage function ``clean``: text and HTML documents, metadata precedence, skips."""

from __future__ import annotations

import pytest

from storyweave.clean import clean, clean_html
from storyweave.config import Config
from storyweave.records import Article, RawDocument, Skip, content_id

PARAS = (
    "The mayor of Riverside opened the new bridge over the river on Tuesday, two years "
    "after work on it began and six months later than planned.",
    '"It joins the two halves of our town," she told a crowd of several hundred people '
    "who had gathered on the east bank to watch.",
    "The bridge cost 12 million pounds, most of it paid by the county council, and will "
    "carry about 9,000 cars a day when it is fully open.",
)

HTML = f"""<html><head><title>Mayor opens new bridge | The Riverside Gazette</title>
<meta property="og:site_name" content="The Riverside Gazette">
<meta property="article:published_time" content="2021-05-04T10:00:00Z">
</head><body><nav><a href="/">Home</a> / <a href="/news">News</a></nav>
<article><h1>Mayor opens new bridge</h1>
<p>{PARAS[0]}</p><p>{PARAS[1]}</p><p>Advertisement</p><p>{PARAS[2]}</p>
<p>Share this article</p></article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Council approves budget</a></li>
<li><a href="/b">Flood warning lifted</a></li></ul></aside>
<footer>Copyright © 2021 The Riverside Gazette. All rights reserved.</footer>
</body></html>"""

TEXT = "\n\n".join(
    ["Mayor opens new bridge", "Advertisement", *PARAS, "Copyright © 2021 The Riverside Gazette."]
)


def test_clean_text_document_becomes_article():
    art = clean(RawDocument(path="bridge.txt", content=TEXT))
    assert isinstance(art, Article)
    assert art.paragraphs == PARAS
    assert art.title == "Mayor opens new bridge"
    assert art.outlet == "The Riverside Gazette"
    assert art.path == "bridge.txt"
    assert art.id == content_id("\n".join(PARAS))
    assert "Advertisement" in art.dropped


def test_clean_metadata_wins_over_text():
    doc = RawDocument(
        path="b.json:1",
        content=TEXT,
        title="Bridge opens at last",
        outlet="Gazette Online",
        url="https://gazette.example/bridge",
        published="2021-05-05",
    )
    art = clean(doc)
    assert isinstance(art, Article)
    assert (art.title, art.outlet, art.url, art.published) == (
        "Bridge opens at last",
        "Gazette Online",
        "https://gazette.example/bridge",
        "2021-05-05",
    )
    assert art.paragraphs == PARAS


def test_clean_same_text_gets_same_id():
    a = clean(RawDocument(path="a.txt", content=TEXT))
    b = clean(RawDocument(path="b.txt", content=TEXT + "\n\nShare this article\n"))
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == b.id


def test_clean_html_page_main_text_and_metadata():
    cleaned = clean_html(HTML, url="https://gazette.example/news/bridge")
    assert cleaned.paragraphs == PARAS
    assert cleaned.title == "Mayor opens new bridge"
    assert cleaned.outlet == "The Riverside Gazette"
    assert cleaned.published == "2021-05-04"
    assert "Advertisement" in cleaned.dropped
    assert not any("Council approves budget" in p for p in cleaned.paragraphs)


def test_clean_html_document_becomes_article():
    art = clean(RawDocument(path="bridge.html", content=HTML, kind="html"))
    assert isinstance(art, Article)
    assert art.paragraphs == PARAS
    assert art.outlet == "The Riverside Gazette"


@pytest.mark.parametrize(
    "content",
    [
        "",
        "Advertisement\n\nShare this article\n\nCopyright © 2020 Example News",
        "Related stories\n\nCouncil approves budget\n\nFlood warning lifted",
    ],
)
def test_clean_skips_when_nothing_is_left(content):
    result = clean(RawDocument(path="empty.txt", content=content))
    assert result == Skip("empty.txt", "no article text left after cleaning")


def test_clean_skips_short_article_by_config():
    doc = RawDocument(path="short.txt", content=PARAS[0])
    assert isinstance(clean(doc, Config(min_article_words=100)), Skip)
    assert isinstance(clean(doc, Config(min_article_words=5)), Article)


def test_clean_skips_unknown_kind():
    result = clean(RawDocument(path="x.pdf", content="%PDF", kind="pdf"))
    assert isinstance(result, Skip)
    assert "pdf" in result.reason


def test_clean_empty_html_is_skipped():
    result = clean(RawDocument(path="e.html", content="<html><body></body></html>", kind="html"))
    assert isinstance(result, Skip)
