"""The corpus commands of the CLI: ``ingest``, ``stories`` and ``search``."""

from __future__ import annotations

import argparse
import json

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
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    """``storyweave stories --db DB [--format text|markdown|json|html] [--limit N] [--offset N]``."""
    from ..corpus.store import Store, existing_store, stories_json

    with Store(existing_store(args.db), readonly=True) as store:
        offset, limit = args.offset or 0, args.limit
        stories, total = store.story_page(offset, limit)
        fmt = args.format
        if fmt == "json":
            text = json.dumps(stories_json(store, stories), ensure_ascii=False, indent=2)
        elif fmt in ROW_FORMATS:
            text = render_rows([s.to_dict() for s in stories], fmt)
        else:
            rows = [(s.id, str(s.size), ", ".join(s.outlets[:4]) + (" ..." if len(s.outlets) > 4 else ""),
                     _range(s), s.headline) for s in stories]
            caption = f"{len(stories)} stories in {store.path}"
            if offset or limit is not None:
                first = offset + 1 if stories else 0
                caption = (f"stories {first}-{offset + len(stories)} of {total} in {store.path}"
                           " (biggest first)")
            text = table(("story", "size", "outlets", "dates", "headline"), rows, fmt, caption)
    output.write(text, getattr(args, "output", None))
    return 0


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


def _range(story: Story) -> str:
    if not story.first_date:
        return ""
    if story.first_date == story.last_date:
        return story.first_date
    return f"{story.first_date}..{story.last_date}"
