"""The batch path on Dask distributed: clean, check, fingerprint and featurise on workers.

The client streams documents from the inputs in batches, sends each batch to a worker
(``prepare_batch``: clean -> language check -> MinHash signature -> TF-IDF features,
plus embeddings when asked), and commits the prepared batches to the store in the
order they were read. Folding and story assignment stay on the client because the
store has one writer (SQLite); they are cheap next to cleaning, and since they take
the same prepared batches in the same order, the stories are exactly those of the
single-process path. A commit batch (``corpus.prepare.BATCH_SIZE`` documents) goes out as tasks of
``corpus.prepare.TASK_SIZE``, so that every worker has work even on a small input; at most
``BATCHES_AHEAD`` batches beyond the one being committed are out at once, so memory stays
bounded however long the input is.

``dask[distributed]`` is an optional extra (``pip install 'storyweave[scale]'``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..config import Config
from ..errors import MissingDependencyError, UsageError
from ..records import Skip
from . import cluster as _cluster
from . import prepare

#: Tasks queued per worker at least, and commit batches queued at least: while the client
#: commits one batch the workers prepare the next ones, so no core waits for the other.
IN_FLIGHT_PER_WORKER = 2
BATCHES_AHEAD = 2
#: How long to try reaching a remote scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = "10s"
#: Messages each of Dask's debugging logs keeps (``distributed.admin.low-level-log-length``,
#: 1,000 by default). Those logs keep whole messages, and a task's message carries its
#: batch of documents, so with the default the client process (which also hosts a local
#: cluster's scheduler) kept every document it had sent: 875 MB after 100k documents
#: against 218 MB in one process. A few messages bound that.
LOG_LENGTH = 4


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise MissingDependencyError("dask[distributed]", "scale") from exc
    return distributed


def connect(workers: int | None = None, scheduler: str | None = None) -> tuple[Any, Any]:
    """A Dask client: to ``scheduler`` (``tcp://HOST:PORT``) or to a new local cluster of
    ``workers`` processes bound to 127.0.0.1. Returns ``(client, cluster_or_None)``.

    Raises:
        MissingDependencyError: dask[distributed] is not installed.
        UsageError: the scheduler cannot be reached.
    """
    distributed = _import_distributed()
    if scheduler:
        try:
            return distributed.Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}: {exc}); "
                "check the address, or use --workers N for a local cluster"
            ) from None
    cluster = distributed.LocalCluster(
        n_workers=workers or 2, threads_per_worker=1, processes=True,
        host="127.0.0.1", dashboard_address=None, silence_logs=40,
    )
    return distributed.Client(cluster), cluster


def prepare_stream(
    items: Iterable[Any],
    config: Config,
    settings: _cluster.Settings,
    *,
    batch_size: int,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    on_part: Callable[[int], None] | None = None,
) -> Iterator[tuple[list[Any], list[Skip]]]:
    """Prepared batches, in input order, computed on Dask workers (Dask's message logs
    kept short while they run: see ``LOG_LENGTH``); ``on_part`` is called with the number
    of documents of each task as its result is collected."""
    _import_distributed()
    import dask

    with dask.config.set({"distributed.admin.low-level-log-length": LOG_LENGTH}):
        yield from _stream(items, config, settings, batch_size, workers, scheduler, client,
                           on_part or (lambda n: None))


def _stream(items: Iterable[Any], config: Config, settings: _cluster.Settings, batch_size: int,
            workers: int | None, scheduler: str | None, client: Any,
            on_part: Callable[[int], None]) -> Iterator[tuple[list[Any], list[Skip]]]:
    task_size = prepare.TASK_SIZE  # (read at call time: tests make it small)
    own_cluster = None
    if client is None:
        client, own_cluster = connect(workers, scheduler)
        own_client = True
    else:
        own_client = False
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))
        tasks = -(-batch_size // task_size)  # per batch
        ahead = max(BATCHES_AHEAD, -(-IN_FLIGHT_PER_WORKER * n_workers // tasks))
        pending: deque[list[Any]] = deque()
        for batch in prepare.chunks(items, batch_size):
            pending.append([
                client.submit(prepare.prepare_batch, batch[i : i + task_size], config, settings, pure=False)
                for i in range(0, len(batch), task_size)
            ])
            if len(pending) > ahead:
                yield _joined(pending.popleft(), on_part)
        while pending:
            yield _joined(pending.popleft(), on_part)
    finally:
        if own_client:
            client.close()
        if own_cluster is not None:
            own_cluster.close()


def _joined(futures: list[Any], on_part: Callable[[int], None]) -> tuple[list[Any], list[Skip]]:
    """One commit batch from its tasks' results, in input order (``prepare_batch`` works
    document by document, so the parts joined equal the whole batch prepared at once)."""
    prepared: list[Any] = []
    skipped: list[Skip] = []
    for future in futures:
        p, s = future.result()
        prepared.extend(p)
        skipped.extend(s)
        on_part(len(p) + len(s))
    return prepared, skipped
