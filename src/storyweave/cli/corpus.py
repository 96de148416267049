"""The corpus commands of the CLI: ``ingest``, ``stories`` and ``search``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import UsageError
from ..records import Story
from ..render.rows import ROW_FORMATS, render_rows
from ..render.table import table
from . import output

SEARCH_SCHEMA = "storyweave.search/1"


def cmd_ingest(args: argparse.Namespace) -> int:
    """``storyweave ingest PATH... --db DB [--workers N | --scheduler URL] [--no-progress]``."""
    from ..config import Config
    from ..corpus import Store, ingest

    if args.workers and args.scheduler:
        raise UsageError("give --workers or --scheduler, not both")
    from ..ingest import check_inputs

    check_inputs(args.paths)  # fail before creating a store for nothing
    bar = None
    if not args.no_progress and output.bars_shown():
        bar = output.progress_bar("ingest", " docs")
    try:
        with Store(args.db) as store:
            report = ingest(
                args.paths, store, config=Config.from_kwargs(any_language=args.any_language,
                                                           max_file_mb=args.max_file_mb),
                workers=args.workers, scheduler=args.scheduler,
                on_skip=output.skipped, on_notice=output.warn,
                on_progress=bar.update if bar is not None else None,
                on_batch=(lambda added, dup, skipped: bar.set_postfix(
                    added=added, dup=dup, skipped=skipped)) if bar is not None else None,
            )
    finally:
        if bar is not None:
            bar.close()
    output.notice(f"ingest: {report.line()}")
    if not getattr(args, "no_briefs", False):
        from ..corpus import briefs

        with Store(args.db) as store:
            limit = getattr(args, "briefs", None) or briefs.DEFAULT_LIMIT
            stale = len(briefs.stale_stories(store))
            if stale:
                output.notice(f"ingest: briefing the {min(limit, stale)} biggest of {stale} changed "
                              "stories, so their pages open at once (--no-briefs skips this)")
                done = briefs.refresh_briefs(store, limit=limit)
                output.notice(f"ingest: {done} briefs stored")
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    """``storyweave stories --db DB [--level thread|event] [--format text|markdown|json|html]
    [--limit N] [--offset N]``: threads with their events nested (the default), or events."""
    from ..corpus.store import Store, existing_store, stories_json

    with Store(existing_store(args.db), readonly=True) as store:
        offset, limit = args.offset or 0, args.limit
        fmt = args.format
        level = getattr(args, "level", "thread") or "thread"
        if level == "thread" and not store.count_threads() and store.count_stories():
            output.warn(f"{store.path}: threads not computed yet (a store from before threads); "
                        "listing events; the next `storyweave ingest` computes them")
            level = "event"
        threads: list = []
        if level == "thread":
            threads, total = store.thread_page(offset, limit)
            stories = [e for t in threads for e in t.events]
            noun, shown = "threads", len(threads)
        else:
            stories, total = store.story_page(offset, limit)
            noun, shown = "stories", len(stories)
        caption = f"{shown} {noun} in {store.path}"
        if offset or limit is not None:
            first = offset + 1 if shown else 0
            caption = f"{noun} {first}-{offset + shown} of {total} in {store.path} (biggest first)"
        if fmt == "json":
            data = stories_json(store, stories)
            data["level"] = level
            text = json.dumps(data, ensure_ascii=False, indent=2)
        elif fmt in ROW_FORMATS:
            # One row per event (its thread_id says which thread it is in), at either level.
            text = render_rows([s.to_dict() for s in stories], fmt)
        elif level == "thread":
            rows = []
            for t in threads:
                rows.append((t.id, str(t.size), f"{len(t.events)} events", _range(t), t.headline))
                rows.extend(("  " + s.id, str(s.size), _outlets(s), _range(s), "  " + s.headline)
                            for s in t.events)
            text = table(("thread / event", "size", "outlets", "dates", "headline"), rows, fmt, caption)
        else:
            rows = [(s.id, str(s.size), _outlets(s), _range(s), s.headline) for s in stories]
            text = table(("story", "size", "outlets", "dates", "headline"), rows, fmt, caption)
    output.write(text, getattr(args, "output", None))
    return 0


def _outlets(story: Story) -> str:
    return ", ".join(story.outlets[:4]) + (" ..." if len(story.outlets) > 4 else "")


def cmd_search(args: argparse.Namespace) -> int:
    """``storyweave search QUERY --db DB [--format ...] [--limit N]``."""
    from ..corpus.store import Store, existing_store

    with Store(existing_store(args.db), readonly=True) as store:
        hits = store.search(args.query, limit=args.limit or 20)
        fmt = args.format
        if fmt == "json":
            text = json.dumps({"schema": SEARCH_SCHEMA, "query": args.query,
                               "hits": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=2)
        elif fmt in ROW_FORMATS:
            text = render_rows([h.to_dict() for h in hits], fmt)
        else:
            rows = [(h.story_id or "", h.article_id, h.outlet or "", (h.published or "")[:10],
                     h.title or h.path or "", h.snippet) for h in hits]
            text = table(("story", "article", "outlet", "date", "title", "snippet"), rows, fmt,
                          f"{len(hits)} articles match {args.query!r}")
    output.write(text, getattr(args, "output", None))
    return 0


def _range(story: Any) -> str:
    if not story.first_date:
        return ""
    if story.first_date == story.last_date:
        return story.first_date
    return f"{story.first_date}..{story.last_date}"
