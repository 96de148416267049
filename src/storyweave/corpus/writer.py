"""The write side of a store: fold copies, find candidates, link, cluster, refresh stories.

``Writer.add_batch`` stores one prepared batch in one transaction: exact and near
duplicates become copies of a stored article (``_fold``); each new article is compared
with the stored articles sharing its rarest terms (``_candidates``), linked to them,
its connected component re-clustered (``_recluster``) or, for a large component, the
article assigned to its closest story (``_assign``); the stories touched have their
cached headline, size and dates recomputed (``_refresh_stories``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from ..records import Skip
from . import cluster as _cluster
from . import dedupe as _dedupe
from . import headline as _headline
from . import threads as _threads
from .db import ARTICLE_COLS, Database, article_from_row
from .prepare import BATCH_SIZE

if TYPE_CHECKING:
    from .prepare import Prepared


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Writer:
    """Writes to a store's database (one writer at a time: SQLite's lock).

    Args:
        db: the store's open, writable ``Database``.
        stage_seconds: wall and CPU seconds per stage are added here (``Clock``).
    """

    def __init__(self, db: Database, stage_seconds: dict[str, float] | None = None) -> None:
        self.db = db
        self.path = db.path
        self.stage_seconds = {} if stage_seconds is None else stage_seconds

    def _count_articles(self) -> int:
        return int(self.db.query("SELECT count(*) FROM articles")[0][0])

    def _stored_features_version(self) -> int | None:
        """The ``cluster.FEATURES_VERSION`` the stored vectors were computed with (None
        for a store with no articles yet; stores written before it was kept hold 1)."""
        row = self.db.query("SELECT value FROM meta WHERE key = 'features_version'")
        if row:
            return int(row[0][0])
        return 1 if self.db.query("SELECT 1 FROM articles LIMIT 1") else None

    def check_features(self, settings: _cluster.Settings | None = None,
                        warn: Any = None) -> None:
        """Before adding articles: bring a store whose stored features are of another
        ``cluster.FEATURES_VERSION`` forward (``rebuild_stories``), since new and stored
        vectors would not compare and the stories would silently degrade; record the
        version in a new store."""
        stored = self._stored_features_version()
        if stored is None:
            with self.db.transaction() as c:
                record_features_version(c)
        elif stored != _cluster.FEATURES_VERSION:
            if warn is not None:
                warn(f"{self.path}: stories were built with clustering features version {stored}; "
                     f"recomputing them with version {_cluster.FEATURES_VERSION} from the stored "
                     f"texts ({self._count_articles()} articles)")
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
        clock = Clock(self.stage_seconds)
        with self.db.transaction() as c:
            c.execute("DELETE FROM term_keys")
            c.execute("DELETE FROM edges")
            c.execute("UPDATE articles SET component = rowid")
            last = 0
            touched: set[str] = {r[0] for r in c.execute("SELECT id FROM stories")}
            while True:
                rows = c.execute(
                    f"SELECT rowid, {ARTICLE_COLS} FROM articles WHERE rowid > ? "
                    "ORDER BY rowid LIMIT ?", (last, BATCH_SIZE),
                ).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                batch: list[NewArticle] = []
                for row in rows:
                    f = _cluster.features(article_from_row(row))
                    c.execute("UPDATE articles SET features = ?, day = ? WHERE rowid = ?",
                              (f.to_bytes(), f.day, row[0]))
                    batch.append(NewArticle(row["id"], row[0], f))
                write_keys(c, [(k, n.rowid) for n in batch for k in n.features.keys])
                touched |= self._link_and_cluster(c, batch, settings, clock)
            touched |= {r[0] for r in c.execute("SELECT DISTINCT story_id FROM articles")}
            self._refresh_stories(c, {s for s in touched if s})
            record_features_version(c)

    def refresh_threads(self, warn: Any = None) -> int:
        """Recompute the threads (``corpus.threads``) in one transaction; a store whose
        threads were never computed (one from before threads) says so first."""
        stored = _threads.stored_version(self.db.conn)
        if stored != _threads.THREADS_VERSION and warn is not None:
            n = int(self.db.query("SELECT count(*) FROM stories")[0][0])
            if n:
                warn(f"{self.path}: computing the threads of {n} stories "
                     f"(threads version {stored or 'none'} -> {_threads.THREADS_VERSION})")
        clock = Clock(self.stage_seconds)
        with self.db.transaction() as c:
            if stored != _threads.THREADS_VERSION:
                # a store from before threads has the old headline rule's headlines too
                self._refresh_stories(c, [r[0] for r in c.execute("SELECT id FROM stories")])
            n = _threads.refresh_threads(c)
        clock.lap("threads")
        return n

    def start_run(self) -> int:
        with self.db.transaction() as c:
            return int(c.execute("INSERT INTO runs(started) VALUES (?)", (now(),)).lastrowid)

    def finish_run(self, run_id: int, added: int, duplicates: int, skipped: int) -> None:
        with self.db.transaction() as c:
            c.execute(
                "UPDATE runs SET finished = ?, added = ?, duplicates = ?, skipped = ? WHERE id = ?",
                (now(), added, duplicates, skipped, run_id),
            )

    def add_batch(self, prepared: Sequence[Prepared], skips: Sequence[Skip], run_id: int,
                   settings: _cluster.Settings) -> tuple[int, int]:
        """Store one batch in one transaction; returns (added, duplicates)."""
        clock = Clock(self.stage_seconds)
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

    def _fold(self, c: Any, prepared: Sequence[Prepared]) -> tuple[int, int, list[NewArticle], set[str]]:
        """Exact and near duplicates become copies of a stored article; the rest are inserted.

        The batch's LSH buckets and candidate keys are written once at the end, sorted
        (fewer index pages touched than one article at a time); an article meets the
        batch's earlier articles through ``batch_bands`` instead.
        """
        added = duplicates = 0
        new: list[NewArticle] = []
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
            new.append(NewArticle(a.id, rowid, f))
        c.executemany("INSERT OR IGNORE INTO lsh(h, article_id) VALUES (?, ?)", sorted(lsh_rows))
        write_keys(c, key_rows)
        return added, duplicates, new, touched

    def _candidates(self, c: Any, article: NewArticle) -> list[int]:
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

    def _link_and_cluster(self, c: Any, new: Sequence[NewArticle], settings: _cluster.Settings,
                          clock: Clock) -> set[str]:
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
    def _features(c: Any) -> Callable[[str], _cluster.Features]:
        """A stored article's features by id (each read once)."""
        cache: dict[str, _cluster.Features] = {}

        def features(article_id: str) -> _cluster.Features:
            if article_id not in cache:
                row = c.execute("SELECT features, day FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
                cache[article_id] = _cluster.Features.from_bytes(row[0], row[1])
            return cache[article_id]

        return features

    @classmethod
    def _similarity(cls, c: Any, features: Callable[[str], _cluster.Features] | None = None
                    ) -> Callable[[str, str], float]:
        """The similarity of two stored articles, from their stored features (read once)."""
        features = features or cls._features(c)
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
        features = self._features(c)
        clusters = _cluster.average_link(list(previous), edges, settings.link)
        clusters = _cluster.attach_singletons(clusters, edges, self._similarity(c, features),
                                              max(settings.join, settings.link), settings.link)
        if settings.merge and len(clusters) > 1:
            clusters = _cluster.merge_clusters(clusters, edges, features)
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

    @staticmethod
    def _headline(c: Any, rows: Sequence[Any]) -> str:
        """The story's headline (``corpus.headline``): the title, or else the lead
        sentence, of its most central article (summed stored links to the others; ties:
        more copies, titled, dated earlier, id)."""
        ids = [r[0] for r in rows]
        edges: dict[tuple[str, str], float] = {}
        if len(ids) > 1:
            inside = set(ids)
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                for a, b, sim in c.execute(
                    f"SELECT a, b, sim FROM edges WHERE a IN ({','.join('?' * len(chunk))})", chunk
                ):
                    if b in inside:
                        edges[(a, b)] = sim
        tiebreak = {r[0]: (-r[4], r[1] is None, r[3] or "9999") for r in rows}
        best = _headline.central(ids, edges, tiebreak)
        row = c.execute("SELECT title, substr(text, 1, 3000) FROM articles WHERE id = ?",
                        (best,)).fetchone()
        return _headline.headline(row[0], row[1])

    def _refresh_stories(self, c: Any, story_ids: Iterable[str]) -> None:
        """Recompute the cached headline, size and dates of the given stories."""
        for story in sorted(story_ids):
            rows = c.execute(
                "SELECT a.id, a.title, NULL, a.published, "
                "(SELECT count(*) FROM copies x WHERE x.article_id = a.id) "
                "FROM articles a WHERE a.story_id = ?", (story,),
            ).fetchall()
            if not rows:
                c.execute("DELETE FROM stories WHERE id = ?", (story,))
                continue
            headline = self._headline(c, rows)
            dates = sorted(r[3][:10] for r in rows if r[3])
            c.execute(
                "INSERT INTO stories(id, headline, size, first_date, last_date) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET headline = excluded.headline, size = excluded.size, "
                "first_date = excluded.first_date, last_date = excluded.last_date, side = NULL",
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


def record_features_version(c: Any) -> None:
    """Note in the store which ``cluster.FEATURES_VERSION`` its vectors and keys are."""
    c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('features_version', ?)",
              (str(_cluster.FEATURES_VERSION),))


def write_keys(c: Any, rows: list[tuple[int, int]]) -> None:
    """Add (term key, article rowid) rows to the candidate index, sorted (fewer pages touched)."""
    c.executemany("INSERT OR IGNORE INTO term_keys(key, article) VALUES (?, ?)", sorted(rows))


@dataclass(frozen=True)
class NewArticle:
    """An article this batch inserted: its id, rowid and features (for linking)."""

    id: str
    rowid: int
    features: _cluster.Features


class Clock:
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


def first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")
