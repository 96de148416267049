"""No cleaning pattern takes super-linear time: each is timed on long adversarial lines.

The archive-service notice pattern took quadratic time (a 50 kB line: 17 s, holding
the web server). Every line pattern of ``cleaning.patterns`` (and the cleaner's own) is
searched on 100 kB lines of one character and of repeats of the pattern's own literals
(``regex_adversary``), as written and lower-cased (the cleaner runs most on the
lower-cased line). The bound is generous (a linear pattern takes milliseconds; the old
quadratic one took a minute); what matches is pinned by the cleaning tests and
``benchmarks/bench_clean.py``, which give the same figures as before the rewrite.
"""

from __future__ import annotations

import re
import time

import pytest
from regex_adversary import SINGLE_CHARS, literals

from storyweave.clean import page as cleaner
from storyweave.clean import patterns

SIZE = 100_000
#: Seconds one search may take on a 100 kB line (linear patterns: 1-300 ms here).
BOUND = 2.0


def all_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = [(f"LINE_PATTERNS[{i}] {kind}", p) for i, (kind, p) in enumerate(patterns.LINE_PATTERNS)]
    for name in ("SECTION_MARKER", "COMMENTS_MARKER", "ERROR_PAGE", "ARCHIVE_SERVICE"):
        found.append((name, getattr(patterns, name)))
    found += [(f"SYNDICATION[{i}]", p) for i, p in enumerate(patterns.SYNDICATION)]
    found += [(f"OUTLET[{i}]", p) for i, p in enumerate(patterns.OUTLET)]
    found += [(f"clean.page._DATE_PATTERNS[{i}]", p) for i, p in enumerate(cleaner._DATE_PATTERNS)]
    found += [(f"clean.{n}", v) for n, v in sorted(vars(cleaner).items())
              if isinstance(v, re.Pattern) and v not in {p for _, p in found}]
    return found


def lines_for(pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    out = [(f"{ch!r} x {SIZE}", ch * SIZE) for ch in SINGLE_CHARS]
    out.append(("words", ("word " * (SIZE // 5))[:SIZE]))
    for lit in sorted(literals(pattern), key=len, reverse=True)[:8]:
        for joiner in ("", " ", "."):
            piece = lit + joiner
            out.append((f"{lit!r}+{joiner!r}", (piece * (SIZE // len(piece) + 1))[:SIZE]))
    return out


@pytest.mark.parametrize(("name", "pattern"), all_patterns(), ids=[n for n, _ in all_patterns()])
def test_harden_pattern_is_linear_on_adversarial_lines(name, pattern):
    slowest = (0.0, "")
    for label, line in lines_for(pattern):
        for text in (line, line.lower()):
            start = time.perf_counter()
            pattern.search(text)
            took = time.perf_counter() - start
            slowest = max(slowest, (took, label))
    assert slowest[0] < BOUND, f"{name} took {slowest[0]:.2f} s on {slowest[1]}"


def test_harden_archive_service_matches_as_before():
    """The anchored rewrite matches exactly the lines the unanchored pattern matched."""
    old = re.compile(patterns.ARCHIVE_SERVICE.pattern.removeprefix("^"), re.IGNORECASE)
    lines = [
        "The Internet Archive crawls the web and keeps snapshots.",
        "Wayback Machine captured this page",
        "archive.org has no crawl of it",
        "We love the internet archive.",
        "The crawler came.\nThe Internet Archive said so.",  # two lines: neither has both
        "Common Crawl: WARCs of the web",
        "snapshot of the Internet Archive, then more text",
        "a web archiving service and its broken links",
        "",
    ]
    for line in lines:
        assert bool(patterns.ARCHIVE_SERVICE.search(line)) == bool(old.search(line)), line


@pytest.mark.parametrize("line", [
    "x" * 1_000_000,
    "er " * 300_000,
    "credit " * 150_000,
    "internet archive " * 60_000,
    " " * 500_000 + "x",
    "|||||" + " " * 500_000 + "x",
])
def test_harden_cleaner_takes_linear_time_on_a_long_line(line):
    """The whole cleaner (every pattern, the page checks, the Multi-News split) on a 1 MB line."""
    from storyweave.ingest.multinews import has_separator, split
    from storyweave.records import RawDocument

    start = time.perf_counter()
    cleaner.clean(RawDocument(path="x.txt", content="Title line\n" + line))
    if has_separator(line):
        list(split(line, "x.txt"))
    assert time.perf_counter() - start < 10 * BOUND
