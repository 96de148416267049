"""The registry of summarizers by name, and ``summarize``: rank, select within the budget,
order for reading, attribute."""

from __future__ import annotations

from collections.abc import Sequence

from ..budget import within_budget
from ..config import Config
from ..errors import ConfigError
from ..records import Article, Sentence, SummarySentence
from . import baselines, query, update
from .attribution import attribute
from .base import Cluster, Ranker, order_output, select
from .storyweave import rank as generic_rank


def storyweave_rank(cluster: Cluster, config: Config) -> list[int]:
    """The storyweave method: generic (``storyweave.rank``), query-focused when
    ``config.query`` is set (``query.rank``), an update when ``cluster.earlier`` holds
    what the reader has seen (``update.rank`` over either)."""
    base = query.rank if config.query else generic_rank
    if cluster.earlier:
        return update.rank(cluster, config, base)
    return base(cluster, config)


#: The registered summarizers, by name. The sumy ones import sumy on first use and raise
#: ``MissingDependencyError`` (``pip install 'storyweave[eval]'``) when it is absent.
summarizers: dict[str, Ranker] = {
    "storyweave": storyweave_rank,
    "lead": baselines.lead,
    "lexrank": baselines.lexrank,
    "textrank": baselines.textrank,
    "lsa": baselines.lsa,
    "random": baselines.random_order,
    "query-tfidf": query.tfidf_rank,
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


def summarize(
    articles: Sequence[Article],
    config: Config | None = None,
    *,
    earlier: Sequence[Sentence] = (),
    notices: list[str] | None = None,
) -> list[SummarySentence]:
    """An extractive brief of ``articles`` within ``config.words`` words, with its sources.

    Args:
        articles: the clean articles of one story; past ``config.read_words`` words in
            all, each is read from its start only (``storyweave.budget``).
        config: ``method`` picks the summarizer, ``words`` the budget, ``corroboration``
            the similarity at which another article counts as reporting a sentence.
        earlier: sentences the reader has seen: an update brief leaves them out and
            marks a changed figure (``summarize.update``).
        notices: when given, a query brief appends here the warning that the articles
            say little on the query (the caller's brief warnings).

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
    cluster.earlier = list(earlier)
    chosen = extract(cluster, config)
    summary = attribute(cluster, chosen, config)
    if config.query and config.method == "storyweave" and notices is not None:
        little = query.little_on(cluster, config.query)
        if little:
            notices.append(little)
    if cluster.earlier:
        summary = update.mark(cluster, chosen, summary)
    return summary
