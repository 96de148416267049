"""The corpus store: idempotent ingest, search, stories JSON, and every way a store can refuse."""

from __future__ import annotations

import gzip
import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storyweave.cli import main
from storyweave.corpus import Store, ingest
from storyweave.corpus.db import MIGRATIONS, SCHEMA_VERSION, _statements
from storyweave.errors import StoreError
from storyweave.records import Article, RawDocument, content_id

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"

# ---------------------------------------------------------------- builders

_TOWNS = ["Lowmoor", "Saltley", "Brindle", "Crostwick", "Harrowgate", "Fennick", "Oakhurst",
          "Dunmere", "Kestrel Bay", "Marlow Fen", "Ashcombe", "Tillbury"]
_EVENTS = [
    ("flood", ["river", "flood", "water", "levee", "rain", "evacuated", "sandbags"]),
    ("fire", ["fire", "blaze", "firefighters", "smoke", "warehouse", "flames", "arson"]),
    ("election", ["election", "votes", "candidate", "ballot", "council", "mayor", "turnout"]),
    ("strike", ["strike", "union", "workers", "wages", "picket", "factory", "negotiations"]),
    ("storm", ["storm", "winds", "power", "outage", "trees", "roofs", "forecasters"]),
    ("trial", ["trial", "jury", "court", "judge", "verdict", "defendant", "prosecutors"]),
]
_TEMPLATES = [
    "The {w0} in {town} was the talk of the day, and officials said the {w1} had grown.",
    "Residents of {town} told reporters that the {w2} and the {w3} had changed their week.",
    "{name}, who speaks for {town} council, said the {w4} would be reviewed by Friday.",
    "According to {name}, the {w5} near the {w6} was not expected at this time of year.",
    "Local groups in {town} said they had asked for help with the {w0} for months.",
    "It is the second {w1} this year, and {name} said that the {w3} is a warning.",
    "On Tuesday the {w2} drew crowds in central {town}, where the {w4} was visible.",
    "Officials in {town} promised a report on the {w5} and on the {w6} within weeks.",
]
_NAMES = ["Maria Olsen", "Peter Hale", "Anna Greaves", "Tom Bexley", "Ruth Carnaby",
          "Idris Pryce", "Lena Voss", "Omar Haddad", "Grace Ferrow", "Nils Brandt"]


def make_text(event: int, variant: int, sentences: int = 12) -> str:
    """A made-up English news text about event ``event`` (town + topic), variant ``variant``."""
    rng = random.Random(event * 1000 + variant)
    town = _TOWNS[event % len(_TOWNS)]
    name = _NAMES[event % len(_NAMES)]
    words = {f"w{i}": w for i, w in enumerate(_EVENTS[event % len(_EVENTS)][1])}
    lines = []
    for _ in range(sentences):
        lines.append(rng.choice(_TEMPLATES).format(town=town, name=name, **words))
    return "\n".join(" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3))


def make_article(event: int, variant: int, **meta: str) -> Article:
    text = make_text(event, variant)
    return Article(id=content_id(text), paragraphs=tuple(text.split("\n")), **meta)


def write_jsonl(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"text": make_text(i % 6, i), "url": f"https://news.example/{i}",
                                 "outlet": f"Outlet {i % 5}"}) + "\n")
    return path


# ---------------------------------------------------------------- behaviour


def test_corpus_store_ingest_is_idempotent(tmp_path: Path):
    db = tmp_path / "corpus.sqlite"
    with Store(db) as store:
        first = ingest([EXAMPLES], store)
        n_articles, n_copies = store.count_articles(), len(store.db.query("SELECT * FROM copies"))
        second = ingest([EXAMPLES], store)
        assert first.added == 5 and first.duplicates == 0
        assert second.added == 0 and second.duplicates == 5
        assert store.count_articles() == n_articles == 5
        assert len(store.db.query("SELECT * FROM copies")) == n_copies
        assert store.count_stories() == 1  # five reports of one event
        assert store.db.query("PRAGMA journal_mode")[0][0] == "wal"


def test_corpus_store_search_finds_articles_and_their_stories(tmp_path: Path):
    with Store(tmp_path / "c.sqlite") as store:
        ingest([EXAMPLES], store)
        hits = store.search("Amnesty International", limit=5)
        assert hits and all(h.story_id for h in hits)
        text = store.article(hits[0].article_id).text
        assert "Amnesty" in text
        assert "[" in hits[0].snippet
        assert store.search("zzzqqq nothing like this") == []
        assert store.search('"; DROP TABLE articles; --') == []  # operators are quoted away
        assert store.stories(query="Amnesty")[0].id == hits[0].story_id


