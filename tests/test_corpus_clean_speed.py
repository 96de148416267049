"""The cleaner's fast line-pattern tables (used on the ingest hot path) agree with the
patterns as written: same kind for every line, special case-folding letters included."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave import clean
from storyweave.cleaning.patterns import LINE_PATTERNS
from storyweave.records import normalize

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "aleppo-2016"

CRAFTED = [
    "Photo: Getty Images", "PHOTO BY AFP", "(Photo by John Smith/Reuters)", "Share this article",
    "SUBSCRIBE NOW to our daily newsletter", "Copyright 2016 The Associated Press. All rights reserved.",
    "Reprinted with permission from Al Jazeera", "Click here to read more", "© 2016 Reuters",
    "İstanbul, Photo: Getty", "ımage credit: agency", "ſubscribe now", "Kelvin \u212a share this story",
    "The ceasefire held overnight, officials said, as aid convoys waited at the crossing.",
    "We’d love to hear from you", "Read more » Aleppo – what now?", "…(David Warren / Staff Photographer)",
]


def _kind_by_patterns(norm: str, n_words: int) -> str | None:
    for kind, pattern in LINE_PATTERNS:
        if kind in clean._SHORT_ONLY and n_words > clean.PITCH_MAX_WORDS:
            continue
        if pattern.search(norm):
            return kind
    return None


def _kind_by_tables(norm: str, n_words: int) -> str | None:
    if clean._SPECIAL_CASE.search(norm) is None:
        table, lower = clean._LINE_PATTERNS_FAST, norm.lower()
    else:
        table, lower = clean._LINE_PATTERNS_EXACT, norm
    for kind, parts in table:
        if kind in clean._SHORT_ONLY and n_words > clean.PITCH_MAX_WORDS:
            continue
        if any(p.search(lower if on_lower else norm) for p, on_lower in parts):
            return kind
    return None


def test_fast_tables_agree_with_the_written_patterns() -> None:
    lines = list(CRAFTED)
    for path in sorted(EXAMPLES.rglob("*.txt")):
        lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    lines = [normalize(x) for x in lines if x.strip()]
    assert len(lines) > len(CRAFTED)
    kinds = set()
    for norm in lines:
        n = len(norm.split())
        expected = _kind_by_patterns(norm, n)
        assert _kind_by_tables(norm, n) == expected, norm
        kinds.add(expected)
    assert {"caption", "share", "subscription", "copyright"} <= kinds  # the crafted lines bite


@pytest.mark.parametrize("source, convertible", [
    (r"\bclick here\b", True), (r"^\W*share\b", True), (r"\x41bc", False),
    (r"Photo", False), (r"caf\u00e9", False), ("we’d", True),
])
def test_only_case_blind_sources_run_on_the_lower_cased_line(source: str, convertible: bool) -> None:
    assert clean._lower_case_source(source) is convertible
