"""The corpus commands of the CLI: ``ingest``, ``stories`` and ``search``."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import UsageError
from ..records import Story
from .ingest import ingest
from .store import Store, existing_store, stories_json

SEARCH_SCHEMA = "storyweave.search/1"


@lru_cache(maxsize=1)
def _warn() -> Any:
    from ..cli import warn

    return warn


def cli_ingest(args: Any) -> int:
    """``storyweave ingest PATH... --db DB [--workers N | --scheduler URL] [--no-progress]``."""
    if getattr(args, "workers", None) and getattr(args, "scheduler", None):
        raise UsageError("give --workers or --scheduler, not both")
    warn = _warn()
    for path in args.paths:  # fail before creating a store for nothing
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"{path}: no such file or directory")
    with Store(args.db) as store:
        report = ingest(
            args.paths, store,
            progress=not getattr(args, "no_progress", False) and sys.stderr.isatty(),
            workers=getattr(args, "workers", None), scheduler=getattr(args, "scheduler", None),
            on_skip=lambda s: warn(f"{s.path}: skipped: {s.reason}"),
            on_notice=warn,
        )
    print(f"storyweave: ingest: {report.line()}", file=sys.stderr)
    return 0


def cli_stories(args: Any) -> int:
    """``storyweave stories --db DB [--level thread|event] [--format text|markdown|json|html]
    [--limit N] [--offset N]``: threads with their events nested (the default), or events."""
    with Store(existing_store(args.db), readonly=True) as store:
        offset, limit = getattr(args, "offset", 0) or 0, getattr(args, "limit", None)
        fmt = getattr(args, "format", "text")
        level = getattr(args, "level", "thread") or "thread"
        if level == "thread" and not store.count_threads() and store.count_stories():
            _warn()(f"{store.path}: threads not computed yet (a store from before threads); "
                    "listing events; the next `storyweave ingest` computes them")
            level = "event"
        if level == "thread":
            threads, total = store.thread_page(offset, limit)
            stories = [e for t in threads for e in t.events]
            noun = "threads"
        else:
            stories, total = store.story_page(offset, limit)
            threads = []
            noun = "stories"
        shown = len(threads) if level == "thread" else len(stories)
        caption = f"{shown} {noun} in {store.path}"
        if offset or limit is not None:
            first = offset + 1 if shown else 0
            caption = f"{noun} {first}-{offset + shown} of {total} in {store.path} (biggest first)"
        if fmt == "json":
            data = stories_json(store, stories)
            data["level"] = level
            text = json.dumps(data, ensure_ascii=False, indent=2)
        elif level == "thread":
            rows = []
            for t in threads:
                rows.append((t.id, str(t.size), f"{len(t.events)} events", _range(t), t.headline))
                rows.extend(("  " + s.id, str(s.size), _outlets(s), _range(s), "  " + s.headline)
                            for s in t.events)
            text = _table(("thread / event", "size", "outlets", "dates", "headline"), rows, fmt, caption)
        else:
            rows = [(s.id, str(s.size), _outlets(s), _range(s), s.headline) for s in stories]
            text = _table(("story", "size", "outlets", "dates", "headline"), rows, fmt, caption)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _outlets(story: Story) -> str:
    return ", ".join(story.outlets[:4]) + (" ..." if len(story.outlets) > 4 else "")


def cli_search(args: Any) -> int:
    """``storyweave search QUERY --db DB [--format ...] [--limit N]``."""
    with Store(existing_store(args.db), readonly=True) as store:
        hits = store.search(args.query, limit=getattr(args, "limit", 20) or 20)
        fmt = getattr(args, "format", "text")
        if fmt == "json":
            text = json.dumps({"schema": SEARCH_SCHEMA, "query": args.query,
                               "hits": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=2)
        else:
            rows = [(h.story_id or "", h.article_id, h.outlet or "", (h.published or "")[:10],
                     h.title or h.path or "", h.snippet) for h in hits]
            text = _table(("story", "article", "outlet", "date", "title", "snippet"), rows, fmt,
                          f"{len(hits)} articles match {args.query!r}")
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _range(story: Any) -> str:
    if not story.first_date:
        return ""
    if story.first_date == story.last_date:
        return story.first_date
    return f"{story.first_date}..{story.last_date}"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], fmt: str, caption: str) -> str:
    if fmt == "markdown":
        lines = [f"**{caption}**", "", "| " + " | ".join(head) + " |",
                 "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        return "\n".join(lines)
    if fmt == "html":
        from html import escape

        cells = "".join(f"<th>{escape(h)}</th>" for h in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows
        )
        return (f"<!doctype html><meta charset='utf-8'><title>{escape(caption)}</title>"
                f"<table><caption>{escape(caption)}</caption><tr>{cells}</tr>{body}</table>")
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head[:-1])]
    lines = [caption]
    for r in [tuple(head), *rows]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1])
    return "\n".join(lines)
