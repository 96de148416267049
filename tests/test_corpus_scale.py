"""Bounded work per article: the candidate caps, and the schema 3 migration that keeps a store's links."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_corpus_store import make_article

import storyweave.corpus as corpus
from storyweave.corpus import Store, ingest
from storyweave.corpus.cluster import FEATURES_VERSION
from storyweave.corpus.db import MIGRATIONS, SCHEMA_VERSION, _statements


def _newer_side_edges(store: Store) -> dict[str, int]:
    """How many stored edges each article made when it arrived (the newer end of each)."""
    rowid = {r[0]: r[1] for r in store.db.query("SELECT id, rowid FROM articles")}
    made: dict[str, int] = {}
    for a, b in store.db.query("SELECT a, b FROM edges"):
        newer = a if rowid[a] > rowid[b] else b
        made[newer] = made.get(newer, 0) + 1
    return made


def test_corpus_scale_candidate_cap_bounds_the_links_each_article_makes(tmp_path: Path, monkeypatch):
    articles = [make_article(0, v) for v in range(24)]  # one event: every pair shares keys
    with Store(tmp_path / "free.sqlite") as free:
        ingest(articles, free, batch_size=4)
        assert max(_newer_side_edges(free).values()) > 3  # uncapped, the later ones link widely
    monkeypatch.setattr(corpus.writer, "MAX_CANDIDATES", 3)
    with Store(tmp_path / "capped.sqlite") as capped:
        # one at a time, an article's look-up sees only older ones: the newer end of an
        # edge is the article that made it
        ingest(articles, capped, batch_size=1)
        assert max(_newer_side_edges(capped).values()) <= 3
        assert capped.count_articles() == len(articles)
    with Store(tmp_path / "batched.sqlite") as batched:
        ingest(articles, batched, batch_size=4)  # within a batch they also see each other
        assert sum(_newer_side_edges(batched).values()) <= 3 * len(articles)


def test_corpus_scale_posting_cap_reads_only_the_most_recent_holders(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(corpus.writer, "MAX_POSTING", 2)
    articles = [make_article(1, v) for v in range(12)]
    with Store(tmp_path / "c.sqlite") as store:
        ingest(articles, store, batch_size=1)
        made = _newer_side_edges(store)
        # a key is looked up among its 2 latest holders, the article itself being one:
        # each article can reach at most one earlier holder per key, all keys naming the
        # same few previous articles here, so a handful of links at most
        assert max(made.values()) <= 2


def _groups(store: Store) -> list[list[str]]:
    groups: dict[str, set[str]] = {}
    for article, story in store.partition().items():
        groups.setdefault(story, set()).add(article)
    return sorted(sorted(g) for g in groups.values())


def test_corpus_scale_caps_do_not_bite_small_stores_whatever_the_order(tmp_path: Path, monkeypatch):
    articles = [make_article(e, v) for e in range(3) for v in range(8)]
    orders = (("a", articles, 5), ("b", articles[::-1], 3), ("c", articles[1::2] + articles[::2], 24))
    partitions = []
    for name, order, batch in orders:
        with Store(tmp_path / f"{name}.sqlite") as store:
            ingest(order, store, batch_size=batch)
            partitions.append(_groups(store))
    assert partitions[0] == partitions[1] == partitions[2]
    monkeypatch.setattr(corpus.writer, "MAX_CANDIDATES", 10**6)
    monkeypatch.setattr(corpus.writer, "MAX_POSTING", 10**6)
    with Store(tmp_path / "uncapped.sqlite") as store:
        ingest(articles, store, batch_size=5)
        assert _groups(store) == partitions[0]


def test_corpus_scale_version_2_store_keeps_its_keys_edges_and_buckets_after_migrating(tmp_path: Path):
    articles = [make_article(2, v, outlet="Saltley Post") for v in range(6)]
    with Store(tmp_path / "new.sqlite") as fresh:
        ingest(articles, fresh)
        keys = sorted(tuple(r) for r in fresh.db.query(
            "SELECT t.key, a.id FROM term_keys t JOIN articles a ON a.rowid = t.article"))
        buckets = sorted(tuple(r) for r in fresh.db.query("SELECT h, article_id FROM lsh"))
        edges = sorted(tuple(r) for r in fresh.db.query("SELECT a, b, sim FROM edges"))
        columns = "rowid, id, title, outlet, published, url, path, text, dropped, syndicated_from, " \
                  "n_words, story_id, component, features, signature, day"
        rows = [tuple(r) for r in fresh.db.query(f"SELECT {columns} FROM articles")]
        partition = fresh.partition()
    assert keys and buckets and edges
    # the same store as version 2 wrote it (posting tables keyed by article id, with rowids)
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old, isolation_level=None)
    for script in MIGRATIONS[:2]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.executemany(f"INSERT INTO articles({columns}) VALUES ({','.join('?' * 16)})", rows)
    conn.executemany("INSERT INTO term_keys(key, article_id) VALUES (?, ?)", keys)
    conn.executemany("INSERT INTO lsh(h, article_id) VALUES (?, ?)", buckets)
    conn.executemany("INSERT INTO edges(a, b, sim) VALUES (?, ?, ?)", edges)
    # its features are of this version (older ones would be recomputed on the next ingest)
    conn.execute("INSERT INTO meta(key, value) VALUES ('features_version', ?)", (str(FEATURES_VERSION),))
    conn.close()
    with Store(old) as store:
        assert store.schema_version == SCHEMA_VERSION == 4
        assert sorted(tuple(r) for r in store.db.query(
            "SELECT t.key, a.id FROM term_keys t JOIN articles a ON a.rowid = t.article")) == keys
        assert sorted(tuple(r) for r in store.db.query("SELECT h, article_id FROM lsh")) == buckets
        assert sorted(tuple(r) for r in store.db.query("SELECT a, b, sim FROM edges")) == edges
        # a later ingest finds the migrated articles: a copy folds, a new report joins
        report = ingest([make_article(2, 0, outlet="Other Paper", url="https://o.example/1"),
                         make_article(2, 6)], store)
        assert report.duplicates == 1 and report.added == 1
        after = store.partition()
        assert len(set(after.values())) == len(set(partition.values()))
        # schema 4: the migrated store got its threads with that ingest, and its search index
        assert all(s.thread_id for s in store.stories()) and store.count_threads()
        assert store.search("flood") or store.search("fire") or store.search("election")


def _grouping(partition: dict[str, str]) -> set[frozenset[str]]:
    by_story: dict[str, set[str]] = {}
    for article, story in partition.items():
        by_story.setdefault(story, set()).add(article)
    return {frozenset(members) for members in by_story.values()}


def _as_older_features_store(store: Store) -> dict[str, str]:
    """Make a store look like one written by an older storyweave: no features version
    recorded (= version 1), and stories, links and keys that the current features would
    not give (every article its own story). Returns the partition it then holds."""
    with store.db.transaction() as c:
        c.execute("DELETE FROM meta WHERE key = 'features_version'")
        c.execute("DELETE FROM edges")
        c.execute("DELETE FROM term_keys")
        c.execute("UPDATE articles SET story_id = 's' || id, component = rowid")
        c.execute("DELETE FROM stories")
        c.execute("INSERT INTO stories(id, headline, size) SELECT story_id, 'old', 1 FROM articles")
    return store.partition()


def test_corpus_scale_store_of_older_features_is_rebuilt_as_a_fresh_ingest_would(tmp_path: Path):
    events = [make_article(e, v, outlet=f"Paper {v}") for e in range(4) for v in range(5)]
    late = make_article(2, 7)
    with Store(tmp_path / "fresh.sqlite") as fresh:
        ingest(events + [late], fresh, batch_size=6)
        expected = _grouping(fresh.partition())
    assert len(expected) < 20  # reports of one event share stories
    notices: list[str] = []
    with Store(tmp_path / "old.sqlite") as store:
        ingest(events, store, batch_size=6)
        old = _as_older_features_store(store)
        assert len(set(old.values())) == 20
        report = ingest([late], store, batch_size=6, on_notice=notices.append)
        assert report.added == 1
        assert _grouping(store.partition()) == expected  # the stories a fresh ingest gives
        assert store.db.query("SELECT value FROM meta WHERE key = 'features_version'")[0][0] \
            == str(FEATURES_VERSION)
        assert sorted(s.size for s in store.stories()) == sorted(len(g) for g in expected)
        # an old story id still answers: it is an alias of the story its article joined
        some_article, its_old_story = sorted(old.items())[0]
        assert store.story(its_old_story).id == store.partition()[some_article]
    assert len(notices) == 1 and "features version 1" in notices[0] and "20 articles" in notices[0]


def test_corpus_scale_a_failed_rebuild_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest([make_article(e, v) for e in range(3) for v in range(3)], store)
        old = _as_older_features_store(store)
    calls = {"n": 0}
    real = corpus.cluster.features

    def failing(article, embedding=None):
        calls["n"] += 1
        if calls["n"] > 4:
            raise KeyboardInterrupt  # killed midway through the rebuild
        return real(article, embedding)

    monkeypatch.setattr(corpus.cluster, "features", failing)
    with Store(db) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest([make_article(0, 9)], store)
    monkeypatch.setattr(corpus.cluster, "features", real)
    with Store(db) as store:
        assert store.partition() == old and store.count_articles() == 9
        assert not store.db.query("SELECT value FROM meta WHERE key = 'features_version'")
        ingest([make_article(0, 9)], store)  # a rerun completes it
        rebuilt = _grouping(store.partition())
    with Store(tmp_path / "fresh.sqlite") as fresh:
        ingest([make_article(e, v) for e in range(3) for v in range(3)] + [make_article(0, 9)], fresh)
        assert rebuilt == _grouping(fresh.partition()) != _grouping(old)


def test_corpus_scale_a_migration_another_process_already_applied_is_skipped(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as first:
        ingest([make_article(4, 0)], first)
        # as a second process that read version 0 before the first one migrated
        first.db.migrate(0)
        assert first.schema_version == SCHEMA_VERSION and first.count_articles() == 1


def test_corpus_scale_progress_is_reported_part_by_part_within_a_batch(tmp_path: Path, monkeypatch):
    """A batch (one transaction) is prepared in parts, and progress comes part by part, so
    a bar moves every few hundred documents although a batch holds thousands."""
    monkeypatch.setattr(corpus.prepare, "TASK_SIZE", 2)
    progress: list[int] = []
    with Store(tmp_path / "c.sqlite") as store:
        report = ingest([make_article(e, 0) for e in range(7)], store, batch_size=4,
                        on_progress=progress.append)
    assert report.added == 7
    assert progress == [2, 2, 2, 1]  # batches of 4 and 3, in parts of at most 2
