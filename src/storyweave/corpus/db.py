"""The corpus store: one SQLite file (WAL, FTS5) holding articles, their copies, stories and skips.

The schema carries a version (``PRAGMA user_version``) and migrates forward on open;
a store written by a newer storyweave is refused, never touched. Every ingest batch
is one transaction, so a killed run loses nothing it had committed, and readers
(the CLI, the web app) read in WAL mode while a writer writes.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..records import Article

#: The schema this storyweave writes; ``MIGRATIONS[i]`` takes a store from version i to i + 1.
SCHEMA_VERSION = 4

#: SQLite page cache of a writer, in KiB (64 MiB): the indexes an ingest inserts into at
#: random places (content ids, LSH buckets, keys) stay cached far longer than with the
#: default 2 MiB, so a batch reads and rewrites fewer pages as the store grows. Bounded,
#: whatever the store's size.
CACHE_KIB = 65536

#: Pages the write-ahead log may hold before it is copied into the store (SQLite's
#: default is 1,000, about 4 MB): a batch of 256 articles dirties a few thousand pages
#: of its indexes, so with the default nearly every batch paid for a checkpoint, and a
#: page written by several batches was copied each time. 16,384 pages (64 MiB of log)
#: copies each page once per many batches; readers read the log as they read the store.
CHECKPOINT_PAGES = 16384

#: How long a writer waits for another writer's lock before giving up (seconds).
BUSY_TIMEOUT = 10.0

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,          -- the order of insertion; FTS5 indexes by it
    id TEXT NOT NULL UNIQUE,            -- Article.id, derived from the clean text
    title TEXT, outlet TEXT, published TEXT, url TEXT, path TEXT,
    text TEXT NOT NULL, dropped TEXT NOT NULL DEFAULT '[]', syndicated_from TEXT,
    n_words INTEGER NOT NULL,
    story_id TEXT,                      -- the story it belongs to
    component INTEGER,                  -- its connected component of the similarity graph
    features BLOB,                      -- hashed TF-IDF vector (see cluster.py)
    signature BLOB,                     -- MinHash signature (see dedupe.py)
    day INTEGER                         -- published date as a day number, when known
);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_component ON articles(component);
-- every place an article was read from: the original and each folded duplicate
CREATE TABLE copies (
    article_id TEXT NOT NULL, path TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
    outlet TEXT, title TEXT, published TEXT, syndicated_from TEXT,
    kind TEXT NOT NULL,                 -- original | exact | near
    UNIQUE (article_id, path, url)
);
CREATE INDEX copies_article ON copies(article_id);
CREATE TABLE lsh (h INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX lsh_h ON lsh(h);
CREATE TABLE term_keys (key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX term_keys_key ON term_keys(key);
CREATE TABLE edges (a TEXT NOT NULL, b TEXT NOT NULL, sim REAL NOT NULL, PRIMARY KEY (a, b));
CREATE INDEX edges_b ON edges(b);
CREATE TABLE stories (
    id TEXT PRIMARY KEY, headline TEXT NOT NULL, size INTEGER NOT NULL,
    first_date TEXT, last_date TEXT
);
CREATE TABLE skips (path TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (path, reason));
CREATE TABLE runs (
    id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT,
    added INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
"""

# Version 2: a story absorbed by another keeps answering under its old id (links stay
# valid), and a skip remembers how many times and in which run it was last seen.
_V2 = """
CREATE TABLE story_alias (old TEXT PRIMARY KEY, new TEXT NOT NULL);
ALTER TABLE skips ADD COLUMN seen INTEGER NOT NULL DEFAULT 1;
ALTER TABLE skips ADD COLUMN last_run INTEGER;
"""

# Version 3: the look-ups an ingest makes per article read indexes only, so their cost
# does not grow with the articles' texts or the store's size on disk: the posting
# tables (LSH buckets, candidate keys) and the similarity edges become clustered
# WITHOUT ROWID tables keyed by what is looked up (the row is the index entry; a key's
# holders are article rowids, so "its most recent holders" is a short backward scan), and
# the component index covers what re-clustering a component reads (id, story, date),
# so no article row (with its text) is read to re-cluster.
_V3 = """
CREATE TABLE lsh_v3 (h INTEGER NOT NULL, article_id TEXT NOT NULL,
                     PRIMARY KEY (h, article_id)) WITHOUT ROWID;
INSERT OR IGNORE INTO lsh_v3(h, article_id) SELECT h, article_id FROM lsh;
DROP TABLE lsh;
ALTER TABLE lsh_v3 RENAME TO lsh;
CREATE TABLE term_keys_v3 (key INTEGER NOT NULL, article INTEGER NOT NULL,
                           PRIMARY KEY (key, article)) WITHOUT ROWID;
INSERT OR IGNORE INTO term_keys_v3(key, article)
    SELECT t.key, a.rowid FROM term_keys t JOIN articles a ON a.id = t.article_id;
DROP TABLE term_keys;
ALTER TABLE term_keys_v3 RENAME TO term_keys;
CREATE TABLE edges_v3 (a TEXT NOT NULL, b TEXT NOT NULL, sim REAL NOT NULL,
                       PRIMARY KEY (a, b)) WITHOUT ROWID;
INSERT OR IGNORE INTO edges_v3(a, b, sim) SELECT a, b, sim FROM edges;
DROP TABLE edges;
ALTER TABLE edges_v3 RENAME TO edges;
CREATE INDEX edges_b ON edges(b, sim);
DROP INDEX articles_component;
CREATE INDEX articles_component ON articles(component, id, story_id, published);
"""

