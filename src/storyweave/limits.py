"""The limits that keep hostile or broken input from crashing or stalling a run.

Each limit turns what used to be a traceback or a hang into a one-line skip that names
the input and the reason (or, for paragraphs, into a bounded split):

========================  ==========================================================
limit                     what it stops
========================  ==========================================================
``Config.max_file_mb``    a file read whole (text, HTML, JSON, feed) bigger than it,
                          a JSON line or a WARC record bigger than it (CLI flag
                          ``--max-file-mb``): memory and time spent on one input
(the JSON parser's own)   JSON nested deeper than ``json`` can parse (100,000 ``[``
                          raised ``RecursionError``): refused as not article records
``MAX_NUMBER_DIGITS``     longer JSON integers are not read as numbers (a 5,000-digit
                          ``published`` raised Python's int conversion limit)
``MAX_LINE_CHARS``        a plain-text line longer than this: not article text (a
                          12 MB file on one line)
``PARAGRAPH_MAX_CHARS``   longer clean paragraphs are cut at sentence ends (spaCy
                          refuses texts over its ``max_length``: error E088, which
                          made a stored article fail every later brief)
``READ_SECONDS``          a reader that takes longer to give its next document (or
                          skip) stops, and the input is skipped
``CLEAN_SECONDS``         cleaning one document for longer skips it
========================  ==========================================================

The two time bounds are a backstop: the limits above and linear-time patterns keep
every known input far below them (the slowest of 10^5 fuzzed inputs takes seconds).
They use ``SIGALRM``, so they hold in the main thread of a Unix process (the CLI); in
other threads and where a timer is already set they are not armed.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Default of ``Config.max_file_mb``. News pages are 0.05-3 MB, feeds under 1 MB; a
#: bigger file read whole is almost always something else (a dump, a log, a disk image).
#: JSON Lines files and WARC archives are streamed, so the limit applies to each line
#: or record, not to the file.
MAX_FILE_MB = 50

#: A JSON integer of more digits is read as "not a number" (no date or count has
#: 100 digits; Python refuses to convert more than 4,300 and is slow well before).
MAX_NUMBER_DIGITS = 100

#: A plain-text line longer than this makes the text "not article text". The longest
#: paragraph of a real article is a few thousand characters; a Multi-News document (a
#: whole article on one line) is rarely over 100,000.
MAX_LINE_CHARS = 1_000_000

#: Clean paragraphs longer than this are cut into pieces, at a sentence end when there
#: is one in the last quarter of the piece, else at a space, else anywhere. Far below
#: spaCy's ``max_length`` (set to 2,000,000 in ``nlp``), so every piece can be parsed.
PARAGRAPH_MAX_CHARS = 100_000

#: Seconds a reader may take to give its next document or skip (see the table above).
READ_SECONDS = 60.0
#: Seconds cleaning one document may take.
CLEAN_SECONDS = 60.0

_SURROGATES = re.compile("[\ud800-\udfff]")
_LONG_LINE = re.compile(f"[^\n]{{{MAX_LINE_CHARS + 1}}}")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")


class TimeBoundExceeded(BaseException):
    """Raised inside work that ran over its time bound.

    A ``BaseException``, so the ``except Exception`` of a parser that recovers from its
    own errors cannot swallow it and carry on.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"over {seconds:g} s")
        self.seconds = seconds


@contextmanager
def time_bound(seconds: float | None) -> Iterator[None]:
    """Interrupt the body with ``TimeBoundExceeded`` after ``seconds`` (see the module doc)."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0  # someone else's timer: leave it
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeBoundExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (a JSON ``\\ud800``, a feed's ``&#55296;``, a
    caller's string) replaced by U+FFFD, as a decoder replaces a broken character;
    such text cannot be encoded, so storing, hashing or printing it failed later."""
    if _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub("\ufffd", text)


def mb(n_bytes: int) -> str:
    """A byte count as megabytes for a message ("12.3 MB")."""
    return f"{n_bytes / 1_000_000:,.1f} MB"


def long_line(text: str) -> str | None:
    """Why ``text`` has a line too long to be article text, or ``None``."""
    match = _LONG_LINE.search(text)
    if match is None:
        return None
    start = match.start()
    end = text.find("\n", start)
    length = (len(text) if end < 0 else end) - start
    line = text.count("\n", 0, start) + 1
    return (
        f"line {line} is {length:,} characters long, over the {MAX_LINE_CHARS:,} a line of "
        "article text may have (text without line breaks is not an article)"
    )


def bounded_paragraphs(paragraph: str, limit: int = PARAGRAPH_MAX_CHARS) -> Iterator[str]:
    """``paragraph`` cut into stripped pieces of at most ``limit`` characters."""
    rest = paragraph
    while len(rest) > limit:
        window = rest[:limit]
        cut = 0
        for match in _SENTENCE_END.finditer(window, limit * 3 // 4):
            cut = match.end()
        if not cut:
            cut = window.rfind(" ", limit * 3 // 4) + 1
        if cut <= 0:
            cut = limit
        piece = rest[:cut].strip()
        if piece:
            yield piece
        rest = rest[cut:]
    rest = rest.strip()
    if rest:
        yield rest
