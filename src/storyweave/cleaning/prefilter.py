"""Substrings a regular expression's every match must contain: a cheap test before the search.

The cleaner runs some forty line patterns on every line of every page, and nearly all
lines (the article's own sentences) match none of them. Python's ``re`` cannot skip
ahead to a pattern that opens with ``\\b`` and an alternation, so each search tries every
position of the line. ``required_substrings`` reads a pattern's parse tree and returns a
set of strings such that any match contains at least one of them; when a line holds
none, the search cannot succeed and is skipped. This is the "prefilter" idea of RE2 and
Hyperscan, for the few constructs line patterns use: the result only ever skips searches
that would fail, so which lines match is unchanged (tested).
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = tuple(op for op in (getattr(_c, name, None) for name in
                               ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")) if op is not None)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


def required_substrings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or ``None`` when the
    pattern gives no such set (then the search must always run).

    Case-insensitive patterns give ``None``: their literals would have to be folded.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    return _sequence(_p.parse(pattern.pattern, pattern.flags))


def _sequence(items: Any) -> frozenset[str] | None:
    """A match of a sequence matches each of its items, so any item's set will do: the
    most selective one is kept (longest shortest string, then fewest strings)."""
    choices: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:  # consecutive literals are one string
            run.append(chr(av))
            continue
        if run:
            choices.append(frozenset(["".join(run)]))
            run = []
        found = _item(op, av)
        if found:
            choices.append(found)
    if run:
        choices.append(frozenset(["".join(run)]))
    if not choices:
        return None
    return max(choices, key=lambda s: (min(map(len, s)), -len(s)))


def _item(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.SUBPATTERN:  # a group: (group, flags added, flags removed, body)
        _, added, _, body = av
        return None if added & re.IGNORECASE else _sequence(body)
    if op is _c.BRANCH:  # a match of an alternation is a match of one branch
        branches = [_sequence(b) for b in av[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]
    if op in _REPEATS:  # (min, max, body): only a body that must occur counts
        low, _, body = av
        return _sequence(body) if low >= 1 else None
    if _ATOMIC is not None and op is _ATOMIC:
        return _sequence(av)
    return None  # classes, any character, anchors, look-arounds: nothing required
