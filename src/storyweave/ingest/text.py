"""Plain text files (raw scraped text), kept exactly as read; cleaning comes later."""

from __future__ import annotations

from collections.abc import Iterator

from ..records import RawDocument, Skip
from . import multinews
from .decode import read_text
from .source import Source


def read(source: Source) -> Iterator[RawDocument | Skip]:
    """One document for the file, or one per article when it is Multi-News style.

    The content is the decoded text unchanged (line ends and white space included), so
    offsets computed by later stages refer to what the user gave. A ``.txt`` file that is
    really a saved web page (it starts with ``<!doctype html`` or ``<html``) is read as HTML.
    """
    text = read_text(source)
    if isinstance(text, Skip):
        yield text
        return
    yield from documents(text, source.name)


def documents(text: str, name: str) -> Iterator[RawDocument | Skip]:
    """The documents in an already decoded text (a file, standard input, a JSON field)."""
    if not text.strip():
        yield Skip(name, "empty file (only white space)")
        return
    start = text.lstrip()[:20].lower()
    if start.startswith(("<!doctype html", "<html")):
        from . import html

        yield html.document(name, text)
    elif multinews.has_separator(text):
        yield from multinews.split(text, name)
    else:
        yield RawDocument(path=name, content=text, kind="text")