# Version 4 (issue 17): threads, the running subjects events belong to (``threads``, and
# each story's ``thread_id``; ``side`` caches what threads read of a story and is emptied
# whenever the story changes); each story's brief and facts computed when it changes
# (``story_briefs``, keyed by the story's members, so a stale one is never taken for
# current); and the full-text index declared with content="articles" in double quotes,
# the form sqlite-utils and Datasette read to find an FTS table's content table.
_V4 = """
ALTER TABLE stories ADD COLUMN thread_id TEXT;
ALTER TABLE stories ADD COLUMN side BLOB;
ALTER TABLE stories ADD COLUMN side_day INTEGER;
CREATE INDEX stories_thread ON stories(thread_id);
CREATE TABLE threads (
    id TEXT PRIMARY KEY, headline TEXT NOT NULL, size INTEGER NOT NULL,
    events INTEGER NOT NULL, first_date TEXT, last_date TEXT
);
CREATE TABLE story_briefs (
    story_id TEXT PRIMARY KEY, members TEXT NOT NULL, brief TEXT NOT NULL,
    computed TEXT NOT NULL
);
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content="articles", content_rowid="rowid", tokenize='porter unicode61'
);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
"""

MIGRATIONS = (_V1, _V2, _V3, _V4)

#: The columns ``article_from_row`` reads.
ARTICLE_COLS = "id, title, outlet, published, url, path, text, dropped, syndicated_from"


def article_from_row(row: Any) -> Article:
    """An ``Article`` from an ``articles`` row read with ``ARTICLE_COLS``."""
    return Article(
        id=row["id"], paragraphs=tuple(p for p in row["text"].split("\n") if p.strip()),
        title=row["title"], outlet=row["outlet"], published=row["published"],
        url=row["url"], path=row["path"], dropped=tuple(json.loads(row["dropped"] or "[]")),
        syndicated_from=row["syndicated_from"],
    )


def _store_error(path: str, exc: sqlite3.Error) -> StoreError:
    """A one-line StoreError with the cause and the fix for a SQLite failure."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{path}: the store is locked by another writer; wait for it to finish and retry"
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"{path}: the store is read-only (check the file's and its folder's permissions)"
        )
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return StoreError(f"{path}: not a storyweave store (not a SQLite database, or damaged)")
    if "unable to open" in text:
        return StoreError(f"{path}: cannot open the store (does its folder exist and is it writable?)")
    return StoreError(f"{path}: store error: {exc}")


class Database:
    """A SQLite connection to a store, opened, checked and migrated.

    Args:
        path: the store file (created when missing, unless ``readonly``).
        readonly: open for reading only; the file must exist and is never written.
        timeout: seconds to wait for another writer's lock.

    Raises:
        StoreError: the file is missing (read-only), locked, read-only, not a store,
            or written by a newer storyweave.
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False,
                 timeout: float = BUSY_TIMEOUT) -> None:
        self.path = str(path)
        self.readonly = readonly
        if readonly and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such store (create it with `storyweave ingest`)")
        if not readonly and Path(self.path).is_dir():
            raise StoreError(f"{self.path}: is a folder, not a store file")
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=timeout,
                                            isolation_level=None, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, timeout=timeout,
                                            isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._prepare()
        except sqlite3.Error as exc:
            self.close()
            raise _store_error(self.path, exc) from None
        except StoreError:
            self.close()
            raise

    def _prepare(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer storyweave (schema version {version}, this "
                f"one reads up to {SCHEMA_VERSION}); upgrade storyweave to read it"
            )
        if version == 0 and not self.readonly:
            tables = self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            if tables:
                raise StoreError(f"{self.path}: a SQLite database, but not a storyweave store")
        if self.readonly:
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {version} is older than {SCHEMA_VERSION}; "
                    "open it once for writing (e.g. `storyweave ingest`) to migrate it"
                )
            return
        self.conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a committed batch survives a killed process (only an OS
        # crash may lose the last transactions), at a fraction of FULL's fsyncs.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        if version < SCHEMA_VERSION:
            self.migrate(version)

    def migrate(self, version: int, target: int = SCHEMA_VERSION) -> None:
        """Apply the migrations from ``version`` up to ``target``, each in one transaction."""
        for step in range(version, target):
            with self.transaction():
                # another process may have migrated since ``version`` was read (two
                # ingests opening a new store at once): read it again under the lock
                if self.conn.execute("PRAGMA user_version").fetchone()[0] > step:
                    continue
                for statement in _statements(MIGRATIONS[step]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {step + 1}")
                if step == 0:
                    self.conn.execute(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES ('created_by', 'storyweave')"
                    )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: take the write lock up front)."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; cannot write")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise _store_error(self.path, exc) from None

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
                raise
            raise _store_error(self.path, exc) from None

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()
            self.conn = None  # type: ignore[assignment]


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (``sqlite3.complete_statement`` keeps triggers whole)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
