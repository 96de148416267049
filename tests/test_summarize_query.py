"""Query-focused briefs: verbatim, cited, within the budget, about the query; the warning
when the articles hold little on it; the query-aware baseline."""

from __future__ import annotations

from pathlib import Path

import pytest

import storyweave
from storyweave.config import Config
from storyweave.errors import ConfigError
from storyweave.summarize import query, summarize
from storyweave.summarize.base import Cluster

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"
CASUALTIES = "how many civilians were killed"


@pytest.fixture(scope="module")
def sample_articles():
    from storyweave.pipeline import read_articles

    return read_articles([EXAMPLES])[0]


def test_summarize_query_brief_is_verbatim_cited_and_within_budget(sample_articles):
    result = storyweave.brief([EXAMPLES], words=120, query=CASUALTIES)
    assert result.mode == "query" and result.query == CASUALTIES
    assert 0 < result.n_words <= 120
    for sent in result.summary:
        art = result.article(sent.article)
        assert art.text[sent.start : sent.end] == sent.text
        assert sent.sources[0] == sent.article
    data = result.to_dict()
    assert data["query"] == CASUALTIES and data["mode"] == "query"


def test_summarize_query_prefers_sentences_about_the_query(sample_articles):
    config = Config(words=100)
    generic = summarize(sample_articles, config)
    focused = summarize(sample_articles, config.with_(query=CASUALTIES))
    def about(summary):
        return sum(("kill" in s.text.lower() or "civilian" in s.text.lower()) for s in summary) / len(summary)
    assert about(focused) > about(generic)
    assert about(focused) >= 0.5


def test_summarize_query_warns_when_the_articles_hold_little_on_it(sample_articles):
    notices: list[str] = []
    summary = summarize(sample_articles, Config(words=80, query="football transfer fees"), notices=notices)
    assert summary, "a query the articles do not answer still gets a brief"
    assert len(notices) == 1 and "hold little on the query" in notices[0]
    notices.clear()
    summarize(sample_articles, Config(words=80, query=CASUALTIES), notices=notices)
    assert notices == []


def test_summarize_query_brief_warning_reaches_the_brief():
    result = storyweave.brief([EXAMPLES], words=60, query="football transfer fees")
    assert any("hold little on the query" in w for w in result.warnings)


@pytest.mark.parametrize("bad", ["", "   ", 3])
def test_config_query_must_be_non_empty_text(bad):
    with pytest.raises(ConfigError, match="`query` must be a non-empty text"):
        Config(query=bad)


def test_summarize_query_tfidf_baseline_ranks_by_overlap(sample_articles):
    cluster = Cluster.from_articles(sample_articles)
    order = query.tfidf_rank(cluster, Config(query="Amnesty International war crime"))
    assert sorted(order) == list(range(len(cluster)))
    assert "Amnesty" in cluster.sentences[order[0]].text
    # without a query it is the plain order (nothing to rank by)
    assert query.tfidf_rank(cluster, Config()) == list(range(len(cluster)))


def test_summarize_query_rank_is_a_permutation_and_deterministic(sample_articles):
    cluster = Cluster.from_articles(sample_articles)
    config = Config(query=CASUALTIES)
    first = query.rank(cluster, config)
    assert len(first) == len(set(first)) and set(first) <= set(range(len(cluster)))
    assert query.rank(Cluster.from_articles(sample_articles), config) == first
