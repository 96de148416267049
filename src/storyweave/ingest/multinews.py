"""Multi-News style inputs: several articles in one text, separated by ``|||||``.

Multi-News (Fabbri et al., 2019) stores a story's source articles as one string joined
with ``|||||``; its preprocessed release uses ``story_separator_special_tag``. Each part
becomes its own document, numbered from 1: ``file.txt#2`` is the second article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import RawDocument, Skip

#: The separators alone: white space around them is stripped from the parts, not
#: matched (``\s*`` before the separator made a search retry a long run of spaces at
#: each of its positions: quadratic time).
SEPARATOR = re.compile(r"\|{5}|story_separator_special_tag")


def has_separator(text: str) -> bool:
    """Whether ``text`` joins several articles with a Multi-News separator."""
    return "|||||" in text or "story_separator_special_tag" in text


def split(text: str, name: str) -> Iterator[RawDocument | Skip]:
    """The articles joined in ``text``, as documents named ``name#1``, ``name#2``, ...

    Empty parts between two separators are reported as skipped (a scrape that came back
    empty); a separator at the very start or end of the text is only a separator.
    """
    parts = SEPARATOR.split(text)
    while parts and not parts[-1].strip():
        parts.pop()
    while parts and not parts[0].strip():
        parts.pop(0)
    for number, part in enumerate(parts, 1):
        part = part.strip()
        path = f"{name}#{number}"
        if part:
            yield RawDocument(path=path, content=part, kind="text")
        else:
            yield Skip(path, "empty article between ||||| separators")
