"""The command line: parses arguments, calls the library, prints one-line errors.

Every command is a thin layer over a library function. Library exceptions become
one line on standard error and an exit status: 2 for a usage error, 1 for
unusable data; a traceback is a bug.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__
from .budget import READ_WORDS
from .config import FORMATS
from .errors import StoryweaveError, UsageError

PROG = "storyweave"
READ_HELP = (f"a story of more words is read from each article's start (default "
             f"{READ_WORDS}: a few seconds)")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns every exit."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def _write(text: str, out: str | None) -> None:
    if out and out != "-":
        try:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"{out}: cannot write ({exc.strerror})") from exc
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ---------------------------------------------------------------- commands


def cmd_brief(args: argparse.Namespace) -> int:
    from .config import Config
    from .render import render

    config = Config.from_kwargs(words=args.words, method=args.method, facts=args.facts or None,
                                read_words=args.read_words)
    if args.db:
        if not args.story:
            raise UsageError("--db needs --story ID (list them with `storyweave stories --db DB`)")
        from .corpus import brief_story

        result = brief_story(args.db, args.story, config)
    else:
        if not args.paths:
            raise UsageError("give files or folders to brief, or `-` for standard input")
        from .pipeline import brief

        result = brief(args.paths, config=config)
    for line in result.warnings:
        warn(line)
    _write(render(result, args.format), args.output)
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    from .budget import read_in_part
    from .config import Config
    from .facts import extract
    from .pipeline import read_articles
    from .render import render_facts

    config = Config.from_kwargs(read_words=args.read_words)
    articles, skipped = read_articles(args.paths, config)
    for skip in skipped:
        warn(f"{skip.path}: skipped: {skip.reason}")
    cut = read_in_part(articles, config.read_words)
    if cut:
        warn(cut)
    facts = extract(articles, config=config)
    _write(render_facts(facts.to_dict(), args.format), args.output)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import main as evaluate_main

    return evaluate_main(args)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .corpus.commands import cli_ingest

    return cli_ingest(args)


def cmd_stories(args: argparse.Namespace) -> int:
    from .corpus.commands import cli_stories

    return cli_stories(args)


def cmd_search(args: argparse.Namespace) -> int:
    from .corpus.commands import cli_search

    return cli_search(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from .web import serve

    return serve(args)


# ---------------------------------------------------------------- parser


def _int_from(minimum: int, words: str) -> Callable[[str], int]:
    """An argparse type: an integer of at least ``minimum`` (``words`` say which)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {words}, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {words}, got {text!r}")
        return value

    return parse


_positive_int = _int_from(1, "a positive integer")
_count = _int_from(0, "0 or more")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Make sense of one news story told by many outlets.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("brief", help="a cited multi-source brief of some articles")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin")
    p.add_argument("--words", type=_positive_int, default=250, help="word budget (default 250)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument("--method", default=None, help="summarizer (default storyweave)")
    p.add_argument("--facts", action="store_true", help="add quotes, figures, timeline, ...")
    p.add_argument("--db", help="brief a story of this corpus store instead of files")
    p.add_argument("--story", help="the story id, with --db")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.add_argument("--read-words", type=_positive_int, default=None, metavar="N",
                   help=READ_HELP)
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser("facts", help="quotes, figures, timeline, entities, framing")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output")
    p.add_argument("--read-words", type=_positive_int, default=None, metavar="N", help=READ_HELP)
    p.set_defaults(func=cmd_facts)

    p = sub.add_parser("eval", help="ROUGE against reference summaries, with baselines")
    p.add_argument("data", metavar="DATA.jsonl")
    p.add_argument("--words", type=_positive_int, default=250)
    p.add_argument(
        "--systems", default="storyweave,lead,lexrank,textrank,lsa,random,oracle",
        help="comma-separated summarizer names",
    )
    p.add_argument("--out", help="write per-cluster results as JSON here")
    p.add_argument("--limit", type=_positive_int, help="only the first N clusters")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-progress", action="store_true")
    p.add_argument(
        "--input", choices=("clean", "raw"), default="clean",
        help="what every system reads: the cleaned articles (default) or the raw lines",
    )
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("ingest", help="read articles into a corpus store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", required=True, help="the SQLite store (created if missing)")
    p.add_argument("--workers", type=_positive_int, help="run on a local Dask cluster")
    p.add_argument("--scheduler", help="run on a Dask scheduler, tcp://HOST:PORT")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("stories", help="list the stories of a corpus store")
    p.add_argument("--db", required=True)
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--limit", type=_positive_int, default=None, help="list at most N stories")
    p.add_argument("--offset", type=_count, default=0, help="skip the first N stories (biggest first)")
    p.add_argument("--level", choices=("thread", "event"), default="thread",
                   help="threads with their events nested (default), or events alone")
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("search", help="full-text search over a corpus store")
    p.add_argument("query")
    p.add_argument("--db", required=True)
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--limit", type=_positive_int, default=20)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("serve", help="the local web app")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--db")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (also used as ``sys.exit`` by the script)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help(sys.stderr)
            return 2
        return int(args.func(args) or 0)
    except StoryweaveError as exc:
        print(f"{PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def entry() -> None:  # pragma: no cover - console script
    sys.exit(main())
