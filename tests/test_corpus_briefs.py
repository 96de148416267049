"""Briefs kept in the store (issue 17 point 5): computed when a story changes, never served stale."""

from __future__ import annotations

from pathlib import Path

from test_corpus_store import make_article

from storyweave.cli import main
from storyweave.config import Config
from storyweave.corpus import Store, briefs, ingest


def _docs(variants: int = 3) -> list:
    return [make_article(e, v, path=f"e{e}v{v}.txt") for e in range(3) for v in range(variants)]


def test_corpus_briefs_are_kept_and_a_changed_story_is_never_served_stale(tmp_path: Path):
    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest(_docs(), store)
        stale = briefs.stale_stories(store)
        assert sorted(stale) == sorted(s.id for s in store.stories())
        assert briefs.refresh_briefs(store, limit=None) == len(stale)
        assert briefs.stale_stories(store) == []
        story = store.stories()[0]
        kept = briefs.stored_brief(store, story.id)
        assert kept is not None and {a.id for a in kept.articles} == set(story.article_ids)
        assert kept.facts is not None and kept.summary
        # other settings: not the stored brief
        assert briefs.stored_brief(store, story.id, Config(words=100)) is None
        # the story gains an article: its stored brief is out of date and never returned
        event = next(e for e in range(3) if make_article(e, 0).id in story.article_ids)
        ingest([make_article(event, 7, path="new.txt")], store)
        grown = store.story(story.id)
        assert grown.size == story.size + 1
        assert briefs.stored_brief(store, story.id) is None
        assert briefs.stale_stories(store) == [story.id]
        assert briefs.refresh_briefs(store) == 1
        assert {a.id for a in briefs.stored_brief(store, story.id).articles} == set(grown.article_ids)


def test_corpus_briefs_web_story_page_answers_from_the_store(tmp_path: Path):
    from storyweave.web import data as d

    db = tmp_path / "c.sqlite"
    with Store(db) as store:
        ingest(_docs(), store)
        briefs.refresh_briefs(store, limit=None)
        story = store.stories()[0]
    calls = []

    def briefer(articles):
        calls.append(len(articles))
        raise AssertionError("a story with a current stored brief must not be briefed again")

    source = d.StoreSource.open(db)
    catalog = d.Catalog(source, briefer, stored_config=Config())
    assert catalog.brief(story.id).summary and calls == []
    source.store.close()


def test_corpus_briefs_cli_ingest_briefs_changed_stories_unless_told_not_to(tmp_path: Path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for k, a in enumerate(_docs(2)):
        (folder / f"{k}.txt").write_text(a.text, encoding="utf-8")
    db = tmp_path / "c.sqlite"
    assert main(["ingest", str(folder), "--db", str(db), "--no-progress", "--no-briefs"]) == 0
    assert "briefs stored" not in capsys.readouterr().err
    with Store(db) as store:
        assert store.db.query("SELECT count(*) FROM story_briefs")[0][0] == 0
    assert main(["ingest", str(folder), "--db", str(db), "--no-progress", "--briefs", "1"]) == 0
    assert "1 briefs stored" in capsys.readouterr().err
    with Store(db) as store:
        assert len(briefs.stale_stories(store)) == store.count_stories() - 1
