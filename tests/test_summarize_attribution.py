"""Corroboration finds a paraphrase in another article, not a sentence on another subject."""

from __future__ import annotations

from builders import article

from storyweave.config import Config
from storyweave.records import Article
from storyweave.summarize import Cluster, attribute

SOURCE = article(
    "The European Central Bank raised its main interest rate by half a percentage point on Thursday to fight inflation.",
    "Economists had expected a smaller move.",
    path="source.txt",
)
PARAPHRASE = article(
    "Officials met in Frankfurt for two days.",
    "On Thursday the European Central Bank lifted its key interest rate by 0.5 percentage points in a bid to curb inflation.",
    path="paraphrase.txt",
)
OTHER_CLAIM = article(
    "The Bank of England left interest rates unchanged on Thursday, a day after the ECB decision.",
    "Its governor said inflation would fall next year.",
    path="other.txt",
)
UNRELATED = article(
    "The local football club won its third match of the season on Thursday evening.",
    "Tickets for the next home game go on sale next week.",
    path="unrelated.txt",
)


def test_summarize_attribution_finds_paraphrase_not_unrelated() -> None:
    cluster = Cluster.from_articles([SOURCE, PARAPHRASE, OTHER_CLAIM, UNRELATED])
    [result] = attribute(cluster, [0], Config())
    assert result.sources == (SOURCE.id, PARAPHRASE.id)
    assert result.evidence[0].article == SOURCE.id and result.evidence[0].similarity == 1.0
    evidence = result.evidence[1]
    assert evidence.article == PARAPHRASE.id
    assert "lifted" in evidence.text
    assert PARAPHRASE.text[evidence.start : evidence.end] == evidence.text
    assert evidence.similarity >= Config().corroboration


def test_summarize_attribution_exact_copy_counts() -> None:
    copy = Article(id="copy", paragraphs=SOURCE.paragraphs, path="copy.txt")
    cluster = Cluster.from_articles([SOURCE, copy])
    [result] = attribute(cluster, [0], Config())
    assert result.sources == (SOURCE.id, "copy")
    assert result.evidence[1].similarity == 1.0


def test_summarize_attribution_threshold_is_respected() -> None:
    cluster = Cluster.from_articles([SOURCE, PARAPHRASE])
    [strict] = attribute(cluster, [0], Config(corroboration=1.0))
    assert strict.sources == (SOURCE.id,)
