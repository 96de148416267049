"""Saved RSS and Atom feeds: each entry becomes a document (its content, else its summary).

Feeds are small, so the file is parsed whole with feedparser. An entry's ``content``
(Atom content, RSS ``content:encoded``) is preferred to its ``summary``/``description``,
which is often a teaser. The outlet is the feed's own title. Paths are ``feed.xml#N``.
"""

from __future__ import annotations

import codecs
import html as html_escapes
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..errors import InputError
from ..records import RawDocument, Skip
from . import html
from .fields import clean_string, looks_like_markup, normalize_date
from .source import Source

# A numeric character reference: ``&#55296;`` (a surrogate), ``&#0;`` and ``&#x110000;``
# name no character XML allows, and feedparser failed on them with a traceback.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]{1,12})|([0-9]{1,20}));")
_XML_DECL_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]{0,200}?encoding\s*=\s*["'])([^"']{0,100})(["'])""")
# An RSS image's <width> and <height> (never needed for articles): feedparser raised
# TypeError on a stray closing tag, so they are taken out, whole or stray.
_IMAGE_SIZE = re.compile(rb"<(width|height)\s*>[^<]{0,100}</\1\s*>|</?(?:width|height)\s*/?>")
# A tag of any element: a feed description without one is plain text, whatever its type.
_ANY_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


def _valid_char(code: int) -> bool:
    """Whether XML 1.0 allows the character ``code`` (a tab, a line end, or text)."""
    if code in (0x9, 0xA, 0xD):
        return True
    return 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _fix_char_ref(match: re.Match[bytes]) -> bytes:
    hex_digits, digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(digits)
    return match.group() if _valid_char(code) else b"&#65533;"


def _text_encoding(name: str) -> bool:
    """Whether ``name`` is an encoding Python decodes text with (not ``rot13``, ``hex``,
    ``undefined``, ``unicode_escape``: codecs feedparser would try and fail on)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return False
    unsafe = {"undefined", "unicode_escape", "raw_unicode_escape", "unicode_internal", "punycode", "idna"}
    return bool(getattr(info, "_is_text_encoding", True)) and info.name not in unsafe


def prepare(data: bytes) -> tuple[bytes, str | None]:
    """The feed's bytes made safe for feedparser, and what was changed (for a notice).

    Invalid character references become U+FFFD, RSS image sizes are dropped (a stray
    ``</width>`` crashed feedparser), and an XML declaration that names an
    encoding Python cannot decode text with is taken out (the bytes are then read as
    UTF-8, as XML says an undeclared document is).
    """
    note = None
    if b"&#" in data:
        data = _CHAR_REF.sub(_fix_char_ref, data)
    if b"width" in data or b"height" in data:
        data = _IMAGE_SIZE.sub(b"", data)
    match = _XML_DECL_ENCODING.match(data)
    if match:
        label = match.group(2).decode("ascii", "replace").strip()
        if not _text_encoding(label):
            data = data[: match.start(2)] + b"utf-8" + data[match.end(2) :]
            note = f"unknown XML encoding {label!r}, read as UTF-8"
    return data, note


def read(source: Source) -> Iterator[RawDocument | Skip]:
    """The entries of an RSS or Atom feed, in the feed's order."""
    import feedparser

    try:
        data = source.read_all()
    except InputError as exc:
        yield Skip(exc.path, exc.reason)
        return
    except OSError as exc:
        yield Skip(source.name, f"cannot read ({exc.strerror or exc})")
        return
    data, note = prepare(data)
    # Relative links are resolved against the feed's own base; never against the network.
    try:
        parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # feedparser raises assorted errors on broken feeds
        message = " ".join(str(exc).split())[:120] or type(exc).__name__
        yield Skip(source.name, f"broken feed XML: the feed parser failed ({type(exc).__name__}: {message})")
        return
    entries = parsed.get("entries") or []
    problem = note
    if parsed.get("bozo") and not (note and "declared as" in str(parsed.get("bozo_exception", ""))):
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
    if ("html" in content_type and _ANY_TAG.search(body)) or looks_like_markup(body):
        return html.document(name, body, title=title, url=url, outlet=outlet, published=published)
    if "html" in content_type:  # typed HTML but plain text: only its entities are markup
        body = html_escapes.unescape(body)
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
