"""A whole made-up news page saved as text: menus, banner, byline, sidebar, comments, footer."""

from __future__ import annotations

from pathlib import Path

from storyweave.clean import clean_text

PAGE = Path(__file__).resolve().parent / "data" / "clean_saved_page.txt"


def test_clean_saved_page_keeps_only_the_article():
    cleaned = clean_text(PAGE.read_text(encoding="utf-8"))
    assert [p[:30] for p in cleaned.paragraphs] == [
        "The city council voted on Tues",
        "Residents who opposed the plan",
        '"We fought for this place for ',
        "The library will close in Marc",
        "Council members said the money",
        "The decision can still be chal",
    ]
    assert cleaned.title == "Council votes to close the old Main Street library"
    assert cleaned.outlet == "The Example Chronicle"
    assert cleaned.published == "2021-03-12"
    assert "Schools to stay open over Easter" in cleaned.dropped
    assert "What a shame. This city never looks after its history." in cleaned.dropped
