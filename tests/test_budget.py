"""A very long story is briefed from each article's start, within a word budget."""

from __future__ import annotations

import pytest
from builders import article

from storyweave.budget import MIN_SHARE_WORDS, read_in_part, within_budget
from storyweave.config import Config
from storyweave.errors import ConfigError
from storyweave.pipeline import brief_articles

TOWNS = ("Riverside", "Millbrook", "Ashford", "Kelso", "Dunmore", "Harwich")


DEEP = "Engineers said the old dam at Oakfield failed at midnight after days of rain."


def _long_article(k: int, paragraphs: int = 12) -> object:
    """A flood report whose lead names the event, then filler, and at its end a sentence
    every report shares (so a brief that read it all would pick it)."""
    lead = (
        f"Floods in {TOWNS[k % len(TOWNS)]} forced {100 + 7 * k} families from their homes on "
        f"Monday after the river burst its banks, the council said."
    )
    tail = [
        f"Paragraph {p} of report {k} describes the shops on street number {p + 3 * k} in "
        f"some detail, with a list of their owners, their opening hours and their goods."
        for p in range(paragraphs)
    ]
    return article(lead, *tail, DEEP, title=f"Flood report {k}", outlet=f"Outlet {k}")


def test_a_story_under_the_budget_is_read_whole():
    arts = [_long_article(k, 3) for k in range(4)]
    read = within_budget(arts, budget=10_000)
    assert read == arts
    assert read_in_part(arts, 10_000) is None


def test_a_long_story_is_read_from_each_article_start():
    arts = [_long_article(k) for k in range(6)]  # about 6 x 330 words
    budget = 600
    read = within_budget(arts, budget=budget)
    share = max(MIN_SHARE_WORDS, budget // len(arts))
    assert [a.id for a in read] == [a.id for a in arts]
    for whole, part in zip(arts, read, strict=True):
        assert whole.text.startswith(part.text)  # a prefix: summary offsets stay valid
        assert part.paragraphs == whole.paragraphs[: len(part.paragraphs)]
        longest = max(len(p.split()) for p in whole.paragraphs)
        assert share <= part.n_words < min(share + longest, whole.n_words)  # up to the share
    line = read_in_part(arts, budget)
    assert line is not None and "6 of its 6 articles" in line


def test_the_words_short_articles_leave_go_to_the_long_ones():
    words = " ".join(f"w{i}" for i in range(49)) + " end."  # 50-word paragraphs
    short = [article(words, words, title=f"Short {k}") for k in range(8)]  # 100 words each
    long = [article(*([words] * 40), title=f"Long {k}") for k in range(2)]  # 2,000 each
    read = within_budget(short + long, budget=1_600)  # an equal share would be 160 words
    assert read[:8] == short  # read whole
    assert [a.n_words for a in read[8:]] == [400, 400]  # (1,600 - 8 x 100) / 2 each
    assert sum(a.n_words for a in read) == 1_600


def test_the_brief_of_a_long_story_cites_the_whole_articles_and_says_it_read_in_part():
    arts = [_long_article(k) for k in range(6)]
    brief = brief_articles(arts, Config(words=80, read_words=600))
    assert brief.summary
    by_id = {a.id: a for a in arts}
    limit = {a.id: a.n_words for a in within_budget(arts, 600)}
    for s in brief.summary:
        whole = by_id[s.article]
        assert whole.text[s.start:s.end] == s.text  # verbatim, at its place in the whole text
        assert len(whole.text[: s.end].split()) <= limit[s.article]  # from the part read
    assert any("read from their start only" in w for w in brief.warnings)
    assert len(brief.articles) == 6 and brief.articles[0] is arts[0]  # listed whole
    assert all(s.text != DEEP for s in brief.summary)
    unbounded = brief_articles(arts, Config(words=80))
    assert not any("read from their start" in w for w in unbounded.warnings)
    assert any(s.text == DEEP and len(s.sources) == 6 for s in unbounded.summary)


def test_read_words_must_be_a_positive_integer():
    with pytest.raises(ConfigError, match="read_words"):
        Config(read_words=0)


def test_each_article_is_read_at_least_as_far_as_its_lead():
    paras = tuple(" ".join(f"w{i}" for i in range(59)) + " end." for _ in range(5))
    arts = [article(*paras, title=f"Article {k}") for k in range(600)]  # share under the minimum
    read = within_budget(arts, budget=30_000)
    assert all(a.n_words >= MIN_SHARE_WORDS for a in read)
    assert all(len(a.paragraphs) == 3 for a in read)  # 180 words: the paragraph reaching 150
