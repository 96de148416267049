"""Facts of a very long story read a bounded number of words: each article's start."""

from __future__ import annotations

from storyweave.config import Config
from storyweave.records import Article


def test_facts_budget_is_reported_per_article():
    import importlib

    facts = importlib.import_module("storyweave.facts")
    whole = Article(
        id="b000000000000001",
        paragraphs=tuple(
            f"The council said on Monday that {n} homes in Riverside were flooded after the river "
            f"rose overnight, and that repairs would take months, the mayor told reporters."
            for n in (12, 40, 75, 120, 160, 210, 260)
        ),
        title="Floods in Riverside",
    )
    other = Article(id="b000000000000002", paragraphs=whole.paragraphs[:2], title="Short one")
    found = facts.extract([whole, other], config=Config(read_words=150)).to_dict()  # ~250 words
    first, second = found["articles"]
    assert first["words"] == whole.n_words and first["facts_read_words"] < whole.n_words
    assert "facts_read_words" not in second  # read whole
