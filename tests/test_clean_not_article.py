"""Pages with text that are not articles: error pages and web archives' notices."""

from __future__ import annotations

from pathlib import Path

from storyweave.clean import NOTICE_MAX_WORDS, clean
from storyweave.corpus import Store, ingest
from storyweave.records import Article, RawDocument, Skip

REPORT = (
    "Firefighters in the northern town of Eastfield spent Saturday night fighting a blaze "
    "that destroyed a timber warehouse and forced the evacuation of forty homes nearby.",
    "The fire service said six crews attended and that nobody was hurt, although two "
    "firefighters were treated for smoke inhalation at the scene.",
    "Residents were allowed back into their homes on Sunday morning, and the cause of the "
    "fire is being investigated by the police and the county fire officer.",
)

MORE = (
    "The warehouse belonged to a family firm that has sold timber and building supplies in "
    "Eastfield since 1952, and its owner said the stock lost was worth about 300,000 pounds.",
    "Neighbours described seeing flames above the roof shortly after ten o'clock, and a thick "
    "column of smoke that could be seen from the motorway several miles to the west.",
    "The council opened the community hall for the evacuated families overnight, and a local "
    "bakery brought bread and tea for the residents and the crews in the early hours.",
    "The road past the site will stay closed until engineers have checked the remaining walls, "
    "which the fire service said could collapse, and buses are being diverted around the town.",
)

ERROR_PAGES = [
    "Oops!\n\nThe page you are looking for could not be found.\n\n"
    "It may have been moved, or the address may be mistyped. Try the search box above, "
    "or go back to our home page to find the latest news and sport from your area.",
    "Error 404\n\nWe can't find the page you asked for. Please check the address, "
    "browse our sections or search the site for the story you want to read today.",
    "Sorry, this article is no longer available.\n\nBrowse the latest headlines from our "
    "newsroom on the front page, or sign up for the morning newsletter to get them daily.",
]

ARCHIVE_NOTICE = (
    "Web captures in this collection were gathered by the Internet Archive's crawlers, which "
    "visit news sites every day and save snapshots of their front pages and the pages they "
    "link to. The captures are added to the Wayback Machine after a delay so that researchers "
    "and the public can see how a page looked on a given day, and so that broken links can "
    "be replaced with a link to the archived page."
)


def _doc(text: str, path: str = "page.txt") -> RawDocument:
    return RawDocument(path=path, content=text)


def test_clean_error_pages_are_skipped_as_not_articles():
    for text in ERROR_PAGES:
        out = clean(_doc(text, "missing.html"))
        assert isinstance(out, Skip), text
        assert out.path == "missing.html"
        assert out.reason.startswith("not an article: an error page")


def test_clean_archive_notice_is_skipped_as_not_an_article():
    out = clean(_doc(ARCHIVE_NOTICE, "capture.txt"))
    assert isinstance(out, Skip)
    assert out.reason.startswith("not an article: a web archive's notice")


def test_clean_error_notice_refuses_a_short_page_but_not_a_full_article():
    # under NOTICE_MAX_WORDS (this one is about 80 words) the notice says what the page is
    text = "\n\n".join([*REPORT, "Sorry, the page you requested was not found."])
    out = clean(_doc(text))
    assert isinstance(out, Skip)
    # a full article whose page also carried the notice stays an article, notice dropped
    long_report = (*REPORT, *MORE)
    assert sum(len(p.split()) for p in long_report) >= NOTICE_MAX_WORDS
    kept = clean(_doc("\n\n".join([*long_report, "Sorry, the page you requested was not found."])))
    assert isinstance(kept, Article)
    assert kept.paragraphs == long_report


def test_clean_articles_about_archives_and_404s_are_kept():
    about = (
        "The Internet Archive said on Monday that its Wayback Machine had saved its "
        "trillionth web capture, 25 years after the non-profit library began to crawl the "
        "web from a former church in San Francisco.",
        "Brewster Kahle, who founded the archive in 1996, said the crawls were needed "
        "because the average web page changes or vanishes within a few months, leaving "
        "readers of old news stories facing error 404 where a source used to be.",
        "The library, which is funded by donations and grants, now stores more than 100 "
        "petabytes, and researchers, journalists and courts use its snapshots to show what "
        "a page said on a given day, said Mark Graham, who directs the Wayback Machine.",
        "Publishers have mixed feelings: some ask the archive to remove their pages, while "
        "others rely on it to keep their own back issues readable after a redesign.",
        "The archive also lost a copyright case brought by four book publishers last year "
        "over its lending of scanned books, a ruling it is appealing in federal court.",
    )
    assert sum(len(p.split()) for p in about) >= NOTICE_MAX_WORDS
    out = clean(_doc("\n\n".join(about)))
    assert isinstance(out, Article)
    assert out.paragraphs == about
    report = clean(_doc("\n\n".join(REPORT)))
    assert isinstance(report, Article)


def test_corpus_store_records_why_a_page_is_not_an_article(tmp_path: Path):
    good = _doc("\n\n".join(REPORT), "fire.txt")
    docs = [good, _doc(ERROR_PAGES[0], "gone.html"), _doc(ARCHIVE_NOTICE, "wayback.txt")]
    with Store(tmp_path / "c.sqlite") as store:
        report = ingest(docs, store)
        assert report.added == 1
        reasons = {r["path"]: r["reason"] for r in store.skips()}
    assert reasons["gone.html"].startswith("not an article: an error page")
    assert reasons["wayback.txt"].startswith("not an article: a web archive's notice")
    assert "fire.txt" not in reasons


def test_clean_html_error_page_is_skipped_as_not_an_article():
    html = (
        "<html><head><title>Page not found | The Riverside Gazette</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav><main>'
        "<h1>Sorry, we can't find that page</h1>"
        "<p>The page you were looking for may have been moved or deleted, or the link you "
        "followed may be broken.</p><p>Try searching the site, or start again from our home "
        "page, where you will find the latest news, sport and weather for Riverside.</p>"
        "</main><footer>Copyright 2021 The Riverside Gazette</footer></body></html>"
    )
    out = clean(RawDocument(path="gone.html", content=html, kind="html"))
    assert isinstance(out, Skip)
    assert out.reason.startswith("not an article: an error page")
