"""Adversarial lines for regular expressions: what makes a backtracking matcher slow.

For a pattern, ``adversarial_lines`` gives long lines of one character (letters, spaces,
punctuation the patterns use) and long repeats of fragments of the pattern's own
literals (so every branch starts matching at every position and fails late). Used by
the pattern timing test and by ``benchmarks/bench_fuzz.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

SINGLE_CHARS = "a A . / ( ) | : - © 1 _".split() + [" ", "’", "\t"]


def literals(pattern: re.Pattern[str]) -> list[str]:
    """The runs of literal characters in ``pattern``'s parse tree (each at least 2 long)."""
    found: list[str] = []

    def walk(items: Any) -> None:
        run: list[str] = []
        for op, av in items:
            if op is _c.LITERAL:
                run.append(chr(av))
                continue
            if len(run) >= 2:
                found.append("".join(run))
            run = []
            if op is _c.SUBPATTERN:
                walk(av[-1])
            elif op is _c.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
                walk(av[2])
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                walk(av[1])
            elif op is getattr(_c, "ATOMIC_GROUP", None):
                walk(av)
        if len(run) >= 2:
            found.append("".join(run))

    walk(_p.parse(pattern.pattern, pattern.flags))
    return sorted(set(found))


def adversarial_lines(pattern: re.Pattern[str], size: int = 100_000) -> Iterator[tuple[str, str]]:
    """(label, line) pairs of about ``size`` characters that stress ``pattern``."""
    for ch in SINGLE_CHARS:
        yield f"{ch!r} x {size}", ch * size
    yield "words", ("word " * (size // 5))[:size]
    yield "Capitalised words", ("Word " * (size // 5))[:size]
    lits = literals(pattern)
    for lit in lits[:40]:
        for joiner in ("", " ", "/", "."):
            piece = lit + joiner
            yield f"{lit!r}+{joiner!r} repeated", (piece * (size // len(piece) + 1))[:size]
    if lits:
        mixed = " ".join(lits)
        yield "all literals repeated", (mixed * (size // max(len(mixed), 1) + 1))[:size]
