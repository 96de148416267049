"""The registry of summarizers by name, and ``summarize``: rank, select within the budget,
order for reading, attribute."""

from __future__ import annotations

from collections.abc import Sequence

from ..budget import within_budget
from ..config import Config
from ..errors import ConfigError
from ..records import Article, SummarySentence
from . import baselines
from .attribution import attribute
from .base import Cluster, Ranker, order_output, select
from .storyweave import rank as storyweave_rank

#: The registered summarizers, by name. The sumy ones import sumy on first use and raise
#: ``MissingDependencyError`` (``pip install 'storyweave[eval]'``) when it is absent.
summarizers: dict[str, Ranker] = {
    "storyweave": storyweave_rank,
    "lead": baselines.lead,
    "lexrank": baselines.lexrank,
    "textrank": baselines.textrank,
    "lsa": baselines.lsa,
    "random": baselines.random_order,
}


def get(name: str) -> Ranker:
    """The summarizer registered as ``name``.

    Raises:
        ConfigError: no such summarizer (the message lists the valid names).
    """
    try:
        return summarizers[name]
    except KeyError:
        raise ConfigError(
            f"`method` must be one of {', '.join(sorted(summarizers))}, got {name!r}"
        ) from None


def extract(cluster: Cluster, config: Config) -> list[int]:
    """The chosen sentence indices of ``cluster`` in reading order (no attribution)."""
    ranker = get(config.method)
    return order_output(cluster, select(cluster, ranker(cluster, config), config.words))


def summarize(articles: Sequence[Article], config: Config | None = None) -> list[SummarySentence]:
    """An extractive brief of ``articles`` within ``config.words`` words, with its sources.

    Args:
        articles: the clean articles of one story; past ``config.read_words`` words in
            all, each is read from its start only (``storyweave.budget``).
        config: ``method`` picks the summarizer, ``words`` the budget, ``corroboration``
            the similarity at which another article counts as reporting a sentence.

    Returns:
        The summary sentences in reading order; each is verbatim
        ``article.text[start:end]`` and lists every article that reports it.

    Raises:
        ConfigError: an unknown method.
        MissingDependencyError: a baseline whose optional package is absent.
    """
    config = config or Config()
    get(config.method)  # fail before any work on a bad name
    cluster = Cluster.from_articles(within_budget(articles, config.read_words), seed=config.seed)
    return attribute(cluster, extract(cluster, config), config)

