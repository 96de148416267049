"""The corpus: many articles about many events in one SQLite store, copies folded, stories found.

``ingest(paths, store)`` reads, cleans, folds duplicates and assigns stories in
batches (one transaction each); ``Store`` reads stories, articles and full-text
search results back. The modules:

* ``prepare``: clean, check, fingerprint and featurise a batch (here or on a worker);
* ``ingest``: ``ingest()`` and its ``IngestReport``;
* ``writer``: the write algorithm (fold copies, candidates, link, cluster, refresh);
* ``store``: ``Store``, the read API (stories, articles, search), ``brief_story``;
* ``db``: the SQLite schema, its migrations and the connection;
* ``cluster``, ``dedupe``: story clustering and near-duplicate fingerprints;
* ``distributed``: preparing batches on Dask workers.
"""

from __future__ import annotations

from ..records import Story
from . import cluster, dedupe
from .db import SCHEMA_VERSION
from .ingest import IngestReport, ingest
from .prepare import Prepared, prepare_batch
from .store import SearchHit, Store, brief_story, stories_json

__all__ = [
    "SCHEMA_VERSION", "IngestReport", "Prepared", "SearchHit", "Store", "Story",
    "brief_story", "cluster", "dedupe", "ingest", "prepare_batch", "stories_json",
]
