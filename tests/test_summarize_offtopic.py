"""A short page that shares nothing with the story it was scraped with adds little to the brief."""

from __future__ import annotations

from builders import article

from storyweave.config import Config
from storyweave.records import Article
from storyweave.summarize import Cluster, lexical, summarize
from storyweave.summarize.storyweave import OFF_TOPIC, document_weights

STORY = article(
    "A wild panda attacked a farmer in Gansu province after villagers chased it onto his land.",
    "The farmer was bitten in the leg and needed eight operations over the following year.",
    "A court ordered three government departments to pay him compensation for the attack.",
    "The forestry bureau agreed to pay the farmer more than eighty thousand dollars.",
    "Pandas are members of the bear family and have a strong bite, experts said.",
    path="story.txt",
)
NOTICE = article(
    "These crawls are part of an effort to archive web pages as they are created online.",
    "Then the archive hopes that references to these archived pages will be kept alive.",
    path="notice.txt",
)
RETELLING = article(
    "A Chinese farmer bitten by a wild panda in Gansu has won compensation from officials.",
    "The panda bit his leg after villagers chased it onto the farmer's land.",
    path="retelling.txt",
)


def _weights(articles: list[Article]) -> list[float]:
    cluster = Cluster.from_articles(articles)
    stems = [lexical.content_stems(s.text) for s in cluster.sentences]
    return document_weights(cluster, stems, OFF_TOPIC)


def test_summarize_two_unrelated_articles_the_shorter_weighs_less() -> None:
    weights = _weights([STORY, NOTICE])
    assert weights[0] == 1.0
    assert weights[1] < 0.5
    assert _weights([NOTICE, STORY])[0] < 0.5  # the order of the articles does not matter


def test_summarize_two_articles_on_one_story_both_count() -> None:
    assert _weights([STORY, RETELLING]) == [1.0, 1.0]
    assert _weights([STORY]) == [1.0]


def test_summarize_brief_leaves_out_the_stray_notice() -> None:
    summary = summarize([STORY, NOTICE], Config(words=60))
    assert summary
    assert all(s.article == STORY.id for s in summary)
