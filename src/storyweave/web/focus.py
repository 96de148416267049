"""A story page's query-focused and update briefs (``?query=...``, ``?since=DATE``).

The story's generic brief is made once and cached by ``data.BriefCache``; a brief that
answers a reader's question, or tells what was published after the reader's last visit
(a date the browser keeps in ``localStorage``, never sent anywhere but in this URL), is
made on demand from the same articles and kept in a small cache of its own. Computing
shares the generic cache's lock: the models are not shared safely between threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from ..config import Config
from ..records import Brief
from . import data as d

#: Focused briefs kept (each is a few kilobytes; readers ask few questions per story).
FOCUS_CACHE_SIZE = 256
#: The longest query the app accepts (a paragraph).
MAX_QUERY = 1000


class FocusCache:
    """Query-focused and update briefs by (story, query, since), least recently used first out."""

    def __init__(self, config: Config, size: int = FOCUS_CACHE_SIZE, timeout: float | None = None):
        # facts are left out: the reader asked for the brief's sentences, and facts
        # would cost seconds on a story of any size
        self.config = config.with_(facts=False) if config.facts else config
        self.size = size
        #: Each brief runs in a forked child killed after this many seconds
        #: (``work.run_bounded``), as the generic briefs do; ``None``: in this thread.
        self.timeout = timeout
        self._briefs: OrderedDict[tuple, Brief] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, catalog: d.Catalog, story_id: str, query: str | None, since: str | None) -> Brief:
        """The brief of ``story_id`` that answers ``query`` and/or covers what was
        published after ``since``.

        Raises:
            NotFound: no such story (``errors.NotFound``).
            ConfigError: an empty query or a bad date.
            DataError: no article published after ``since``.
        """
        from ..pipeline import brief_articles

        config = self.config.with_(query=query, since=since)  # validates both
        info = catalog.story(story_id)
        key = (info.origin, info.id, query, since)
        with self._lock:
            if key in self._briefs:
                self._briefs.move_to_end(key)
                return self._briefs[key]
        articles = catalog.story_articles(story_id)
        with catalog.briefs._compute:
            if self.timeout is None:
                result = brief_articles(articles, config)
            else:
                from . import work

                work.warm_models()  # loaded here once, so every child inherits them
                result = work.run_bounded(
                    brief_articles, (articles, config), self.timeout, "briefing this story"
                )
        with self._lock:
            self._briefs[key] = result
            while len(self._briefs) > self.size:
                self._briefs.popitem(last=False)
        return result


def focus_of(query: str | None, since: str | None) -> dict[str, Any] | None:
    """What the page shows about its focus; ``None`` for the generic brief."""
    if not query and not since:
        return None
    return {"query": query, "since": since}
