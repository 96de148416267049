"""Spelled-out compounds are one number, not a range (issue 14: "twenty-two thousand"
was read as 20 to 2,000, so the figure disappeared)."""

from __future__ import annotations

import pytest
from facts_helpers import article

from storyweave.facts import extract
from storyweave.facts.figures import parse_number
from storyweave.facts.numbers import spelled_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twenty-two thousand", (22_000, 22_000)),
        ("Twenty-two thousand", (22_000, 22_000)),
        ("one hundred and five", (105, 105)),
        ("two million", (2_000_000, 2_000_000)),
        ("one hundred and fifty thousand", (150_000, 150_000)),
        ("three hundred and twenty-two", (322, 322)),
        ("two thousand and five", (2005, 2005)),
        ("five hundred thousand", (500_000, 500_000)),
        ("22 thousand", (22_000, 22_000)),
        ("a hundred", (100, 100)),
        # ranges stay ranges
        ("twenty to thirty", (20, 30)),
        ("between twenty and thirty", (20, 30)),
        ("one hundred and two hundred", (100, 200)),
        ("10-20", (10, 20)),
        ("two or three", (2, 3)),
    ],
)
def test_harden_numbers_compounds_and_ranges(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["twenty thirty", "hundred", "and five", "one hundred and",
                                  "thousand million", "twenty-thousand", "five and", "x"])
def test_harden_numbers_not_one_cardinal(text):
    assert spelled_number(text) is None


def test_harden_numbers_spelled_figure_is_extracted():
    figures = extract([article(
        "About twenty-two thousand civilians were killed in the war, the ministry said.",
        published="2020-05-14",
    )]).to_dict()["figures"]
    # (before: low 20, high 2,000, value 1,010)
    assert [(f["number"], f["low"], f["high"], f["value"]) for f in figures] == [
        ("twenty-two thousand", 22_000, 22_000, 22_000)]