def test_corpus_store_cli_stories_json_lists_every_article_with_its_source(tmp_path: Path, capsys):
    db = str(tmp_path / "c.sqlite")
    assert main(["ingest", str(EXAMPLES), "--db", db, "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "5 added, 0 duplicates, 0 skipped" in err
    assert main(["stories", "--db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "storyweave.stories/2"
    (story,) = data["stories"]
    assert story["size"] == 5 and len(story["articles"]) == 5
    sources = {a["path"] for a in story["articles"]}
    assert sources == {str(p) for p in EXAMPLES.glob("*.txt")}
    assert main(["search", "Putin", "--db", db, "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and all(h["story_id"] == story["id"] for h in hits)
    assert main(["stories", "--db", db]) == 0
    assert story["id"] in capsys.readouterr().out


def test_corpus_store_readonly_open_refuses_to_write(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest([make_article(0, 1)], store)
    with Store(db, readonly=True) as store:
        assert store.count_articles() == 1
        with pytest.raises(StoreError, match="read-only"):
            ingest([make_article(1, 1)], store)
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.sqlite", readonly=True)


@pytest.mark.skipif(sys.platform == "win32" or __import__("os").geteuid() == 0,
                    reason="file permissions do not bind the root user")
def test_corpus_store_read_only_file_is_refused_with_one_line(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest([make_article(0, 1)], store)
    for p in tmp_path.iterdir():
        p.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreError) as info:
            with Store(db) as store:
                ingest([make_article(1, 1)], store)
        assert "\n" not in str(info.value)
    finally:
        tmp_path.chmod(0o755)


def test_corpus_store_locked_by_another_writer_is_refused(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest([make_article(0, 1)], store)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with Store(db, timeout=0.2) as store:
            with pytest.raises(StoreError, match="locked by another writer"):
                ingest([make_article(1, 1)], store)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(db) as store:
        assert store.count_articles() == 1  # nothing lost


def test_corpus_store_newer_schema_is_refused_untouched(tmp_path: Path, capsys):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest([make_article(0, 1)], store)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer storyweave"):
        Store(db)
    assert main(["stories", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "newer storyweave" in err and len(err.strip().splitlines()) == 1
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_corpus_store_migrates_a_version_1_store_forward(tmp_path: Path):
    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO skips(path, reason) VALUES ('a.txt', 'empty file')")
    conn.close()
    with Store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.skips() == [{"path": "a.txt", "reason": "empty file", "seen": 1, "last_run": None}]
        ingest([make_article(0, 1), make_article(0, 2)], store)
        assert store.count_articles() == 2


def test_corpus_store_refuses_files_that_are_not_stores(tmp_path: Path):
    text = tmp_path / "notes.sqlite"
    text.write_text("just some notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a storyweave store"):
        Store(text)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a storyweave store"):
        Store(other)


def test_corpus_store_bad_inputs_are_skipped_with_reasons_recorded(tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(make_text(0, 1), encoding="utf-8")
    (inputs / "broken.rss").write_text("<rss><channel><item><title>x</ti", encoding="utf-8")
    (inputs / "corrupt.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nnot really a warc\r\n"))
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "french.txt").write_text(
        "Le conseil municipal de la ville a voté mardi une nouvelle loi sur les transports "
        "publics, après des mois de débats entre les élus et les habitants du quartier. "
        "Selon le maire, les travaux commenceront au printemps et dureront deux ans. " * 3,
        encoding="utf-8",
    )
    with Store(tmp_path / "c.sqlite") as store:
        report = ingest([inputs], store)
        assert report.added == 1
        reasons = {Path(s.path.split(":")[0].split("#")[0]).name: s.reason for s in report.skipped}
        assert "empty.txt" in reasons and "french.txt" in reasons
        assert reasons["french.txt"] == "not English text (looks like French)"
        assert "broken.rss" in reasons and "corrupt.warc.gz" in reasons
        recorded = {Path(r["path"].split(":")[0].split("#")[0]).name for r in store.skips()}
        assert set(reasons) <= recorded
        assert store.count_articles() == 1


def test_corpus_store_reader_reads_while_an_ingest_writes(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest([make_article(0, 0)], store)
    articles = [make_article(i % 6, i) for i in range(1, 120)]
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with Store(db) as store:
                ingest(articles, store, batch_size=8)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    seen = []
    with Store(db, readonly=True) as reader:
        while writer.is_alive():
            seen.append(reader.count_articles())
            reader.stories()
            time.sleep(0.005)
        writer.join()
        seen.append(reader.count_articles())
    assert not errors
    assert seen == sorted(seen)  # a reader only ever sees whole batches appear
    assert seen[-1] == 120 and len(seen) > 2


def test_corpus_store_killed_ingest_loses_nothing_and_a_rerun_completes(tmp_path: Path):
    data = write_jsonl(tmp_path / "feed.jsonl", 200)
    db = tmp_path / "c.sqlite"
    code = (
        "import sys; from storyweave.corpus import Store, ingest\n"
        "ingest([sys.argv[1]], Store(sys.argv[2]), batch_size=10)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(data), str(db)])
    committed = 0
    try:
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
            if db.exists():
                try:
                    with Store(db, readonly=True) as reader:
                        committed = reader.count_articles()
                except StoreError:
                    continue
                if committed >= 30:
                    break
        proc.kill()
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert committed >= 30, "the ingest did not commit a batch in time"
    with Store(db) as store:
        assert store.db.query("PRAGMA integrity_check")[0][0] == "ok"
        kept = store.count_articles()
        assert kept >= committed  # nothing committed was lost
        report = ingest([data], store)
        assert report.added + report.duplicates == 200 - len(report.skipped)
        total = store.count_articles()
    with Store(tmp_path / "fresh.sqlite") as fresh:
        ingest([data], fresh)
        assert fresh.count_articles() == total
        assert sorted(fresh.partition()) == sorted(Store(db, readonly=True).partition())


def test_corpus_store_filters_stories_by_outlet_and_dates(tmp_path: Path):
    a = make_article(0, 1, outlet="Lowmoor Echo", published="2016-10-01", url="https://e.example/1")
    b = make_article(0, 2, outlet="Coast Radio", published="2016-10-03", url="https://c.example/2")
    from dataclasses import replace

    from storyweave.clean import clean
    from storyweave.records import RawDocument

    sample = EXAMPLES / "002_49603202833be986.txt"
    other = clean(RawDocument(path=str(sample), content=sample.read_text(encoding="utf-8")))
    c = replace(other, outlet="Coast Radio", published="2017-03-09", url="https://c.example/3")
    with Store(tmp_path / "c.sqlite") as store:
        ingest([a, b, c], store)
        assert store.outlets() == ["Coast Radio", "Lowmoor Echo"]
        assert {s.size for s in store.stories()} == {2, 1}
        (echo,) = store.stories(outlet="lowmoor echo")
        assert echo.size == 2 and (echo.first_date, echo.last_date) == ("2016-10-01", "2016-10-03")
        assert set(echo.urls) == {"https://e.example/1", "https://c.example/2"}
        assert [s.size for s in store.stories(since="2017-01-01")] == [1]
        assert [s.size for s in store.stories(until="2016-12-31")] == [2]
        assert store.stories(outlet="Nobody") == []
        with pytest.raises(KeyError):
            store.article("0000000000000000")


def test_corpus_store_cli_stories_pages_and_json_matches_the_articles(tmp_path: Path, capsys):
    from storyweave.corpus import stories_json

    db = str(tmp_path / "c.sqlite")
    docs = [
        RawDocument(path=f"t{k}.txt", content=text)
        for k, text in enumerate([
            "A fire destroyed three warehouses at the city harbour on Sunday night, the fire "
            "service said, and firefighters fought the blaze for six hours.",
            "Heavy rain flooded the Marlow valley on Tuesday, and the river burst its banks at "
            "two places, forcing the evacuation of 300 homes, police said.",
            "The national orchestra cancelled its winter season after musicians voted to strike "
            "over pay, the first walkout in the orchestra's 90-year history.",
        ])
    ]
    with Store(db) as store:
        ingest(docs, store)
        everything = store.stories()
        # the JSON's article lists are the stories' articles, with their sources, in order
        data = stories_json(store, everything)
        for story, listed in zip(everything, data["stories"], strict=True):
            assert [a["id"] for a in listed["articles"]] == [a.id for a in store.story_articles(story.id)]
            assert all(a["copies"] and a["copies"][0]["path"] == a["path"] for a in listed["articles"])
    assert len(everything) == 3
    assert main(["stories", "--db", db, "--format", "json", "--limit", "2", "--level", "event"]) == 0
    first = json.loads(capsys.readouterr().out)["stories"]
    assert [s["id"] for s in first] == [s.id for s in everything[:2]]
    assert main(["stories", "--db", db, "--offset", "2", "--limit", "5", "--level", "event"]) == 0
    out = capsys.readouterr().out
    assert "stories 3-3 of 3" in out and everything[2].id in out and everything[0].id not in out
    assert main(["stories", "--db", db, "--offset", "-1"]) == 2
    assert "must be 0 or more" in capsys.readouterr().err
