"""The command line: parses arguments, calls the library, prints one-line errors.

Every command is a thin layer over a library function (``cli.brief``, ``cli.corpus``,
``cli.serve``, ``cli.evaluate`` hold the handlers); ``cli.output`` is the only module
that prints. Library exceptions become one line on standard error and an exit
status: 2 for a usage error, 1 for unusable data; a traceback is a bug.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from .. import __version__
from ..budget import READ_WORDS
from ..config import FORMATS
from ..errors import StoryweaveError, UsageError
from .brief import cmd_brief, cmd_facts
from .corpus import cmd_ingest, cmd_search, cmd_stories
from .evaluate import cmd_eval
from .output import PROG, error, help_text, notice
from .serve import cmd_serve

__all__ = ["PROG", "build_parser", "main"]
READ_HELP = (f"a story of more words is read from each article's start (default "
             f"{READ_WORDS}: a few seconds)")
ANY_LANGUAGE_HELP = "keep articles that are not English text (skipped by default)"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns every exit."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


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
    p.add_argument("--any-language", action="store_true", help=ANY_LANGUAGE_HELP)
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser("facts", help="quotes, figures, timeline, entities, framing")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output")
    p.add_argument("--read-words", type=_positive_int, default=None, metavar="N", help=READ_HELP)
    p.add_argument("--any-language", action="store_true", help=ANY_LANGUAGE_HELP)
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
    p.add_argument("--any-language", action="store_true", help=ANY_LANGUAGE_HELP)
    p.add_argument("--no-briefs", action="store_true",
                   help="do not brief the changed stories at the end (they are briefed when first opened)")
    p.add_argument("--briefs", type=_positive_int, default=None, metavar="N",
                   help="brief the N biggest changed stories at the end (default 200)")
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
            help_text(parser.format_help())
            return 2
        return int(args.func(args) or 0)
    except StoryweaveError as exc:
        error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        notice("interrupted")
        return 130
    except BrokenPipeError:
        return 0
