"""The cleaner's page-at-once paths (issue 18's speed work) give what the line-by-line
paths give: the same table kind for every line, the same own features to the bit. Fast
code that changed a verdict would pass the speed benchmark and fail here."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyweave.clean import features
from storyweave.clean import page as clean

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "aleppo-2016"

CRAFTED = [
    "Photo: Getty Images", "PHOTO BY AFP", "(Photo by John Smith/Reuters)", "Share this article",
    "SUBSCRIBE NOW to our daily newsletter", "© 2016 Reuters", "İstanbul, Photo: Getty",
    "ımage credit: agency", "ſubscribe now", "Kelvin \u212a share this story", "Read more » Aleppo",
    "We’d love to hear from you", "…(David Warren / Staff Photographer)", "By John Smith",
    "Reprinted with permission from Al Jazeera", "This article was originally published on The Conversation.",
    "Click here " + "to read the whole of this long line about subscriptions and more " * 8,
    "Tweet 🐦 share this 👍 story", "x\u2003y  z", "", "12 of 20 photos", "Copyright 2016 BBC.",
]  # fmt: skip


def _lines() -> list[str]:
    lines = list(CRAFTED)
    for path in sorted(EXAMPLES.rglob("*.txt")):
        lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines


def test_page_matcher_gives_each_line_its_line_by_line_kind() -> None:
    items = clean._analyse(_lines(), learned=False)
    table = clean._table_kinds(items)
    assert table == [clean._table_kind(it.norm, it.n_words) for it in items]
    assert {"caption", "share", "subscription", "copyright", "reprint"} <= set(table)
    assert any(it.n_words > clean.PITCH_MAX_WORDS for it in items)  # long lines skip short-only kinds


def test_own_features_at_once_equal_line_by_line() -> None:
    for lines in (_lines(), ["Emoji 🐦 line, with 2 digits.", "ANOTHER » line|"], ["only"]):
        items = clean._analyse(lines, learned=False)
        slow = np.array([features._own(it) for it in items], dtype=float)
        assert np.array_equal(features._own_rows(items), slow)


def test_own_features_fall_back_on_text_that_is_not_normalised() -> None:
    class Line:
        def __init__(self, norm: str) -> None:
            self.norm, self.n_words, self.sentence, self.stop, self.kind = norm, 3, True, 0.5, "body"

    items = [Line("two  spaces here."), Line(" leading, space"), Line("tab\there")]
    slow = np.array([features._own(it) for it in items], dtype=float)
    assert np.array_equal(features._own_rows(items), slow)



def test_line_key_skips_nfkc_only_where_it_changes_nothing() -> None:
    odd = ["ﬁnance ½ of ´ e\u0301 \u00a0x", "Ⅻ ＡＢＣ", "İstanbul ſ \u212a", "e \u0301 \u0301"]
    for item in clean._analyse(_lines() + odd, learned=False):
        assert item.key == clean._key(item.norm), item.norm


def test_outlet_substrings_are_held_by_every_match() -> None:
    from storyweave.clean.patterns import OUTLET, SYNDICATION
    from storyweave.clean.prefilter import search_needs
    from storyweave.records import normalize

    checked = 0
    for norm in (normalize(x) for x in _lines() if x.strip()):
        for pattern in (*SYNDICATION, *OUTLET):
            found = search_needs(pattern)
            if found is None or clean.SPECIAL_CASE.search(norm) or not pattern.search(norm):
                continue
            needs, lower = found
            assert any(n in (norm.lower() if lower else norm) for n in needs), (pattern.pattern, norm)
            checked += 1
    assert checked >= 3
    text = "Story line one.\nReprinted with permission from Al Jazeera\nCopyright 2016 BBC."
    assert clean.clean_text(text).outlet == "Al Jazeera"
