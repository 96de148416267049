"""Threads over events (issue 17): stored, listed, briefed, order-independent, migrated."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from test_corpus_store import make_article

from storyweave.cli import main
from storyweave.corpus import Store, brief_story, ingest, threads
from storyweave.corpus.threads import EventSide, thread_groups


def _side(terms: dict[int, float], day: int | None = None) -> EventSide:
    index = np.array(sorted(terms), dtype=np.uint32)
    value = np.array([terms[int(i)] for i in index], dtype=np.float32)
    value /= np.linalg.norm(value)
    keys = frozenset(sorted(terms, key=lambda k: -terms[k])[: threads.STORY_KEYS])
    return EventSide(index, value, keys, day)


def test_corpus_threads_groups_events_on_one_subject_and_leaves_others_alone():
    subject = {1: 5.0, 2: 4.0, 3: 3.0, 4: 1.0}
    events = {
        "s1": _side({**subject, 10: 2.0}),
        "s2": _side({**subject, 11: 2.0}),
        "s3": _side({20: 5.0, 21: 4.0, 22: 1.0}),
    }
    assert thread_groups(events) == [["s1", "s2"], ["s3"]]
    # a function of the set: the same groups whatever order the events come in
    items = list(events.items())
    random.Random(3).shuffle(items)
    assert thread_groups(dict(items)) == [["s1", "s2"], ["s3"]]
    # years apart, the date damping keeps the same subject's events apart
    far = {"s1": _side({**subject, 10: 2.0}, day=730000), "s2": _side({**subject, 11: 2.0}, day=733000)}
    assert thread_groups(far) == [["s1"], ["s2"]]


def _articles() -> list:
    out = []
    for event in range(4):
        for variant in range(3):
            out.append(make_article(event, variant, published=f"2016-0{event + 1}-1{variant}",
                                    path=f"e{event}v{variant}.txt"))
    return out


def test_corpus_threads_every_story_has_a_stored_thread_and_order_does_not_matter(tmp_path: Path):
    docs = _articles()
    partitions = []
    for seed, batch in ((0, 1000), (1, 2), (2, 5)):
        order = list(docs)
        random.Random(seed).shuffle(order)
        with Store(tmp_path / f"c{seed}.sqlite") as store:
            ingest(order, store, batch_size=batch)
            stories = store.stories()
            assert stories and all(s.thread_id for s in stories)
            page, total = store.thread_page()
            assert total == store.count_threads() == len(page)
            assert sum(t.size for t in page) == store.count_articles()
            assert sorted(e for t in page for e in t.event_ids) == sorted(s.id for s in stories)
            for t in page:
                assert [e.first_date for e in t.events] == sorted(e.first_date for e in t.events)
            by_thread: dict[str, set[str]] = {}
            for s in stories:
                by_thread.setdefault(s.thread_id, set()).update(s.article_ids)
            partitions.append(sorted(sorted(v) for v in by_thread.values()))
    assert partitions[0] == partitions[1] == partitions[2]


def test_corpus_threads_cli_lists_threads_with_events_and_json_gives_both(tmp_path: Path, capsys):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest(_articles(), store)
        tids = store.thread_ids()
        events = [s.id for s in store.stories()]
    assert main(["stories", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"{len(tids)} threads in" in out and tids[0] in out
    assert all(f"  {e}" in out for e in events)  # every event, nested under its thread
    assert main(["stories", "--db", str(db), "--level", "event"]) == 0
    assert f"{len(events)} stories in" in capsys.readouterr().out
    assert main(["stories", "--db", str(db), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "storyweave.stories/2" and data["level"] == "thread"
    assert sorted(t["id"] for t in data["threads"]) == sorted(tids)
    listed = {s["id"]: s["thread_id"] for s in data["stories"]}
    assert all(listed[e] in {t["id"] for t in data["threads"]} for e in events)


def test_corpus_threads_brief_takes_a_thread_id_and_tells_it_in_time_order(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest(_articles(), store)
        thread = max(store.thread_page()[0], key=lambda t: (len(t.event_ids), t.size))
        dates = {a.id: a.published for a in store.thread_articles(thread.id)}
    result = brief_story(db, thread.id)
    assert result.summary
    assert {a.id for a in result.articles} == set(dates)
    told = [dates[s.article] for s in result.summary]
    assert told == sorted(told)
    with pytest.raises(Exception, match="no story or thread"):
        brief_story(db, "tnothing")


def test_corpus_threads_an_older_store_gets_threads_on_next_ingest_with_a_notice(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    docs = _articles()
    with Store(db) as store:
        ingest(docs, store)
        expected = sorted(store.thread_ids())
        # what a store from before threads looks like after its schema migration
        with store.db.transaction() as c:
            c.execute("DELETE FROM threads")
            c.execute("UPDATE stories SET thread_id = NULL, side = NULL")
            c.execute("DELETE FROM meta WHERE key = 'threads_version'")
    notices: list[str] = []
    with Store(db) as store:
        ingest(docs[:1], store, on_notice=notices.append)  # a duplicate: nothing new
        assert sorted(store.thread_ids()) == expected
    assert any("computing the threads of" in n for n in notices)


def test_corpus_threads_fts_table_works_with_sqlite_utils(tmp_path: Path):
    sqlite_utils = pytest.importorskip("sqlite_utils", reason="sqlite-utils is in the dev extra")
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest(_articles(), store)
    sdb = sqlite_utils.Database(db)
    assert 'content="articles"' in sdb["articles_fts"].schema
    assert sdb["articles"].detect_fts() == "articles_fts"
    rows = list(sdb["articles"].search("levee"))
    assert rows and all("levee" in r["text"].lower() for r in rows)
    sdb.close()


def test_corpus_threads_web_lists_threads_and_a_story_links_to_its_thread(tmp_path: Path):
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    from fastapi.testclient import TestClient

    from storyweave.pipeline import brief_articles
    from storyweave.web.app import create_app
    from storyweave.web.data import StoreSource

    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest(_articles(), store)
        story = store.stories()[0]
        thread = store.thread(story.thread_id)
    source = StoreSource.open(db)
    client = TestClient(create_app(source, briefer=lambda arts: brief_articles(arts)))
    listed = client.get("/api/stories").json()
    assert story.thread_id in listed["threads"]
    assert listed["threads"][story.thread_id]["event_ids"] == list(thread.event_ids)
    page = client.get(f"/stories/{story.id}")
    assert page.status_code == 200 and f'href="/threads/{thread.id}"' in page.text
    shown = client.get(f"/threads/{thread.id}")
    assert shown.status_code == 200 and all(f'href="/stories/{e}"' in shown.text for e in thread.event_ids)
    assert client.get(f"/api/threads/{thread.id}").json()["event_ids"] == list(thread.event_ids)
    assert client.get("/threads/tnothing").status_code == 404
    source.store.close()
