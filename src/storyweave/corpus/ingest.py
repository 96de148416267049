"""``ingest(paths, store)``: read, clean, fold duplicates and assign stories, batch by batch.

Each batch is prepared (``corpus.prepare``: in this process or on Dask workers) and
written in one transaction by the store's ``Writer`` (``corpus.writer``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..errors import DataError, StoreError, UsageError
from ..records import Article, RawDocument, Skip
from . import cluster as _cluster
from . import threads as _threads
from .prepare import BATCH_SIZE, prepare_local
from .store import Store
from .writer import Clock, Writer


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did: articles added, copies folded, inputs skipped (with reasons)."""

    added: int = 0
    duplicates: int = 0
    skipped: tuple[Skip, ...] = ()
    stories: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "skipped": [s.to_dict() for s in self.skipped],
            "stories": self.stories,
            "seconds": round(self.seconds, 3),
        }

    def line(self) -> str:
        """The closing line: counts, and the skip reasons with how often each occurred."""
        reasons: dict[str, int] = {}
        for skip in self.skipped:
            reasons[skip.reason] = reasons.get(skip.reason, 0) + 1
        why = ""
        if reasons:
            top = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
            why = " (" + "; ".join(f"{n}x {r}" for r, n in top[:4])
            why += f"; {len(top) - 4} more reasons)" if len(top) > 4 else ")"
        return (
            f"{self.added} added, {self.duplicates} duplicates, {len(self.skipped)} skipped{why}; "
            f"{self.stories} stories in the store"
        )


def _items(inputs: Any, config: Config | None = None) -> Iterator[RawDocument | Article | Skip]:
    """Documents from paths (streamed by ``ingest.iter_documents``) or given records
    (a list, or any iterable, consumed lazily)."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    if isinstance(inputs, (list, tuple)) and inputs and all(
        isinstance(i, (str, os.PathLike)) for i in inputs
    ):
        from ..ingest import iter_documents

        return iter_documents(inputs, max_file_mb=(config or Config()).max_file_mb)
    return _records(inputs)


def _records(inputs: Iterable[Any]) -> Iterator[RawDocument | Article | Skip]:
    for item in inputs:
        if not isinstance(item, (RawDocument, Article, Skip)):
            raise UsageError(
                f"ingest takes paths or RawDocument/Article/Skip records, got {type(item).__name__}"
            )
        yield item


def _guard(items: Iterator[Any], failures: list[DataError]) -> Iterator[Any]:
    """Pass items on; keep the reader's closing "nothing readable" error for the caller."""
    try:
        yield from items
    except DataError as exc:
        if isinstance(exc, StoreError):
            raise
        failures.append(exc)


def ingest(
    inputs: Any,
    store: Store,
    *,
    config: Config | None = None,
    settings: _cluster.Settings | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    on_skip: Any = None,
    on_notice: Any = None,
    on_progress: Any = None,
    on_batch: Any = None,
) -> IngestReport:
    """Read ``inputs`` into ``store``: clean, fold duplicates, assign stories.

    Args:
        inputs: paths (files, folders) or an iterable of ``RawDocument`` / ``Article`` /
            ``Skip`` records.
        store: an open, writable ``Store``.
        settings: clustering settings (see ``corpus.cluster``); default ``config.cluster``.
        batch_size: articles per transaction (each batch is committed whole or not at all).
        workers, scheduler: prepare batches on a local Dask cluster of ``workers``
            processes, or on the Dask scheduler at ``scheduler`` (``tcp://HOST:PORT``).
        client: an existing ``dask.distributed.Client`` to prepare batches on.
        on_skip: called with each ``Skip`` as it happens (the CLI prints a warning).
        on_notice: called with a one-line message before long maintenance, such as
            recomputing the stories of a store built with older clustering features.
        on_progress: called with a number of documents each time a part of a batch (a
            Dask task's worth) has been read and prepared; the progress bar uses it, so it
            moves every few hundred documents although a batch holds thousands.
        on_batch: called with the running (added, duplicates, skipped) counts after each
            committed batch (the CLI shows them beside its bar).

    Nothing is printed: the callbacks are how a caller hears of skips and progress.

    Returns:
        An ``IngestReport``; skips are also recorded in the store.

    Raises:
        UsageError: a path does not exist, or bad arguments.
        DataError: the inputs held no readable document at all.
        StoreError: the store is read-only, locked or otherwise unusable.
    """
    if store.readonly:
        raise StoreError(f"{store.path}: opened read-only; cannot ingest")
    if not isinstance(batch_size, int) or batch_size <= 0:
        raise UsageError(f"`batch_size` must be a positive integer, got {batch_size!r}")
    config = config or Config()
    settings = settings or config.cluster
    writer = Writer(store.db, store.stage_seconds)
    writer.check_features(settings, on_notice)
    started = time.perf_counter()
    failures: list[DataError] = []
    items = _guard(_items(inputs, config), failures)
    run_id = writer.start_run()
    added = duplicates = 0
    skipped: list[Skip] = []

    def on_part(n: int) -> None:
        if on_progress is not None:
            on_progress(n)

    if workers or scheduler or client is not None:
        from .distributed import prepare_stream

        batches = prepare_stream(items, config, settings, batch_size=batch_size,
                                 workers=workers, scheduler=scheduler, client=client,
                                 on_part=on_part)
    else:
        batches = prepare_local(items, config, settings, batch_size, on_part)
    clock = Clock(store.stage_seconds)
    for prepared, skips in batches:
        # reading and preparing the batch (one process), or waiting for a worker's
        clock.lap("read + prepare")
        a, d = writer.add_batch(prepared, skips, run_id, settings)
        added += a
        duplicates += d
        skipped.extend(skips)
        if on_skip is not None:
            for skip in skips:
                on_skip(skip)
        if on_batch is not None:
            on_batch(added, duplicates, len(skipped))
        clock.reset()
    if added or duplicates or _threads.stored_version(store.db.conn) != _threads.THREADS_VERSION:
        writer.refresh_threads(on_notice)
    writer.finish_run(run_id, added, duplicates, len(skipped))
    if failures and not added and not duplicates:
        raise failures[0]  # nothing readable at all; the skips are recorded
    return IngestReport(added=added, duplicates=duplicates, skipped=tuple(skipped),
                        stories=store.count_stories(), seconds=time.perf_counter() - started)
