"""Text that must not reach a page as it is: bidi overrides, lone surrogates, bad dates.

HTML escaping (Jinja's autoescape) stops markup, but not the Unicode controls that
reorder what a reader sees: a right-to-left override inside a title or a file name
makes ``txt.exe`` look like ``exe.txt`` and can turn a whole list around. Every page
body goes through ``neutral_html`` (each control becomes a visible ``[U+202E]``) and
every JSON body through ``neutral_json`` (each becomes the escape ``\\u202e``, so the
data is kept). A lone surrogate cannot be encoded as UTF-8 at all: an upload holding
one is refused (``first_surrogate``), and the encoders replace any that slip by, so
one bad article never turns every page into a 500.
"""

from __future__ import annotations

import re
from datetime import date

from ..records import Article
from ..render.common import BIDI_CONTROLS, show_bidi

SURROGATE = re.compile("[\ud800-\udfff]")


def neutral_html(page: str) -> bytes:
    """A rendered page as UTF-8, every bidi control shown as ``[U+XXXX]``."""
    return show_bidi(page).encode("utf-8", "replace")


def neutral_json(text: str) -> bytes:
    """Serialised JSON as UTF-8, every bidi control written as its ``\\uXXXX`` escape
    (inside JSON strings, the only place such a character can be, that is the same
    value)."""
    text = BIDI_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.encode("utf-8", "replace")


def first_surrogate(articles: list[Article]) -> tuple[Article, str] | None:
    """The first article (and which part of it) holding a lone surrogate, if any."""
    for art in articles:
        for part, value in (
            ("title", art.title),
            ("outlet", art.outlet),
            ("date", art.published),
            ("url", art.url),
            ("text", art.text),
            ("boilerplate", "\n".join(art.dropped)),
        ):
            if value and SURROGATE.search(value):
                return art, part
    return None


def bad_date(name: str, value: str | None) -> str | None:
    """Why ``value`` is not a usable ``since``/``until`` date, or ``None`` when it is."""
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"{name}: must be a date YYYY-MM-DD (e.g. 2016-12-13), got {value[:40]!r}"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{name}: {value} is not a day of the calendar (month 01-12, day within the month)"
    return None
