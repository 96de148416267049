"""Metadata helpers shared by the readers: ISO dates, markup detection, tidy strings."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

# Opening or closing tags of the elements an article's markup is made of.
_TAG = re.compile(
    r"</?(?:html|head|body|article|section|div|p|br|span|a|h[1-6]|ul|ol|li|table|tr|td|"
    r"blockquote|em|strong|figure|img|main|header|footer|nav)\b[^<>]*>",
    re.IGNORECASE,
)
_FULL_PAGE = re.compile(r"<(?:!doctype\s+html|html|head|meta)\b", re.IGNORECASE)
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")

# Two defaults that differ in every field tell which fields a date string really gave.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)


def looks_like_markup(text: str) -> bool:
    """HTML rather than prose: a whole page, or at least two article tags (one stray ``<br>`` is not)."""
    if is_full_page(text):
        return True
    count = 0
    for _ in _TAG.finditer(text[:50000]):
        count += 1
        if count >= 2:
            return True
    return False


def is_full_page(markup: str) -> bool:
    """Whether ``markup`` is a whole page (worth reading ``<meta>`` tags from), not a fragment."""
    return _FULL_PAGE.search(markup[:20000]) is not None


def clean_string(value: Any) -> str | None:
    """A one-line metadata string, or ``None`` for anything empty or not a string."""
    if isinstance(value, dict):
        for key in ("name", "rendered", "text", "value", "title", "href"):
            if isinstance(value.get(key), str):
                value = value[key]
                break
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def normalize_date(value: Any) -> str | None:
    """An ISO 8601 date (``YYYY-MM-DD``) or date-time for ``value``, or ``None``.

    Accepts ISO strings, RFC 822 feed dates, common written dates ("13 Oct 2016"),
    Unix timestamps (seconds or milliseconds) and dates in other languages. A value
    without a day, month and year ("Thursday", "October 2016", "2 hours ago") gives
    ``None``: a guess would be worse than no date. Date-only values stay date-only.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return _from_epoch(float(value))
        except (OverflowError, ValueError):  # an integer too big for a float; NaN
            return None
    text = clean_string(value)
    if not text or len(text) > 100:
        return None
    return _normalize_text_date(text)


@lru_cache(maxsize=4096)  # records of one feed or crawl share their dates
def _normalize_text_date(text: str) -> str | None:
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    if _ISO.match(text):  # the common case, ten times faster than dateutil
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return _plausible(moment, with_time=len(text) > 10)
    return _with_dateutil(text) or _with_dateparser(text)


def _from_epoch(seconds: float) -> str | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000.0
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return _plausible(moment, with_time=True)


def _with_dateutil(text: str) -> str | None:
    from dateutil import parser

    try:
        with warnings.catch_warnings():  # "tzname X identified but not understood" went
            warnings.simplefilter("ignore")  # to stderr: a library prints nothing
            first = parser.parse(text, default=_DEFAULT_A)
            second = parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # the string did not give a full date
    return _plausible(first, with_time=first.hour == second.hour)


_DIGITS = re.compile(r"\d+")


def _with_dateparser(text: str) -> str | None:
    # A full date has its day and year in digits in every language dateparser reads;
    # without two numbers it cannot succeed, yet it would try each of its 200 locales,
    # compiling their patterns on first use (9 s for one "published": "x").
    if len(_DIGITS.findall(text)) < 2:
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    settings = {
        # Relative expressions ("2 hours ago") would resolve against today: not reproducible.
        "PARSERS": ["absolute-time", "custom-formats", "timestamp"],
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    try:
        moment = dateparser.parse(text, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None
    return _plausible(moment, with_time=False) if moment else None


def _plausible(moment: datetime, *, with_time: bool) -> str | None:
    if not 1900 <= moment.year <= 2100:
        return None
    if not with_time:
        return moment.date().isoformat()
    return moment.isoformat()
