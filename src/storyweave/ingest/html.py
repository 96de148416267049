"""HTML pages: the markup as read, plus the title, outlet, URL and date its ``<meta>`` tags give.

The main text is extracted later, by cleaning (trafilatura); here trafilatura's metadata
reader (``extract_metadata``, about 1 ms a page) fills what the container did not say.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..records import RawDocument, Skip
from .decode import read_text
from .fields import clean_string, is_full_page, normalize_date
from .source import Source


def read(source: Source) -> Iterator[RawDocument | Skip]:
    """One document for an HTML file, decoded as UTF-8 or the charset it declares."""
    markup = read_text(source, markup=True)
    if isinstance(markup, Skip):
        yield markup
        return
    if not markup.strip():
        yield Skip(source.name, "empty file (only white space)")
        return
    yield document(source.name, markup)


def document(
    name: str,
    markup: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
) -> RawDocument:
    """An HTML document; metadata given by the container wins over the page's own tags."""
    if is_full_page(markup) and not (title and url and outlet and published):
        meta = page_metadata(markup, url)
        title = title or meta.get("title")
        url = url or meta.get("url")
        outlet = outlet or meta.get("outlet")
        published = published or meta.get("published")
    return RawDocument(
        path=name,
        content=markup,
        kind="html",
        title=title,
        url=url,
        outlet=outlet,
        published=published,
    )


def page_metadata(markup: str, url: str | None = None) -> dict[str, Any]:
    """Title, canonical URL, site name and publication date from a page's markup.

    Dates come from the page's markup and URL only (htmldate without its extensive
    search), since a date guessed from the body text is often a date the story mentions.
    """
    from trafilatura.metadata import extract_metadata

    try:
        meta = extract_metadata(markup, default_url=url, extensive=False)
    except Exception:  # lxml and htmldate raise assorted errors on broken pages
        return {}
    return {
        "title": clean_string(meta.title),
        "url": clean_string(meta.url),
        "outlet": clean_string(meta.sitename),
        "published": normalize_date(meta.date),
    }
