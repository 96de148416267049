"""``storyweave check "CLAIM" PATH...``: the handler over ``claims.check``."""

from __future__ import annotations

import argparse
import time

from ..errors import UsageError
from . import output


def cmd_check(args: argparse.Namespace) -> int:
    """Who reports a claim, who disputes it (files, or ``--db STORE --story ID``)."""
    from ..claims.check import check, check_articles, story_articles, validate_claim
    from ..config import Config
    from ..render.check import render_check

    started = time.perf_counter()
    validate_claim(args.claim)  # a bad claim fails before anything is read
    if args.db:
        if not args.story:
            raise UsageError("--db needs --story ID (list them with `storyweave stories --db DB`)")
        if args.paths:
            raise UsageError("give either PATH... or --db STORE --story ID, not both")
        result = check_articles(args.claim, story_articles(args.db, args.story))
    else:
        if not args.paths:
            raise UsageError('give the files or folders to check the claim against: '
                             'storyweave check "CLAIM" PATH...')
        config = Config.from_kwargs(read_words=args.read_words, any_language=args.any_language,
                                    max_file_mb=args.max_file_mb)
        result = check(args.claim, args.paths, config=config)
    for line in result.warnings:
        output.warn(line)
    reports, disputes = result.tally("reports"), result.tally("disputes")
    output.detail(f"check: {len(result.articles)} articles, {reports[1]} report it "
                  f"({reports[0]} independent), {disputes[1]} dispute it, "
                  f"{time.perf_counter() - started:.2f} s")
    output.write(render_check(result.to_dict(), args.format), args.output)
    return 0
