"""Invariants of the cleaner on random mixes of body paragraphs and page furniture."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.clean import analyse_lines, classify_lines, clean_text

PIECES = [
    "The council voted on Tuesday to close the old library after a long debate about costs.",
    "Residents said the building was the only quiet place where students could work at night.",
    "Nobody was hurt.",
    '"It is a sad day," she said',
    "Advertisement",
    "Share this article",
    "Related stories",
    "Council approves budget",
    "Photo: Jane Roe",
    "Copyright © 2020 Example News",
    "library.jpg",
    "News / Local",
    "By Jane Roe",
    "",
    "   ",
    "Published: March 3, 2020",
    "Reprinted with permission from Example Post",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_clean_every_line_is_kept_dropped_or_title(pieces, sep):
    text = sep.join(pieces)
    cleaned = clean_text(text)
    accounted = list(cleaned.paragraphs) + list(cleaned.dropped)
    if cleaned.title:
        accounted.append(cleaned.title)
    # nothing lost, nothing invented (lines continuing a wrapped paragraph are joined)
    assert sorted(" ".join(accounted).split()) == sorted(text.split())
    # kept paragraphs keep their order and their characters
    stripped = " ".join(text.split())
    position = 0
    for paragraph in cleaned.paragraphs:
        position = stripped.index(paragraph, position) + len(paragraph)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_clean_classify_lines_agrees_with_clean_text(pieces):
    text = "\n".join(pieces)
    lines = text.split("\n")
    keep = classify_lines(lines)
    assert len(keep) == len(lines)
    kept = [line.strip() for line, k in zip(lines, keep, strict=True) if k]
    paragraphs = clean_text(text).paragraphs
    # the same text kept (lines of a wrapped paragraph are joined into one)
    assert " ".join(kept) == " ".join(paragraphs)
    assert tuple(d.text for d in analyse_lines(lines) if d.keep) == paragraphs
