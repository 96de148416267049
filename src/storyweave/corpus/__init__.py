"""The corpus: many articles about many events in one SQLite store, copies folded, stories found.

``ingest(paths, store)`` reads, cleans, folds duplicates and assigns stories in
batches (one transaction each); ``Store`` reads stories, articles and full-text
search results back. The CLI handlers (``cli_ingest``, ``cli_stories``,
``cli_search``) and ``brief_story`` are thin layers over these.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import numpy as np

from ..config import Config
from ..errors import DataError, StoreError, UsageError
from ..records import Article, Brief, RawDocument, Skip, Story
from . import cluster as _cluster
from . import dedupe as _dedupe
from .store import SCHEMA_VERSION, Database

__all__ = [
    "SCHEMA_VERSION", "IngestReport", "Prepared", "SearchHit", "Store", "Story",
    "brief_story", "cli_ingest", "cli_search", "cli_stories", "ingest", "prepare_batch",
]

STORIES_SCHEMA = "storyweave.stories/1"
SEARCH_SCHEMA = "storyweave.search/1"

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


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result: an article, its story, and the matching snippet."""

    article_id: str
    story_id: str | None
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    path: str | None
    snippet: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"] = round(self.score, 4)
        return data


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


@dataclass(frozen=True)
class Prepared:
    """An article ready for the store: cleaned, fingerprinted, featurised (on any worker)."""

    article: Article
    fingerprint: _dedupe.Fingerprint
    features: _cluster.Features = field(repr=False)


# ---------------------------------------------------------------- preparing


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


def _prepare_local(items: Iterable[Any], config: Config, settings: _cluster.Settings,
                   batch_size: int, on_part: Callable[[int], None],
                   ) -> Iterator[tuple[list[Prepared], list[Skip]]]:
    """Prepared batches in this process, each prepared in parts (as the Dask path sends
    them out) so that progress is reported part by part."""
    for batch in _chunks(items, batch_size):
        prepared: list[Prepared] = []
        skipped: list[Skip] = []
        for i in range(0, len(batch), TASK_SIZE):
            part = batch[i : i + TASK_SIZE]
            p, s = prepare_batch(part, config, settings)
            prepared.extend(p)
            skipped.extend(s)
            on_part(len(part))
        yield prepared, skipped


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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


# ---------------------------------------------------------------- ingest


