"""Facts of a very long story read a bounded number of words: each article's start."""

from __future__ import annotations

from storyweave.facts import MAX_FACT_WORDS, MIN_SHARE_WORDS, within_budget
from storyweave.records import Article


def _article(k: int, paragraphs: int, words: int) -> Article:
    paras = tuple(
        " ".join(f"w{k}x{p}y{i}" for i in range(words - 1)) + " end." for p in range(paragraphs)
    )
    return Article(id=f"a{k:015d}", paragraphs=paras, title=f"Article {k}")


def test_facts_budget_leaves_a_story_under_it_whole():
    arts = [_article(k, 4, 100) for k in range(5)]
    assert within_budget(arts) == arts


def test_facts_budget_reads_each_article_from_its_start():
    arts = [_article(k, 40, 100) for k in range(20)]  # 80k words
    read = within_budget(arts)
    share = max(MIN_SHARE_WORDS, MAX_FACT_WORDS // len(arts))
    assert [a.id for a in read] == [a.id for a in arts]
    for whole, part in zip(arts, read, strict=True):
        assert whole.text.startswith(part.text)  # a prefix: offsets stay valid
        assert part.paragraphs == whole.paragraphs[: len(part.paragraphs)]
        assert share <= part.n_words < share + 100  # whole paragraphs, up to the share
    assert sum(a.n_words for a in read) <= MAX_FACT_WORDS + 100 * len(arts)


def test_facts_budget_gives_each_article_at_least_a_lead():
    arts = [_article(k, 5, 60) for k in range(600)]  # share under the minimum
    read = within_budget(arts, budget=30_000)
    assert all(a.n_words >= MIN_SHARE_WORDS for a in read)
    assert all(len(a.paragraphs) == 3 for a in read)


def test_facts_budget_is_reported_per_article(monkeypatch):
    import importlib

    facts = importlib.import_module("storyweave.facts")
    monkeypatch.setattr(facts, "MAX_FACT_WORDS", 150)  # the story has about 250
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
    found = facts.extract([whole, other]).to_dict()
    first, second = found["articles"]
    assert first["words"] == whole.n_words and first["facts_read_words"] < whole.n_words
    assert "facts_read_words" not in second  # read whole
