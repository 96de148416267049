"""Saved RSS and Atom feeds: each entry becomes a document (its content, else its summary).

Feeds are small, so the file is parsed whole with feedparser. An entry's ``content``
(Atom content, RSS ``content:encoded``) is preferred to its ``summary``/``description``,
which is often a teaser. The outlet is the feed's own title. Paths are ``feed.xml#N``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..records import RawDocument, Skip
from . import html
from .fields import clean_string, looks_like_markup, normalize_date
from .source import Source


def read(source: Source) -> Iterator[RawDocument | Skip]:
    """The entries of an RSS or Atom feed, in the feed's order."""
    import feedparser

    try:
        data = source.read_all()
    except OSError as exc:
        yield Skip(source.name, f"cannot read ({exc.strerror or exc})")
        return
    # Relative links are resolved against the feed's own base; never against the network.
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    entries = parsed.get("entries") or []
    problem = None
    if parsed.get("bozo"):
        problem = " ".join(str(parsed.get("bozo_exception", "")).split()) or "unreadable"
    if not entries:
        if problem:
            yield Skip(source.name, f"broken feed XML: {problem}")
        elif not parsed.get("version"):
            yield Skip(source.name, "not an RSS or Atom feed (no <rss> or <feed> root element)")
        else:
            yield Skip(source.name, "feed has no entries")
        return
    outlet = clean_string(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, 1):
        item = _entry(entry, f"{source.name}#{number}", outlet)
        if isinstance(item, Skip) and problem:
            # The loose parser recovered what it could; say why this entry came out empty.
            item = Skip(item.path, f"{item.reason} (broken feed XML: {problem})")
        yield item


def _entry(entry: Any, name: str, outlet: str | None) -> RawDocument | Skip:
    body, content_type = _body(entry)
    if not body or not body.strip():
        return Skip(name, "feed entry has no content or summary")
    title = clean_string(entry.get("title"))
    url = clean_string(entry.get("link"))
    source = entry.get("source") or {}
    outlet = clean_string(source.get("title")) or outlet
    published = _date(entry)
    if "html" in content_type or looks_like_markup(body):
        return html.document(name, body, title=title, url=url, outlet=outlet, published=published)
    return RawDocument(
        path=name, content=body, kind="text", title=title, url=url, outlet=outlet, published=published
    )


def _body(entry: Any) -> tuple[str, str]:
    """The longest of the entry's content values, else its summary, with the content type."""
    contents = [c for c in entry.get("content") or [] if isinstance(c.get("value"), str)]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        return best["value"], str(best.get("type") or "text/html")
    summary = entry.get("summary")
    if isinstance(summary, str):
        detail = entry.get("summary_detail") or {}
        return summary, str(detail.get("type") or "text/html")
    return "", ""


def _date(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        value = normalize_date(entry.get(key))
        if value:
            return value
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    return None