def ingest(
    inputs: Any,
    store: Store,
    *,
    config: Config | None = None,
    settings: _cluster.Settings | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    on_skip: Any = None,
    on_notice: Any = None,
    on_progress: Any = None,
) -> IngestReport:
    """Read ``inputs`` into ``store``: clean, fold duplicates, assign stories.

    Args:
        inputs: paths (files, folders) or an iterable of ``RawDocument`` / ``Article`` /
            ``Skip`` records.
        store: an open, writable ``Store``.
        settings: clustering settings (see ``corpus.cluster``).
        batch_size: articles per transaction (each batch is committed whole or not at all).
        progress: show a progress bar on standard error.
        workers, scheduler: prepare batches on a local Dask cluster of ``workers``
            processes, or on the Dask scheduler at ``scheduler`` (``tcp://HOST:PORT``).
        client: an existing ``dask.distributed.Client`` to prepare batches on.
        on_skip: called with each ``Skip`` as it happens (the CLI prints a warning).
        on_notice: called with a one-line message before long maintenance, such as
            recomputing the stories of a store built with older clustering features.
        on_progress: called with a number of documents each time a part of a batch (a
            Dask task's worth) has been read and prepared; the progress bar uses it, so it
            moves every few hundred documents although a batch holds thousands.

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
    store._check_features(settings, on_notice)
    config = config or Config()
    settings = settings or _cluster.Settings()
    started = time.perf_counter()
    failures: list[DataError] = []
    items = _guard(_items(inputs, config), failures)
    run_id = store._start_run()
    added = duplicates = 0
    skipped: list[Skip] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="ingest", unit=" docs", file=sys.stderr, dynamic_ncols=True)

    def on_part(n: int) -> None:
        if bar is not None:
            bar.update(n)
        if on_progress is not None:
            on_progress(n)

    if workers or scheduler or client is not None:
        from .distributed import prepare_stream

        batches = prepare_stream(items, config, settings, batch_size=batch_size,
                                 workers=workers, scheduler=scheduler, client=client,
                                 on_part=on_part)
    else:
        batches = _prepare_local(items, config, settings, batch_size, on_part)
    clock = _Clock(store.stage_seconds)
    try:
        for prepared, skips in batches:
            # reading and preparing the batch (one process), or waiting for a worker's
            clock.lap("read + prepare")
            a, d = store._add_batch(prepared, skips, run_id, settings)
            added += a
            duplicates += d
            skipped.extend(skips)
            if on_skip is not None:
                for skip in skips:
                    on_skip(skip)
            if bar is not None:
                bar.set_postfix(added=added, dup=duplicates, skipped=len(skipped))
            clock.reset()
    finally:
        if bar is not None:
            bar.close()
    store._finish_run(run_id, added, duplicates, len(skipped))
    if failures and not added and not duplicates:
        raise failures[0]  # nothing readable at all; the skips are recorded
    return IngestReport(added=added, duplicates=duplicates, skipped=tuple(skipped),
                        stories=store.count_stories(), seconds=time.perf_counter() - started)


# ---------------------------------------------------------------- the store


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _fts_query(query: str) -> str:
    """A safe FTS5 query: every word must occur (quoted, so no operator is interpreted)."""
    words = re.findall(r"\w+", query, re.UNICODE)
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


class Store:
    """A corpus store on disk (SQLite). Use as a context manager.

    Args:
        path: the store file; created (with its folder's permission) when missing.
        readonly: open for reading only (the web app, ``stories``, ``search``).
        timeout: seconds to wait when another process holds the write lock.

    Raises:
        StoreError: locked, read-only, not a store, or a newer schema version.
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False,
                 timeout: float = 10.0) -> None:
        self.path = os.fspath(path)
        self.readonly = readonly
        self.db = Database(self.path, readonly=readonly, timeout=timeout)
        #: wall and CPU seconds spent in each stage of ingests into this store (``_Clock``)
        self.stage_seconds: dict[str, float] = {}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.query("PRAGMA user_version")[0][0])

    # ------------------------------------------------------------ reading

    def count_articles(self) -> int:
        return int(self.db.query("SELECT count(*) FROM articles")[0][0])

    def count_stories(self) -> int:
        return int(self.db.query("SELECT count(*) FROM stories")[0][0])

    def _resolve(self, story_id: str) -> str:
        seen = set()
        while story_id not in seen:
            seen.add(story_id)
            if self.db.query("SELECT 1 FROM stories WHERE id = ?", (story_id,)):
                return story_id
            row = self.db.query("SELECT new FROM story_alias WHERE old = ?", (story_id,))
            if not row:
                break
            story_id = row[0][0]
        raise KeyError(story_id)

    def _stories_where(self, ids: Sequence[str] | None) -> list[Story]:
        where, params = "", ()
        if ids is not None:
            if not ids:
                return []
            marks = ",".join("?" * len(ids))
            where, params = f"WHERE s.id IN ({marks})", tuple(ids)
        heads = self.db.query(
            f"SELECT id, headline, size, first_date, last_date FROM stories s {where}", params
        )
        members: dict[str, list[str]] = {}
        outlets: dict[str, set[str]] = {}
        urls: dict[str, list[str]] = {}
        paths: dict[str, list[str]] = {}
        for row in self.db.query(
            f"SELECT a.story_id, a.id FROM articles a JOIN stories s ON s.id = a.story_id {where} "
            "ORDER BY a.story_id, coalesce(a.published, '9999'), a.id", params
        ):
            members.setdefault(row[0], []).append(row[1])
        for row in self.db.query(
            "SELECT a.story_id, c.outlet, c.url, c.path FROM copies c "
            f"JOIN articles a ON a.id = c.article_id JOIN stories s ON s.id = a.story_id {where} "
            "ORDER BY a.story_id, c.rowid", params
        ):
            if row[1]:
                outlets.setdefault(row[0], set()).add(row[1])
            if row[2] and row[2] not in urls.setdefault(row[0], []):
                urls[row[0]].append(row[2])
            if row[3] and row[3] not in paths.setdefault(row[0], []):
                paths[row[0]].append(row[3])
        stories = [
            Story(
                id=h["id"], headline=h["headline"], size=h["size"],
                outlets=tuple(sorted(outlets.get(h["id"], ()))),
                first_date=h["first_date"], last_date=h["last_date"],
                article_ids=tuple(members.get(h["id"], ())),
                urls=tuple(urls.get(h["id"], ())), paths=tuple(paths.get(h["id"], ())),
            )
            for h in heads
        ]
        stories.sort(key=lambda s: (-s.size, _neg_date(s.last_date), s.id))
        return stories

    def stories(self, *, query: str | None = None, outlet: str | None = None,
                since: str | None = None, until: str | None = None) -> list[Story]:
        """Stories, biggest first; optionally only those matching a search, an outlet or
        overlapping a date range (ISO dates; stories without dates are kept)."""
        if not (query or outlet or since or until):
            return self._stories_where(None)
        return self._stories_where(self.story_ids(query=query, outlet=outlet, since=since, until=until))

    def story_page(self, offset: int = 0, limit: int | None = None,
                   **filters: str | None) -> tuple[list[Story], int]:
        """``limit`` of the stories ``stories(**filters)`` lists, from ``offset`` on, and how
        many it lists in all; only the page's stories have their members read."""
        ids = self.story_ids(**filters)
        page = ids[offset:] if limit is None else ids[offset : offset + limit]
        return self._stories_where(page), len(ids)

    def story_ids(self, *, query: str | None = None, outlet: str | None = None,
                  since: str | None = None, until: str | None = None) -> list[str]:
        """The ids ``stories`` would list, in its order, reading no members: cheap enough
        to count and page a store of tens of thousands of stories on every request."""
        ids: set[str] | None = None
        if query:
            fts = _fts_query(query)
            if not fts:
                return []
            rows = self.db.query(
                "SELECT DISTINCT a.story_id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                "WHERE articles_fts MATCH ?", (fts,)
            )
            ids = {r[0] for r in rows if r[0]}
        if outlet:
            rows = self.db.query(
                "SELECT DISTINCT a.story_id FROM copies c JOIN articles a ON a.id = c.article_id "
                "WHERE lower(c.outlet) = lower(?)", (outlet,)
            )
            found = {r[0] for r in rows if r[0]}
            ids = found if ids is None else ids & found
        rows = self.db.query("SELECT id, size, first_date, last_date FROM stories")
        heads = [r for r in rows if ids is None or r[0] in ids]
        if since:
            heads = [r for r in heads if not r[3] or r[3][:10] >= since[:10]]
        if until:
            heads = [r for r in heads if not r[2] or r[2][:10] <= until[:10]]
        heads.sort(key=lambda r: (-r[1], _neg_date(r[3]), r[0]))
        return [r[0] for r in heads]

    def story(self, story_id: str) -> Story:
        """One story by id (an id a merge retired still answers). Raises KeyError."""
        found = self._stories_where([self._resolve(story_id)])
        if not found:
            raise KeyError(story_id)
        return found[0]

    def _article(self, row: Any) -> Article:
        return Article(
            id=row["id"], paragraphs=tuple(p for p in row["text"].split("\n") if p.strip()),
            title=row["title"], outlet=row["outlet"], published=row["published"],
            url=row["url"], path=row["path"], dropped=tuple(json.loads(row["dropped"] or "[]")),
            syndicated_from=row["syndicated_from"],
        )

    _ARTICLE_COLS = "id, title, outlet, published, url, path, text, dropped, syndicated_from"

    def story_articles(self, story_id: str) -> list[Article]:
        """The articles of a story, by (publication date, id). Raises KeyError."""
        story_id = self._resolve(story_id)
        rows = self.db.query(
            f"SELECT {self._ARTICLE_COLS} FROM articles WHERE story_id = ? "
            "ORDER BY coalesce(published, '9999'), id", (story_id,)
        )
        return [self._article(r) for r in rows]

    def article(self, article_id: str) -> Article:
        """One article by id. Raises KeyError."""
        rows = self.db.query(f"SELECT {self._ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise KeyError(article_id)
        return self._article(rows[0])

    def article_story(self, article_id: str) -> str:
        rows = self.db.query("SELECT story_id FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise KeyError(article_id)
        return rows[0][0]

    def copies(self, article_id: str) -> list[dict[str, Any]]:
        """Every place an article was read from (the original first, then folded copies)."""
        rows = self.db.query(
            "SELECT path, url, outlet, title, published, syndicated_from, kind FROM copies "
            "WHERE article_id = ? ORDER BY rowid", (article_id,)
        )
        return [{k: (r[k] or None) for k in r.keys()} for r in rows]

    def article_sources(self, story_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Each story's articles (by date, then id) with every place each was read from,
        in a few queries per 500 stories and without reading the texts: what the stories
        JSON lists (one query per article made a 100k store's list take minutes)."""
        found: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(story_ids, 500):
            marks = ",".join("?" * len(chunk))
            copies: dict[str, list[dict[str, Any]]] = {}
            for r in self.db.query(
                "SELECT c.article_id, c.path, c.url, c.outlet, c.title, c.published, "
                "c.syndicated_from, c.kind FROM copies c JOIN articles a ON a.id = c.article_id "
                f"WHERE a.story_id IN ({marks}) ORDER BY c.rowid", tuple(chunk)
            ):
                copies.setdefault(r[0], []).append({k: (r[k] or None) for k in r.keys()[1:]})
            for r in self.db.query(
                "SELECT story_id, id, title, outlet, published, url, path FROM articles "
                f"WHERE story_id IN ({marks}) ORDER BY story_id, coalesce(published, '9999'), id",
                tuple(chunk),
            ):
                found.setdefault(r[0], []).append({
                    "id": r[1], "title": r[2], "outlet": r[3], "published": r[4], "url": r[5],
                    "path": r[6], "copies": copies.get(r[1], []),
                })
        return found

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching every word of ``query`` (BM25 order), with their stories."""
        fts = _fts_query(query)
        if not fts:
            return []
        rows = self.db.query(
            "SELECT a.id, a.story_id, a.title, a.outlet, a.published, a.url, a.path, "
            "snippet(articles_fts, 1, '[', ']', '...', 14) AS snip, bm25(articles_fts) AS score "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY score, a.id LIMIT ?", (fts, int(limit))
        )
        return [
            SearchHit(article_id=r[0], story_id=r[1], title=r[2], outlet=r[3], published=r[4],
                      url=r[5], path=r[6], snippet=" ".join((r[7] or "").split()),
                      score=-float(r[8]))
            for r in rows
        ]

    def outlets(self) -> list[str]:
        rows = self.db.query("SELECT DISTINCT outlet FROM copies WHERE outlet IS NOT NULL")
        return sorted({r[0] for r in rows if r[0]}, key=str.lower)

    def skips(self) -> list[dict[str, Any]]:
        """Every skip recorded by any run: path, reason, how often seen, last run."""
        rows = self.db.query("SELECT path, reason, seen, last_run FROM skips ORDER BY path, reason")
        return [dict(r) for r in rows]

    def partition(self) -> dict[str, str]:
        """Every article id -> its story id (for tests and benchmarks)."""
        return {r[0]: r[1] for r in self.db.query("SELECT id, story_id FROM articles")}

    # ------------------------------------------------------------ writing

    def _stored_features_version(self) -> int | None:
        """The ``cluster.FEATURES_VERSION`` the stored vectors were computed with (None
        for a store with no articles yet; stores written before it was kept hold 1)."""
        row = self.db.query("SELECT value FROM meta WHERE key = 'features_version'")
        if row:
            return int(row[0][0])
        return 1 if self.db.query("SELECT 1 FROM articles LIMIT 1") else None

    def _check_features(self, settings: _cluster.Settings | None = None,
                        warn: Any = None) -> None:
        """Before adding articles: bring a store whose stored features are of another
        ``cluster.FEATURES_VERSION`` forward (``rebuild_stories``), since new and stored
        vectors would not compare and the stories would silently degrade; record the
        version in a new store."""
        stored = self._stored_features_version()
        if stored is None:
            with self.db.transaction() as c:
                _record_features_version(c)
        elif stored != _cluster.FEATURES_VERSION:
            if warn is not None:
                warn(f"{self.path}: stories were built with clustering features version {stored}; "
                     f"recomputing them with version {_cluster.FEATURES_VERSION} from the stored "
                     f"texts ({self.count_articles()} articles)")
            self.rebuild_stories(settings)

    def rebuild_stories(self, settings: _cluster.Settings | None = None) -> None:
        """Recompute every article's clustering features from its stored text, then its
        links and stories, in one transaction (a kill midway leaves the store as it was).

        The articles are replayed in the order they were stored, through the same linking
        and clustering as an ingest, so the stories are those a fresh ingest of the same
        articles gives; story ids are kept where a story keeps most of its members (the
        others become aliases, so old links still answer). Folded copies are untouched.
        """
        settings = settings or _cluster.Settings()
        clock = _Clock(self.stage_seconds)
        with self.db.transaction() as c:
            c.execute("DELETE FROM term_keys")
            c.execute("DELETE FROM edges")
            c.execute("UPDATE articles SET component = rowid")
            last = 0
            touched: set[str] = {r[0] for r in c.execute("SELECT id FROM stories")}
            while True:
                rows = c.execute(
                    f"SELECT rowid, {self._ARTICLE_COLS} FROM articles WHERE rowid > ? "
                    "ORDER BY rowid LIMIT ?", (last, BATCH_SIZE),
                ).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                batch: list[_New] = []
                for row in rows:
                    f = _cluster.features(self._article(row))
                    c.execute("UPDATE articles SET features = ?, day = ? WHERE rowid = ?",
                              (f.to_bytes(), f.day, row[0]))
                    batch.append(_New(row["id"], row[0], f))
                _write_keys(c, [(k, n.rowid) for n in batch for k in n.features.keys])
                touched |= self._link_and_cluster(c, batch, settings, clock)
            touched |= {r[0] for r in c.execute("SELECT DISTINCT story_id FROM articles")}
            self._refresh_stories(c, {s for s in touched if s})
            _record_features_version(c)

    def _start_run(self) -> int:
        with self.db.transaction() as c:
            return int(c.execute("INSERT INTO runs(started) VALUES (?)", (_now(),)).lastrowid)

    def _finish_run(self, run_id: int, added: int, duplicates: int, skipped: int) -> None:
        with self.db.transaction() as c:
            c.execute(
                "UPDATE runs SET finished = ?, added = ?, duplicates = ?, skipped = ? WHERE id = ?",
                (_now(), added, duplicates, skipped, run_id),
            )

    def _add_batch(self, prepared: Sequence[Prepared], skips: Sequence[Skip], run_id: int,
                   settings: _cluster.Settings) -> tuple[int, int]:
        """Store one batch in one transaction; returns (added, duplicates)."""
        clock = _Clock(self.stage_seconds)
        with self.db.transaction() as c:
            for skip in skips:
                c.execute(
                    "INSERT INTO skips(path, reason, seen, last_run) VALUES (?, ?, 1, ?) "
                    "ON CONFLICT(path, reason) DO UPDATE SET seen = seen + 1, last_run = excluded.last_run",
                    (skip.path, skip.reason, run_id),
                )
            added, duplicates, new, touched = self._fold(c, prepared)
            clock.lap("fold")
            if new:
                touched |= self._link_and_cluster(c, new, settings, clock)
            self._refresh_stories(c, touched)
            clock.lap("refresh stories")
            c.execute(
                "UPDATE runs SET added = added + ?, duplicates = duplicates + ?, skipped = skipped + ? "
                "WHERE id = ?", (added, duplicates, len(skips), run_id),
            )
        clock.lap("commit")
        return added, duplicates

    def _fold(self, c: Any, prepared: Sequence[Prepared]) -> tuple[int, int, list[_New], set[str]]:
        """Exact and near duplicates become copies of a stored article; the rest are inserted.

        The batch's LSH buckets and candidate keys are written once at the end, sorted
        (fewer index pages touched than one article at a time); an article meets the
        batch's earlier articles through ``batch_bands`` instead.
        """
        added = duplicates = 0
        new: list[_New] = []
        touched: set[str] = set()
        batch_bands: dict[int, list[tuple[str, np.ndarray, bool]]] = {}
        lsh_rows: list[tuple[int, str]] = []
        key_rows: list[tuple[int, int]] = []
        next_rowid: int | None = None
        # canonical order within a batch, so the batch's own copies fold the same way
        # whatever order they were read in
        # (originals before declared reprints, so that the original's text is the one kept)
        for p in sorted(prepared, key=lambda p: (p.article.syndicated_from is not None,
                                                 p.article.id, p.article.path or "", p.article.url or "")):
            a = p.article
            target = None
            row = c.execute("SELECT id FROM articles WHERE id = ?", (a.id,)).fetchone()
            kind = "exact"
            if row is not None:
                target = row[0]
            else:
                bands = p.fingerprint.bands
                marks = ",".join("?" * len(bands))
                cands = {
                    r[0]: (np.frombuffer(r[1], dtype=np.uint32), bool(r[2]))
                    for r in c.execute(
                        "SELECT DISTINCT x.id, x.signature, x.syndicated_from IS NOT NULL "
                        "FROM lsh l JOIN articles x ON x.id = l.article_id "
                        f"WHERE l.h IN ({marks})", bands,
                    )
                }
                for h in bands:
                    for other, sig, reprint in batch_bands.get(h, ()):
                        cands[other] = (sig, reprint)
                target = _dedupe.best_match(
                    a, p.fingerprint, [(k, sig, rep) for k, (sig, rep) in sorted(cands.items())]
                )
                kind = "near"
            if target is not None:
                cur = c.execute(
                    "INSERT OR IGNORE INTO copies(article_id, path, url, outlet, title, published, "
                    "syndicated_from, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (target, a.path or "", a.url or "", a.outlet, a.title, a.published,
                     a.syndicated_from, kind),
                )
                duplicates += 1
                if cur.rowcount:
                    story = c.execute("SELECT story_id FROM articles WHERE id = ?", (target,)).fetchone()
                    if story and story[0]:
                        touched.add(story[0])
                continue
            f = p.features
            # its own component to begin with, written with the row (an UPDATE afterwards
            # would rewrite the whole row, text included)
            if next_rowid is None:
                next_rowid = c.execute("SELECT coalesce(max(rowid), 0) + 1 FROM articles").fetchone()[0]
            rowid, next_rowid = next_rowid, next_rowid + 1
            c.execute(
                "INSERT INTO articles(rowid, id, title, outlet, published, url, path, text, dropped, "
                "syndicated_from, n_words, features, signature, day, component) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rowid, a.id, a.title, a.outlet, a.published, a.url, a.path, a.text,
                 json.dumps(list(a.dropped), ensure_ascii=False), a.syndicated_from, a.n_words,
                 f.to_bytes(), p.fingerprint.signature.astype("<u4").tobytes(), f.day, rowid),
            )
            c.execute(
                "INSERT INTO copies(article_id, path, url, outlet, title, published, syndicated_from, kind) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'original')",
                (a.id, a.path or "", a.url or "", a.outlet, a.title, a.published, a.syndicated_from),
            )
            entry = (a.id, p.fingerprint.signature, a.syndicated_from is not None)
            for h in p.fingerprint.bands:
                batch_bands.setdefault(h, []).append(entry)
                lsh_rows.append((h, a.id))
            key_rows.extend((k, rowid) for k in f.keys)
            added += 1
            new.append(_New(a.id, rowid, f))
        c.executemany("INSERT OR IGNORE INTO lsh(h, article_id) VALUES (?, ?)", sorted(lsh_rows))
        _write_keys(c, key_rows)
        return added, duplicates, new, touched

    def _candidates(self, c: Any, article: _New) -> list[int]:
        """The stored articles a new one is compared with (rowids), in bounded time.

        Those sharing at least ``MIN_SHARED_KEYS`` of its keys, where each key is looked
        up among its ``MAX_POSTING`` most recently stored holders only, and of those the
        ``MAX_CANDIDATES`` sharing the most keys (ties: smaller id). Exact -- every
        article sharing enough keys, whatever the order -- as long as no key has more
        holders and no article more candidates than that; beyond it the look-up costs
        O(KEYS * MAX_POSTING) instead of growing with the store, and which articles are
        compared depends a little on the order they came in.
        """
        keys = article.features.keys
        if len(keys) < _cluster.MIN_SHARED_KEYS:
            return []
        postings = " UNION ALL ".join(
            ["SELECT * FROM (SELECT article FROM term_keys WHERE key = ? ORDER BY article DESC LIMIT ?)"]
            * len(keys)
        )
        # counted by SQLite: up to KEYS * MAX_POSTING rows never cross into Python
        sql = (f"SELECT article, count(*) FROM ({postings}) GROUP BY article "
               "HAVING count(*) >= ? AND article != ?")
        params = [x for k in keys for x in (k, MAX_POSTING)]
        found = [(n, other) for other, n in
                 c.execute(sql, [*params, _cluster.MIN_SHARED_KEYS, article.rowid])]
        if len(found) > MAX_CANDIDATES:
            ids = self._ids_of(c, [other for _, other in found])
            found.sort(key=lambda t: (-t[0], ids[t[1]]))
            found = found[:MAX_CANDIDATES]
        return [other for _, other in found]

    @staticmethod
    def _ids_of(c: Any, rowids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for i in range(0, len(rowids), 500):
            chunk = rowids[i : i + 500]
            out.update(c.execute(
                f"SELECT rowid, id FROM articles WHERE rowid IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall())
        return out

    def _link_and_cluster(self, c: Any, new: Sequence[_New], settings: _cluster.Settings,
                          clock: _Clock) -> set[str]:
        """Link the new articles to their candidates, merge components, re-cluster them."""
        feats: dict[str, _cluster.Features] = {n.id: n.features for n in new}
        comp: dict[str, int] = {n.id: n.rowid for n in new}
        id_of: dict[int, str] = {n.rowid: n.id for n in new}
        new_ids = set(feats)
        wanted: dict[str, list[int]] = {n.id: self._candidates(c, n) for n in new}
        clock.lap("candidates")
        missing = sorted({r for rows in wanted.values() for r in rows} - set(id_of))
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            for row in c.execute(
                "SELECT rowid, id, features, day, component FROM articles "
                f"WHERE rowid IN ({','.join('?' * len(chunk))})", chunk
            ):
                id_of[row[0]] = row[1]
                feats[row[1]] = _cluster.Features.from_bytes(row[2], row[3])
                comp[row[1]] = row[4]
        partners: dict[str, set[str]] = {}
        for a, rows in wanted.items():
            for r in rows:
                b = id_of[r]
                low, high = (a, b) if a < b else (b, a)
                partners.setdefault(low, set()).add(high)
        edges = []
        for a in sorted(partners):
            others = sorted(partners[a])
            sims = _cluster.similarities(feats[a], [feats[b] for b in others])
            edges.extend((a, b, float(s)) for b, s in zip(others, sims, strict=True)
                         if s >= EDGE_FLOOR)
        c.executemany("INSERT OR REPLACE INTO edges(a, b, sim) VALUES (?, ?, ?)", edges)
        clock.lap("link")
        # union the components joined by links at the cut
        join = max(settings.join, settings.link)
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for a, b, sim in edges:
            if sim >= join:
                ra, rb = find(comp[a]), find(comp[b])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        for old in sorted(parent):
            root = find(old)
            if root != old:
                c.execute("UPDATE articles SET component = ? WHERE component = ?", (root, old))
        by_component: dict[int, list[str]] = {}
        for a in sorted(new_ids):
            by_component.setdefault(find(comp[a]), []).append(a)
        clock.lap("components")
        touched: set[str] = set()
        for component, members in sorted(by_component.items()):
            size = c.execute("SELECT count(*) FROM articles WHERE component = ?",
                             (component,)).fetchone()[0]
            if size <= _cluster.MAX_RECLUSTER:
                touched |= self._recluster(c, component, settings)
            else:
                touched |= self._assign(c, members, settings)
        clock.lap("cluster")
        return touched

    def _assign(self, c: Any, new_ids: Sequence[str], settings: _cluster.Settings) -> set[str]:
        """New articles of a large component join the story they are closest to on
        average (the average-link criterion against each story as it stands), else the
        story of their strongest link when it reaches the join threshold, or found one;
        in canonical order, so a batch's result does not depend on its order."""
        rows = c.execute(
            f"SELECT id, coalesce(published, '9999') FROM articles WHERE id IN ({','.join('?' * len(new_ids))})",
            list(new_ids),
        ).fetchall()
        story_of: dict[str, str] = {}
        sizes: dict[str, int] = {}
        touched: set[str] = set()
        join = max(settings.join, settings.link)
        similar = self._similarity(c)
        for a, _ in sorted(rows, key=lambda r: (r[1], r[0])):
            sums: dict[str, float] = {}
            strongest: tuple[float, str] | None = None  # its strongest link's story
            for other, sim in c.execute(
                "SELECT b, sim FROM edges WHERE a = ? UNION ALL SELECT a, sim FROM edges WHERE b = ?",
                (a, a),
            ):
                story = story_of.get(other)
                if story is None:
                    row = c.execute("SELECT story_id FROM articles WHERE id = ?", (other,)).fetchone()
                    story = row[0] if row else None
                    if story is None:
                        continue
                    story_of[other] = story
                sums[story] = sums.get(story, 0.0) + sim
                if sim >= join and (strongest is None or (-sim, story) < (-strongest[0], strongest[1])):
                    strongest = (sim, story)
            best, best_avg = None, settings.link
            for story, total in sorted(sums.items()):
                if story not in sizes:
                    sizes[story] = c.execute(
                        "SELECT count(*) FROM articles WHERE story_id = ?", (story,)
                    ).fetchone()[0]
                avg = total / max(1, sizes[story])
                if avg >= best_avg:
                    best, best_avg = story, avg
            if best is None and strongest is not None and sizes.get(strongest[1], 0) <= _cluster.MAX_RECLUSTER:
                # not left alone when its average to its strongest link's story, pairs
                # never compared counted at their true value, reaches the cut (as
                # ``cluster.attach_singletons``)
                members = [r[0] for r in c.execute(
                    "SELECT id FROM articles WHERE story_id = ?", (strongest[1],))]
                if members and sum(similar(a, m) for m in members) / len(members) >= settings.link:
                    best = strongest[1]
            story = best or "s" + a
            c.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story, a))
            story_of[a] = story
            sizes[story] = sizes.get(story, 0) + 1
            touched.add(story)
        return touched

    @staticmethod
    def _similarity(c: Any) -> Callable[[str, str], float]:
        """The similarity of two stored articles, from their stored features (read once)."""
        cache: dict[str, _cluster.Features] = {}

        def features(article_id: str) -> _cluster.Features:
            if article_id not in cache:
                row = c.execute("SELECT features, day FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
                cache[article_id] = _cluster.Features.from_bytes(row[0], row[1])
            return cache[article_id]

        return lambda a, b: _cluster.similarity(features(a), features(b))

    def _recluster(self, c: Any, component: int, settings: _cluster.Settings) -> set[str]:
        rows = c.execute(
            "SELECT id, story_id, coalesce(published, '9999') FROM articles WHERE component = ?",
            (component,),
        ).fetchall()
        previous = {r[0]: r[1] for r in rows}
        order = {r[0]: (r[2], r[0]) for r in rows}
        edges = {
            (r[0], r[1]): r[2]
            for r in c.execute(
                "SELECT e.a, e.b, e.sim FROM edges e JOIN articles x ON x.id = e.a "
                "WHERE x.component = ?", (component,),
            )
        }
        clusters = _cluster.average_link(list(previous), edges, settings.link)
        clusters = _cluster.attach_singletons(clusters, edges, self._similarity(c),
                                              max(settings.join, settings.link), settings.link)
        assignment, aliases = _cluster.name_stories(clusters, previous, order)
        changed = [(s, a) for a, s in assignment.items() if previous.get(a) != s]
        c.executemany("UPDATE articles SET story_id = ? WHERE id = ?", changed)
        for old, new in aliases.items():
            c.execute("INSERT OR REPLACE INTO story_alias(old, new) VALUES (?, ?)", (old, new))
            c.execute("UPDATE story_alias SET new = ? WHERE new = ?", (new, old))
            c.execute("DELETE FROM stories WHERE id = ?", (old,))
        # a story id that comes back after being retired stops being an alias (live ids
        # never are one, so only the ids that were not live before need the delete)
        for story in sorted(set(assignment.values()) - set(previous.values())):
            c.execute("DELETE FROM story_alias WHERE old = ?", (story,))
        # only stories that gained or lost members need their cached summary redone
        # (redoing every story of the component made a batch cost O(component))
        return {s for s, _ in changed} | {previous[a] for _, a in changed if previous[a]}

    def _refresh_stories(self, c: Any, story_ids: Iterable[str]) -> None:
        """Recompute the cached headline, size and dates of the given stories."""
        for story in sorted(story_ids):
            rows = c.execute(
                "SELECT a.id, a.title, substr(a.text, 1, 300), a.published, "
                "(SELECT count(*) FROM copies x WHERE x.article_id = a.id) "
                "FROM articles a WHERE a.story_id = ?", (story,),
            ).fetchall()
            if not rows:
                c.execute("DELETE FROM stories WHERE id = ?", (story,))
                continue
            best = min(rows, key=lambda r: (-r[4], r[1] is None, r[3] or "9999", r[0]))
            headline = best[1] or _first_words(best[2])
            dates = sorted(r[3][:10] for r in rows if r[3])
            c.execute(
                "INSERT INTO stories(id, headline, size, first_date, last_date) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET headline = excluded.headline, size = excluded.size, "
                "first_date = excluded.first_date, last_date = excluded.last_date",
                (story, headline, len(rows), dates[0] if dates else None, dates[-1] if dates else None),
            )


#: A key's candidates are looked up among its this many most recently stored holders
#: (the article itself included). The 398-document quality benchmark's commonest key
#: has 52 holders, so there the look-up is exact; in a large corpus a key held by
#: thousands of articles would otherwise make every look-up grow with the corpus.
MAX_POSTING = 100
#: At most this many candidates per new article (those sharing the most keys, ties by
#: id): bounds the similarities computed and the edges stored per article. The
#: benchmark's articles have at most 36 candidates.
MAX_CANDIDATES = 50


def _record_features_version(c: Any) -> None:
    """Note in the store which ``cluster.FEATURES_VERSION`` its vectors and keys are."""
    c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('features_version', ?)",
              (str(_cluster.FEATURES_VERSION),))


def _write_keys(c: Any, rows: list[tuple[int, int]]) -> None:
    """Add (term key, article rowid) rows to the candidate index, sorted (fewer pages touched)."""
    c.executemany("INSERT OR IGNORE INTO term_keys(key, article) VALUES (?, ?)", sorted(rows))


@dataclass(frozen=True)
class _New:
    """An article this batch inserted: its id, rowid and features (for linking)."""

    id: str
    rowid: int
    features: _cluster.Features


class _Clock:
    """Adds the wall and CPU seconds (this process) since the last lap to a stage's
    totals: what the scale benchmark prints per stage, to see which parts of an ingest
    grow with the store (CPU, since other jobs on the machine distort wall times)."""

    def __init__(self, totals: dict[str, float]) -> None:
        self.totals = totals
        self.reset()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.process_time()

    def lap(self, stage: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.totals[stage] = self.totals.get(stage, 0.0) + now - self.last
        self.totals[stage + " (CPU)"] = self.totals.get(stage + " (CPU)", 0.0) + cpu - self.last_cpu
        self.last, self.last_cpu = now, cpu


#: Similarities below this are not stored (they would add nothing measurable to an
#: average-link cut at 0.10 but grow the edges table by about half).
EDGE_FLOOR = 0.03


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")


def _neg_date(value: str | None) -> str:
    """Sort key putting later dates first (missing dates last)."""
    if not value:
        return "~"
    return "".join(chr(0x7E - (ord(ch) - 0x20)) if ch.isdigit() else ch for ch in value)


# ---------------------------------------------------------------- brief and CLI


def brief_story(db_path: str | os.PathLike[str], story_id: str, config: Config | None = None) -> Brief:
    """The brief of one story of a store.

    Raises:
        StoreError: the store cannot be opened.
        UsageError: no story has that id.
    """
    from ..pipeline import brief_articles

    with Store(_existing(db_path), readonly=True) as store:
        try:
            articles = store.story_articles(story_id)
        except KeyError:
            raise UsageError(
                f"{db_path}: no story {story_id!r} (list them with `storyweave stories --db {db_path}`)"
            ) from None
    return brief_articles(articles, config or Config())


def _existing(db_path: Any) -> str:
    path = os.fspath(db_path)
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such store (create it with `storyweave ingest PATH... --db {path}`)")
    return path


@lru_cache(maxsize=1)
def _warn() -> Any:
    from ..cli import warn

    return warn


def cli_ingest(args: Any) -> int:
    """``storyweave ingest PATH... --db DB [--workers N | --scheduler URL] [--no-progress]``."""
    if getattr(args, "workers", None) and getattr(args, "scheduler", None):
        raise UsageError("give --workers or --scheduler, not both")
    warn = _warn()
    from ..ingest import check_inputs

    check_inputs(args.paths)  # fail before creating a store for nothing
    with Store(args.db) as store:
        report = ingest(
            args.paths, store, config=Config.from_kwargs(max_file_mb=getattr(args, "max_file_mb", None)),
            progress=not getattr(args, "no_progress", False) and sys.stderr.isatty(),
            workers=getattr(args, "workers", None), scheduler=getattr(args, "scheduler", None),
            on_skip=lambda s: warn(f"{s.path}: skipped: {s.reason}"),
            on_notice=warn,
        )
    print(f"storyweave: ingest: {report.line()}", file=sys.stderr)
    return 0


def stories_json(store: Store, stories: Sequence[Story]) -> dict[str, Any]:
    """The stories JSON: each story with its articles and where each came from."""
    sources = store.article_sources([s.id for s in stories])
    out = []
    for story in stories:
        data = story.to_dict()
        data["articles"] = sources.get(story.id, [])
        out.append(data)
    return {"schema": STORIES_SCHEMA, "store": store.path, "stories": out}


def cli_stories(args: Any) -> int:
    """``storyweave stories --db DB [--format text|markdown|json|html] [--limit N] [--offset N]``."""
    with Store(_existing(args.db), readonly=True) as store:
        offset, limit = getattr(args, "offset", 0) or 0, getattr(args, "limit", None)
        stories, total = store.story_page(offset, limit)
        fmt = getattr(args, "format", "text")
        if fmt == "json":
            text = json.dumps(stories_json(store, stories), ensure_ascii=False, indent=2)
        else:
            rows = [(s.id, str(s.size), ", ".join(s.outlets[:4]) + (" ..." if len(s.outlets) > 4 else ""),
                     _range(s), s.headline) for s in stories]
            caption = f"{len(stories)} stories in {store.path}"
            if offset or limit is not None:
                first = offset + 1 if stories else 0
                caption = (f"stories {first}-{offset + len(stories)} of {total} in {store.path}"
                           " (biggest first)")
            text = _table(("story", "size", "outlets", "dates", "headline"), rows, fmt, caption)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cli_search(args: Any) -> int:
    """``storyweave search QUERY --db DB [--format ...] [--limit N]``."""
    with Store(_existing(args.db), readonly=True) as store:
        hits = store.search(args.query, limit=getattr(args, "limit", 20) or 20)
        fmt = getattr(args, "format", "text")
        if fmt == "json":
            text = json.dumps({"schema": SEARCH_SCHEMA, "query": args.query,
                               "hits": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=2)
        else:
            rows = [(h.story_id or "", h.article_id, h.outlet or "", (h.published or "")[:10],
                     h.title or h.path or "", h.snippet) for h in hits]
            text = _table(("story", "article", "outlet", "date", "title", "snippet"), rows, fmt,
                          f"{len(hits)} articles match {args.query!r}")
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _range(story: Story) -> str:
    if not story.first_date:
        return ""
    if story.first_date == story.last_date:
        return story.first_date
    return f"{story.first_date}..{story.last_date}"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], fmt: str, caption: str) -> str:
    if fmt == "markdown":
        lines = [f"**{caption}**", "", "| " + " | ".join(head) + " |",
                 "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        return "\n".join(lines)
    if fmt == "html":
        from html import escape

        cells = "".join(f"<th>{escape(h)}</th>" for h in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows
        )
        return (f"<!doctype html><meta charset='utf-8'><title>{escape(caption)}</title>"
                f"<table><caption>{escape(caption)}</caption><tr>{cells}</tr>{body}</table>")
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head[:-1])]
    lines = [caption]
    for r in [tuple(head), *rows]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1])
    return "\n".join(lines)
