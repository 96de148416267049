"""Briefs kept in the store: each story's brief and facts, computed when the story changes.

A story's first view used to brief it then (up to 13.9 s for the biggest stories of a
100k store). ``refresh_briefs`` computes the briefs of the stories that changed (after an
ingest: ``storyweave ingest`` does it for the biggest changed stories unless told not
to) and keeps each in ``story_briefs`` under a key made of the story's members and the
settings it was made with. ``stored_brief`` returns a brief only when that key still
matches: a story that gained or lost an article, or a brief asked for with other
settings, is never served from the store; the caller briefs it afresh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..records import Brief

if TYPE_CHECKING:
    from .store import Store

#: How many of the biggest changed stories ``storyweave ingest`` briefs by default: a
#: brief with facts takes about a second a story on 2 cores, so briefing every story of a
#: 100k store (some 22k) would take hours; the biggest are the ones a reader opens first
#: and the slowest to brief on first view. The rest are briefed when first opened.
DEFAULT_LIMIT = 200


def brief_config(config: Config | None = None) -> Config:
    """The settings a stored brief is made with: the web app's (facts included)."""
    return (config or Config()).with_(facts=True)


def members_key(article_ids: Sequence[str], config: Config) -> str:
    """What a stored brief is valid for: the story's articles and the settings."""
    recipe = json.dumps(asdict(config), sort_keys=True, default=str)
    text = recipe + "\n" + "\n".join(sorted(article_ids))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _members(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for story, article in store.db.query(
        "SELECT story_id, id FROM articles WHERE story_id IS NOT NULL ORDER BY story_id, id"
    ):
        out.setdefault(story, []).append(article)
    return out


def stale_stories(store: Store, config: Config | None = None) -> list[str]:
    """Stories whose stored brief is missing or out of date, in the order the store lists
    stories (biggest first, then latest, then id), so "the 200 biggest" are the first
    200 a reader sees."""
    config = brief_config(config)
    stored = {r[0]: r[1] for r in store.db.query("SELECT story_id, members FROM story_briefs")}
    members = _members(store)
    stale = {s for s, ids in members.items() if stored.get(s) != members_key(ids, config)}
    return [s for s in store.story_ids() if s in stale]


def refresh_briefs(store: Store, config: Config | None = None, limit: int | None = DEFAULT_LIMIT,
                   on_progress: Callable[[str], Any] | None = None) -> int:
    """Brief the stale stories (the ``limit`` biggest; ``None``: all) and keep the briefs.

    Each brief is stored in its own transaction, so an interrupted run keeps what it
    finished. Briefs of stories that no longer exist are dropped. Returns how many
    stories were briefed.
    """
    from ..pipeline import brief_articles
    from .writer import now

    config = brief_config(config)
    todo = stale_stories(store, config)
    if limit is not None:
        todo = todo[:limit]
    done = 0
    for story in todo:
        articles = store.story_articles(story)
        if not articles:
            continue
        result = brief_articles(articles, config)
        key = members_key([a.id for a in articles], config)
        with store.db.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO story_briefs(story_id, members, brief, computed) VALUES (?, ?, ?, ?)",
                (story, key, json.dumps(result.to_dict(), ensure_ascii=False), now()),
            )
        done += 1
        if on_progress is not None:
            on_progress(story)
    with store.db.transaction() as c:
        c.execute("DELETE FROM story_briefs WHERE story_id NOT IN (SELECT id FROM stories)")
    return done


def stored_brief(store: Store, story_id: str, config: Config | None = None) -> Brief | None:
    """The stored brief of a story when it is current (same members, same settings),
    else ``None`` (never a stale one)."""
    config = brief_config(config)
    rows = store.db.query("SELECT members, brief FROM story_briefs WHERE story_id = ?", (story_id,))
    if not rows:
        return None
    ids = [r[0] for r in store.db.query("SELECT id FROM articles WHERE story_id = ?", (story_id,))]
    if not ids or rows[0][0] != members_key(ids, config):
        return None
    return Brief.from_dict(json.loads(rows[0][1]))
