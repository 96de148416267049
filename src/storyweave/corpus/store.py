"""Reading a store: stories, articles, their copies and full-text search (``Store``).

``Store`` opens the database (``corpus.db``); writing is ``corpus.writer``'s, and
``ingest`` (``corpus.ingest``) is how articles get in.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..config import Config
from ..errors import NotFound, UsageError
from ..records import Article, Brief, Story, StoryFilter
from . import cluster as _cluster
from .db import ARTICLE_COLS, Database, article_from_row
from .prepare import chunks
from .threads import Thread
from .writer import Writer

#: /2 (issue 17) adds the thread level: each story's ``thread_id`` and a ``threads`` list
#: (each thread with its event ids, in time order).
STORIES_SCHEMA = "storyweave.stories/2"


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


def fts_query(query: str) -> str:
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
        raise NotFound(f"no story {story_id!r}", story_id)

    def _stories_where(self, ids: Sequence[str] | None) -> list[Story]:
        where, params = "", ()
        if ids is not None:
            if not ids:
                return []
            marks = ",".join("?" * len(ids))
            where, params = f"WHERE s.id IN ({marks})", tuple(ids)
        heads = self.db.query(
            f"SELECT id, headline, size, first_date, last_date, thread_id FROM stories s {where}", params
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
                thread_id=h["thread_id"],
            )
            for h in heads
        ]
        stories.sort(key=lambda s: (-s.size, _neg_date(s.last_date), s.id))
        return stories

    def stories(self, filters: StoryFilter | None = None, **kwargs: str | None) -> list[Story]:
        """Stories, biggest first; optionally only those a ``StoryFilter`` (or its fields
        as keywords: ``query``, ``outlet``, ``since``, ``until``) lets through."""
        flt = StoryFilter.of(filters, **kwargs)
        if not flt:
            return self._stories_where(None)
        return self._stories_where(self.story_ids(flt))

    def story_page(self, offset: int = 0, limit: int | None = None,
                   filters: StoryFilter | None = None, **kwargs: str | None) -> tuple[list[Story], int]:
        """``limit`` of the stories ``stories(filters)`` lists, from ``offset`` on, and how
        many it lists in all; only the page's stories have their members read."""
        ids = self.story_ids(filters, **kwargs)
        page = ids[offset:] if limit is None else ids[offset : offset + limit]
        return self._stories_where(page), len(ids)

    def story_ids(self, filters: StoryFilter | None = None, **kwargs: str | None) -> list[str]:
        """The ids ``stories`` would list, in its order, reading no members: cheap enough
        to count and page a store of tens of thousands of stories on every request."""
        flt = StoryFilter.of(filters, **kwargs)
        ids: set[str] | None = None
        if flt.query:
            fts = fts_query(flt.query)
            if not fts:
                return []
            rows = self.db.query(
                "SELECT DISTINCT a.story_id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                "WHERE articles_fts MATCH ?", (fts,)
            )
            ids = {r[0] for r in rows if r[0]}
        if flt.outlet:  # (``StoryFilter.has_outlet``, in SQL: any copy's outlet, any case)
            rows = self.db.query(
                "SELECT DISTINCT a.story_id FROM copies c JOIN articles a ON a.id = c.article_id "
                "WHERE lower(c.outlet) = lower(?)", (flt.outlet,)
            )
            found = {r[0] for r in rows if r[0]}
            ids = found if ids is None else ids & found
        rows = self.db.query("SELECT id, size, first_date, last_date FROM stories")
        heads = [r for r in rows if (ids is None or r[0] in ids) and flt.overlaps(r[2], r[3])]
        heads.sort(key=lambda r: (-r[1], _neg_date(r[3]), r[0]))
        return [r[0] for r in heads]

    def story(self, story_id: str) -> Story:
        """One story by id (an id a merge retired still answers). Raises NotFound."""
        found = self._stories_where([self._resolve(story_id)])
        if not found:
            raise NotFound(f"no story {story_id!r}", story_id)
        return found[0]

    def story_articles(self, story_id: str) -> list[Article]:
        """The articles of a story, by (publication date, id). Raises NotFound."""
        story_id = self._resolve(story_id)
        rows = self.db.query(
            f"SELECT {ARTICLE_COLS} FROM articles WHERE story_id = ? "
            "ORDER BY coalesce(published, '9999'), id", (story_id,)
        )
        return [article_from_row(r) for r in rows]

    # ------------------------------------------------------------ threads

    def thread_ids(self) -> list[str]:
        """Every thread id, biggest first (articles), then latest, then id."""
        rows = self.db.query("SELECT id, size, last_date FROM threads")
        return [r[0] for r in sorted(rows, key=lambda r: (-r[1], _neg_date(r[2]), r[0]))]

    def count_threads(self) -> int:
        return int(self.db.query("SELECT count(*) FROM threads")[0][0])

    def thread_page(self, offset: int = 0, limit: int | None = None) -> tuple[list[Thread], int]:
        """``limit`` threads from ``offset`` on (biggest first), each with its events
        (``Story`` records, in time order), and how many threads there are."""
        ids = self.thread_ids()
        page = ids[offset:] if limit is None else ids[offset : offset + limit]
        return self._threads_where(page), len(ids)

    def _threads_where(self, ids: Sequence[str]) -> list[Thread]:
        if not ids:
            return []
        out: list[Thread] = []
        for chunk in chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            heads = {r["id"]: r for r in self.db.query(
                f"SELECT id, headline, size, first_date, last_date FROM threads WHERE id IN ({marks})",
                tuple(chunk))}
            story_ids = [r[0] for r in self.db.query(
                f"SELECT id FROM stories WHERE thread_id IN ({marks})", tuple(chunk))]
            by_thread: dict[str, list[Story]] = {}
            for story in self._stories_where(story_ids):
                by_thread.setdefault(story.thread_id or "", []).append(story)
            for tid in chunk:
                h = heads.get(tid)
                if h is None:
                    continue
                events = sorted(by_thread.get(tid, []),
                                key=lambda s: (s.first_date or "9999", s.id))
                out.append(Thread(id=tid, headline=h["headline"], size=h["size"],
                                  event_ids=tuple(e.id for e in events), first_date=h["first_date"],
                                  last_date=h["last_date"], events=tuple(events)))
        return out

    def thread_heads(self, thread_ids: Sequence[str]) -> list[Thread]:
        """Threads with their event ids (in time order) but without the events' records:
        what a list of stories needs to show each under its thread, in two queries."""
        out: list[Thread] = []
        for chunk in chunks(list(dict.fromkeys(thread_ids)), 500):
            marks = ",".join("?" * len(chunk))
            events: dict[str, list[tuple[str, str]]] = {}
            for r in self.db.query(
                f"SELECT thread_id, id, coalesce(first_date, '9999') FROM stories WHERE thread_id IN ({marks})",
                tuple(chunk),
            ):
                events.setdefault(r[0], []).append((r[2], r[1]))
            for h in self.db.query(
                f"SELECT id, headline, size, first_date, last_date FROM threads WHERE id IN ({marks})",
                tuple(chunk),
            ):
                out.append(Thread(id=h["id"], headline=h["headline"], size=h["size"],
                                  event_ids=tuple(e for _, e in sorted(events.get(h["id"], []))),
                                  first_date=h["first_date"], last_date=h["last_date"]))
        return out

    def thread(self, thread_id: str) -> Thread:
        """One thread by id, with its events. Raises NotFound."""
        found = self._threads_where([thread_id])
        if not found:
            raise NotFound(f"no thread {thread_id!r}", thread_id)
        return found[0]

    def thread_articles(self, thread_id: str) -> list[Article]:
        """The articles of a thread's events, in time order (publication date, id), so a
        thread's brief is told in time order. Raises NotFound."""
        thread = self.thread(thread_id)
        articles = [a for s in thread.event_ids for a in self.story_articles(s)]
        return sorted(articles, key=lambda a: (a.published or "9999", a.id))

    def article(self, article_id: str) -> Article:
        """One article by id. Raises NotFound."""
        rows = self.db.query(f"SELECT {ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise NotFound(f"no article {article_id!r}", article_id)
        return article_from_row(rows[0])

    def article_story(self, article_id: str) -> str:
        rows = self.db.query("SELECT story_id FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise NotFound(f"no article {article_id!r}", article_id)
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
        for chunk in chunks(story_ids, 500):
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
        fts = fts_query(query)
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

    def rebuild_stories(self, settings: _cluster.Settings | None = None) -> None:
        """Recompute every article's features, links and stories from the stored texts
        (``Writer.rebuild_stories``)."""
        Writer(self.db, self.stage_seconds).rebuild_stories(settings)

    def partition(self) -> dict[str, str]:
        """Every article id -> its story id (for tests and benchmarks)."""
        return {r[0]: r[1] for r in self.db.query("SELECT id, story_id FROM articles")}



def _neg_date(value: str | None) -> str:
    """Sort key putting later dates first (missing dates last)."""
    if not value:
        return "~"
    return "".join(chr(0x7E - (ord(ch) - 0x20)) if ch.isdigit() else ch for ch in value)


def brief_story(db_path: str | os.PathLike[str], story_id: str, config: Config | None = None) -> Brief:
    """The brief of one story (an event, ``s...``) or one thread (``t...``) of a store.

    A thread's brief reads the articles of all its events and is told in time order:
    its sentences are put in the order of their articles' publication dates (then
    their place in the article), whatever order the summariser chose them in.

    Raises:
        StoreError: the store cannot be opened.
        UsageError: no story or thread has that id.
    """
    from ..pipeline import brief_articles

    is_thread = False
    with Store(existing_store(db_path), readonly=True) as store:
        try:
            articles = store.story_articles(story_id)
        except NotFound:
            try:
                articles = store.thread_articles(story_id)
                is_thread = True
            except NotFound:
                raise UsageError(
                    f"{db_path}: no story or thread {story_id!r} (list them with "
                    f"`storyweave stories --db {db_path}`)"
                ) from None
    result = brief_articles(articles, config or Config())
    if is_thread:
        when = {a.id: (a.published or "9999", k) for k, a in enumerate(articles)}
        ordered = sorted(result.summary, key=lambda s: (when.get(s.article, ("9999", 0)), s.start))
        result = replace(result, summary=tuple(ordered))
    return result


def existing_store(db_path: Any) -> str:
    """The path of a store that must exist already (reading commands, ``brief_story``)."""
    path = os.fspath(db_path)
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such store (create it with `storyweave ingest PATH... --db {path}`)")
    return path


def stories_json(store: Store, stories: Sequence[Story]) -> dict[str, Any]:
    """The stories JSON: each story with its articles and where each came from."""
    sources = store.article_sources([s.id for s in stories])
    out = []
    for story in stories:
        data = story.to_dict()
        data["articles"] = sources.get(story.id, [])
        out.append(data)
    thread_ids = sorted({s.thread_id for s in stories if s.thread_id})
    threads = [
        {k: v for k, v in t.to_dict().items() if k != "events"}
        for t in store._threads_where(thread_ids)
    ]
    threads.sort(key=lambda t: (-t["size"], _neg_date(t["last_date"]), t["id"]))
    return {"schema": STORIES_SCHEMA, "store": store.path, "threads": threads, "stories": out}
