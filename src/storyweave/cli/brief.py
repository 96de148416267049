"""``storyweave brief`` and ``storyweave facts``: the handlers over ``pipeline`` and ``facts``."""

from __future__ import annotations

import argparse

from ..errors import UsageError
from . import output


def cmd_brief(args: argparse.Namespace) -> int:
    from ..config import Config
    from ..render import render

    config = Config.from_kwargs(words=args.words, method=args.method, facts=args.facts or None,
                                read_words=args.read_words, any_language=args.any_language)
    if args.db:
        if not args.story:
            raise UsageError("--db needs --story ID (list them with `storyweave stories --db DB`)")
        from ..corpus import brief_story

        result = brief_story(args.db, args.story, config)
    else:
        if not args.paths:
            raise UsageError("give files or folders to brief, or `-` for standard input")
        from ..pipeline import brief

        result = brief(args.paths, config=config)
    for line in result.warnings:
        output.warn(line)
    output.write(render(result, args.format), args.output)
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    from ..budget import read_in_part
    from ..config import Config
    from ..facts import extract
    from ..pipeline import read_articles
    from ..render import render_facts

    config = Config.from_kwargs(read_words=args.read_words, any_language=args.any_language)
    articles, skipped = read_articles(args.paths, config)
    for skip in skipped:
        output.skipped(skip)
    cut = read_in_part(articles, config.read_words)
    if cut:
        output.warn(cut)
    facts = extract(articles, config=config)
    output.write(render_facts(facts.to_dict(), args.format), args.output)
    return 0
