"""Preparing a batch for the store: clean, check, fingerprint and featurise.

Pure functions of the documents (no store), so that a batch can be prepared in this
process or on a Dask worker (``corpus.distributed``) with the same result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..records import Article, RawDocument, Skip
from . import cluster as _cluster
from . import dedupe as _dedupe

#: Articles per transaction: large enough that the per-batch work is amortised, small
#: enough that a killed run redoes little (a few seconds of work). Per batch, a component
#: touched by many new articles is re-clustered once, a stored candidate's features are
#: read once, and each index page touched is written once; in a store of 100k documents
#: the store's CPU time per document measured 4.1 ms at 256, 3.0 at 1,024 and 2.3 at
#: 2,048. (Readers never wait: WAL.)
BATCH_SIZE = 2048
#: Documents per part of a batch: a Dask task's worth, and how often progress is reported.
#: The store's work shrinks per document as batches grow, preparing does not, so a batch
#: is prepared as several parts spread over the workers.
TASK_SIZE = 256

#: An article whose words are less than this share English function words is not
#: English (English news runs at 0.35-0.5; French, German or Spanish text at < 0.05).
MIN_ENGLISH_SHARE = 0.15
_ENGLISH_FUNCTION = frozenset(
    "the of and to in a is that for it on was with as at by from be this have are has "
    "not but his her they he she we an or were had been will said would their its".split()
)



@dataclass(frozen=True)
class Prepared:
    """An article ready for the store: cleaned, fingerprinted, featurised (on any worker)."""

    article: Article
    fingerprint: _dedupe.Fingerprint
    features: _cluster.Features = field(repr=False)


def _english_share(text: str) -> float:
    words = re.findall(r"[^\W\d_]+", text.lower())[:400]
    if not words:
        return 0.0
    return sum(w in _ENGLISH_FUNCTION for w in words) / len(words)



def prepare_batch(
    items: Sequence[RawDocument | Article | Skip],
    config: Config | None = None,
    settings: _cluster.Settings | None = None,
) -> tuple[list[Prepared], list[Skip]]:
    """Clean, check, fingerprint and featurise a batch (pure: runs on a Dask worker too)."""
    from ..clean import clean

    config = config or Config()
    settings = settings or _cluster.Settings()
    ready: list[Article] = []
    skipped: list[Skip] = []
    for item in items:
        if isinstance(item, Skip):
            skipped.append(item)
            continue
        try:
            article = clean(item, config) if isinstance(item, RawDocument) else item
        except Exception as exc:  # a cleaner bug on one page must not stop a long ingest
            skipped.append(Skip(item.path or "?", f"cannot clean ({type(exc).__name__}: {exc})"))
            continue
        if isinstance(article, Skip):
            skipped.append(article)
            continue
        if article.n_words < config.min_article_words:
            skipped.append(Skip(article.path or article.id, "no article text left after cleaning"))
            continue
        if _english_share(article.text) < MIN_ENGLISH_SHARE:
            skipped.append(Skip(article.path or article.id, "not English text"))
            continue
        ready.append(article)
    embeddings = None
    if settings.embed and ready:
        from ..nlp import embedder

        embeddings = embedder().encode([_cluster.lead_text(a) for a in ready])
    prepared = [
        Prepared(
            article=a,
            fingerprint=_dedupe.Fingerprint.of(a),
            features=_cluster.features(a, None if embeddings is None else embeddings[i]),
        )
        for i, a in enumerate(ready)
    ]
    return prepared, skipped


def prepare_local(items: Iterable[Any], config: Config, settings: _cluster.Settings,
                   batch_size: int, on_part: Callable[[int], None],
                   ) -> Iterator[tuple[list[Prepared], list[Skip]]]:
    """Prepared batches in this process, each prepared in parts (as the Dask path sends
    them out) so that progress is reported part by part."""
    for batch in chunks(items, batch_size):
        prepared: list[Prepared] = []
        skipped: list[Skip] = []
        for i in range(0, len(batch), TASK_SIZE):
            part = batch[i : i + TASK_SIZE]
            p, s = prepare_batch(part, config, settings)
            prepared.extend(p)
            skipped.extend(s)
            on_part(len(part))
        yield prepared, skipped


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
