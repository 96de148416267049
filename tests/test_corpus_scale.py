"""Bounded work per article: the candidate caps, and the schema 3 migration that keeps a store's links."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_corpus_store import make_article

import storyweave.corpus as corpus
from storyweave.corpus import Store, ingest
from storyweave.corpus.cluster import FEATURES_VERSION
from storyweave.corpus.store import MIGRATIONS, SCHEMA_VERSION, _statements
from storyweave.errors import StoreError


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
    monkeypatch.setattr(corpus, "MAX_CANDIDATES", 3)
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
    monkeypatch.setattr(corpus, "MAX_POSTING", 2)
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
    monkeypatch.setattr(corpus, "MAX_CANDIDATES", 10**6)
    monkeypatch.setattr(corpus, "MAX_POSTING", 10**6)
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
    # its features are of this version (a store holding version 1 features is refused)
    conn.execute("INSERT INTO meta(key, value) VALUES ('features_version', ?)", (str(FEATURES_VERSION),))
    conn.close()
    with Store(old) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
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


def test_corpus_scale_store_of_other_features_version_is_refused_untouched(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest([make_article(3, 0)], store)
        assert store.db.query("SELECT value FROM meta WHERE key = 'features_version'")[0][0] \
            == str(FEATURES_VERSION)
        with store.db.transaction() as c:  # as a store written before the version was kept
            c.execute("DELETE FROM meta WHERE key = 'features_version'")
    with Store(db) as store:
        with pytest.raises(StoreError, match="features version 1"):
            ingest([make_article(3, 1)], store)
        assert store.count_articles() == 1 and len(store.stories()) == 1  # still readable


def test_corpus_scale_a_migration_another_process_already_applied_is_skipped(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as first:
        ingest([make_article(4, 0)], first)
        # as a second process that read version 0 before the first one migrated
        first.db.migrate(0)
        assert first.schema_version == SCHEMA_VERSION and first.count_articles() == 1
