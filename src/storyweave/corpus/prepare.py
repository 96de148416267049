"""Preparing a batch for the store: clean, check, fingerprint and featurise.

Pure functions of the documents (no store), so that a batch can be prepared in this
process or on a Dask worker (``corpus.distributed``) with the same result.
"""

from __future__ import annotations

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




@dataclass(frozen=True)
class Prepared:
    """An article ready for the store: cleaned, fingerprinted, featurised (on any worker)."""

    article: Article
    fingerprint: _dedupe.Fingerprint
    features: _cluster.Features = field(repr=False)


def prepare_batch(
    items: Sequence[RawDocument | Article | Skip],
    config: Config | None = None,
    settings: _cluster.Settings | None = None,
) -> tuple[list[Prepared], list[Skip]]:
    """Clean, check, fingerprint and featurise a batch (pure: runs on a Dask worker too)."""
    from ..clean import clean_document

    config = config or Config()
    settings = settings or config.cluster
    ready: list[Article] = []
    skipped: list[Skip] = []
    for item in items:
        result = clean_document(item, config)
        if isinstance(result, Skip):
            skipped.append(result)
        else:
            ready.append(result)
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
