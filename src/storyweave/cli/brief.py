"""``storyweave brief`` and ``storyweave facts``: the handlers over ``pipeline`` and ``facts``."""

from __future__ import annotations

import argparse
import time

from ..errors import UsageError
from . import output


def cmd_brief(args: argparse.Namespace) -> int:
    from ..config import Config
    from ..render import render

    started = time.perf_counter()
    config = Config.from_kwargs(words=args.words, method=args.method, facts=args.facts or None,
                                read_words=args.read_words, any_language=args.any_language,
                                query=args.query, since=args.since, max_file_mb=args.max_file_mb)
    if args.db:
        if not args.story:
            raise UsageError("--db needs --story ID (list them with `storyweave stories --db DB`)")
        if args.since_articles or args.since_brief:
            raise UsageError("with --db, give --since DATE (--since-articles and --since-brief take files)")
        from ..corpus import brief_story

        result = brief_story(args.db, args.story, config)
    else:
        if not args.paths:
            raise UsageError("give files or folders to brief, or `-` for standard input")
        from ..pipeline import brief

        result = brief(args.paths, config=config, since_articles=args.since_articles,
                       since_brief=args.since_brief)
    for line in result.warnings:
        output.warn(line)
    output.detail(f"brief: {len(result.articles)} articles read, {len(result.skipped)} skipped, "
                  f"{len(result.summary)} sentences, {time.perf_counter() - started:.2f} s")
    output.write(render(result, args.format), args.output)
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    from ..budget import read_in_part
    from ..config import Config
    from ..facts import extract
    from ..pipeline import read_articles
    from ..render import render_facts

    started = time.perf_counter()
    config = Config.from_kwargs(read_words=args.read_words, any_language=args.any_language,
                                max_file_mb=args.max_file_mb)
    articles, skipped = read_articles(args.paths, config)
    for skip in skipped:
        output.skipped(skip)
    cut = read_in_part(articles, config.read_words)
    if cut:
        output.warn(cut)
    facts = extract(articles, config=config)
    output.detail(f"facts: {len(articles)} articles read, {len(skipped)} skipped, "
                  f"{len(facts.quotes)} quotes, {len(facts.figures)} figures, "
                  f"{time.perf_counter() - started:.2f} s")
    tables = [t.strip() for t in args.rows.split(",") if t.strip()] if args.rows else None
    if tables and args.format not in ("jsonl", "csv"):
        raise UsageError("--rows goes with --format jsonl or csv")
    output.write(render_facts(facts.to_dict(), args.format, rows=tables), args.output)
    return 0
