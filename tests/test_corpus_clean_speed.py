"""The cleaner's fast line-pattern tables (used on the ingest hot path) agree with the
patterns as written: same kind for every line, special case-folding letters included,
and the substring prefilter never skips a search that would have matched."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.clean import page as clean
from storyweave.clean import prefilter
from storyweave.clean.patterns import LINE_PATTERNS
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
        assert clean._table_kind(norm, n) == expected, norm
        kinds.add(expected)
    assert {"caption", "share", "subscription", "copyright"} <= kinds  # the crafted lines bite


@pytest.mark.parametrize("source, convertible", [
    (r"\bclick here\b", True), (r"^\W*share\b", True), (r"\x41bc", False),
    (r"Photo", False), (r"caf\u00e9", False), ("we’d", True),
])
def test_only_case_blind_sources_run_on_the_lower_cased_line(source: str, convertible: bool) -> None:
    assert prefilter.lower_case_source(source) is convertible


@pytest.mark.parametrize("source, needs", [
    (r"\bclick here\b", {"click here"}),
    # re's parser takes the branches' common "s" out first
    (r"\b(?:subscribe|sign up) (?:now|today)\b", {"ubscribe", "ign up"}),
    (r"colou?r", {"colo"}),                      # the optional letter ends the run
    (r"(?:photo)+ by", {"photo"}),               # a body that must occur once counts
    (r"(?:photo)? by", {" by"}),                 # an optional one does not
    (r"^\W*share\b", {"share"}),
    (r"©|\ball rights reserved\b", {"©", "all rights reserved"}),
    (r"\b(?:foo|\w+)\b", None),                  # a branch with nothing required
    (r"[A-Z]\w+", None),
])
def test_required_substrings_of_a_pattern(source: str, needs: set[str] | None) -> None:
    import re

    from storyweave.clean.prefilter import required_substrings

    found = required_substrings(re.compile(source))
    assert (None if found is None else set(found)) == needs


def test_required_substrings_refuses_case_insensitive_patterns() -> None:
    import re

    from storyweave.clean.prefilter import required_substrings

    assert required_substrings(re.compile(r"click here", re.IGNORECASE)) is None


def test_prefilter_keeps_every_match_on_real_lines() -> None:
    """Each fast-table pattern, searched on every line of the bundled pages and the
    crafted ones: wherever it matches, the line holds one of its required substrings."""
    lines = list(CRAFTED)
    for path in sorted(EXAMPLES.rglob("*.txt")):
        lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    checked = 0
    for norm in (normalize(x) for x in lines if x.strip()):
        lower = norm.lower()
        for _, parts in prefilter.LINE_PATTERNS_FAST:
            for pattern, on_lower, needs in parts:
                text = lower if on_lower else norm
                if needs is not None and pattern.search(text):
                    assert any(n in text for n in needs), (pattern.pattern, text)
                    checked += 1
    assert checked > 10
