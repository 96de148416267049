"""The command line: parses arguments, calls the library, prints one-line errors.

Every command is a thin layer over a library function (``cli.brief``, ``cli.corpus``,
``cli.check``, ``cli.serve``, ``cli.evaluate`` hold the handlers); ``cli.output`` is the only module
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
from ..limits import MAX_FILE_MB
from . import output
from .brief import cmd_brief, cmd_facts
from .check import cmd_check
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
        if message.startswith("unrecognized arguments: "):
            import os

            files = [a for a in message.split(": ", 1)[1].split() if a.startswith("-") and os.path.exists(a)]
            if files:
                message += (f"; to give a file whose name starts with '-', write ./{files[0]} "
                            f"or put -- before it")
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


def _positive_float(text: str) -> float:
    """An argparse type: a finite number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value


def _max_file_mb(p: argparse.ArgumentParser) -> None:
    """--max-file-mb, for every command that reads input files (``storyweave.limits``)."""
    p.add_argument("--max-file-mb", type=_positive_float, default=None, metavar="MB",
                   help=f"skip an input file read whole (or a JSON line, a WARC record) over MB "
                        f"megabytes (default {MAX_FILE_MB})")


EXAMPLES = {
    "brief": """examples:
  storyweave brief examples/aleppo-2016/
  storyweave brief a.html b.jsonl feed.xml --words 150 --format markdown -o brief.md
  cat article.txt | storyweave brief -
  storyweave brief examples/aleppo-2016/ --facts --format html -o brief.html
  storyweave brief --db corpus.sqlite --story S1A2B3 --format json
  storyweave brief examples/aleppo-2016/ --query "who is blamed for the civilian deaths"
  storyweave brief new/ --since-articles old/
  storyweave brief --db corpus.sqlite --story S1A2B3 --since 2016-10-01
  storyweave brief examples/aleppo-2016/ more/ --since-brief seen.json
  storyweave brief big-page.html --max-file-mb 200""",
    "facts": """examples:
  storyweave facts examples/aleppo-2016/
  storyweave facts examples/aleppo-2016/ --format json -o facts.json
  storyweave facts examples/aleppo-2016/ --format csv --rows figures -o figures.csv
  storyweave facts examples/aleppo-2016/ --format jsonl --rows quotes,figures
  storyweave facts huge-export.json --max-file-mb 200""",
    "check": """examples:
  storyweave check "At least 290 people have been killed since 22 September." examples/aleppo-2016/
  storyweave check "The convoy was hit by Russian jets" examples/aleppo-2016/ --format html -o check.html
  storyweave check "At least 290 people were killed" --db corpus.sqlite --story S1A2B3 --format json
  storyweave check "At least 290 people were killed" examples/aleppo-2016/ --format csv -o verdicts.csv
  storyweave check "At least 290 people were killed" big-page.html --max-file-mb 200""",
    "eval": """examples:
  storyweave eval ../shared/data/multinews-dev.jsonl -o eval.json
  storyweave eval DATA.jsonl --systems storyweave,lead,lexrank --limit 20 --words 250""",
    "ingest": """examples:
  storyweave ingest crawl/ --db corpus.sqlite
  storyweave ingest big-crawl/ --db corpus.sqlite --workers 2
  storyweave ingest export.jsonl --db corpus.sqlite -q
  storyweave ingest crawl.warc.gz --db corpus.sqlite --max-file-mb 10
  storyweave ingest more/ --db corpus.sqlite --briefs 50
  storyweave ingest more/ --db corpus.sqlite --no-briefs""",
    "stories": """examples:
  storyweave stories --db corpus.sqlite
  storyweave stories --db corpus.sqlite --limit 20 --format csv -o stories.csv
  storyweave stories --db corpus.sqlite --level event --limit 50""",
    "search": """examples:
  storyweave search "ceasefire Aleppo" --db corpus.sqlite
  storyweave search "war crimes" --db corpus.sqlite --format jsonl""",
    "serve": """examples:
  storyweave serve --db corpus.sqlite            # http://127.0.0.1:8000
  storyweave serve examples/aleppo-2016/ --port 8080""",
}
FORMAT_HELP = ("output format: text, markdown, json, html, or rows as jsonl / csv "
               "(default text)")


def _common() -> argparse.ArgumentParser:
    """-q / -v, shared by every command (given before or after the command name)."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_const", const=output.QUIET,
                       dest="verbosity", default=argparse.SUPPRESS,
                       help="print only errors on standard error (no warnings, notices or bars)")
    group.add_argument("-v", "--verbose", action="store_const", const=output.VERBOSE,
                       dest="verbosity", default=argparse.SUPPRESS,
                       help="also say what each step did and how long it took")
    return common


def _command(sub: Any, name: str, help: str, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                          epilog=EXAMPLES.get(name), parents=[common],
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _output(p: argparse.ArgumentParser, what: str = "the result") -> None:
    p.add_argument("-o", "--output", metavar="FILE",
                   help=f"write {what} to FILE instead of standard output")


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(
        prog=PROG,
        description="Make sense of one news story told by many outlets: clean articles, stories, "
                    "cited briefs, quotes, figures, timelines. Offline.",
        epilog="run `storyweave COMMAND --help` for a command's options and examples",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = _command(sub, "brief", "a cited multi-source brief of some articles", common)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files (.txt .html .json .jsonl .warc feeds), folders, or - for stdin")
    p.add_argument("--words", type=_positive_int, default=250,
                   help="word budget; whole sentences are added while they fit (default 250)")
    p.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    p.add_argument("--method", default=None,
                   help="summarizer: storyweave (default), lead, lexrank, textrank, lsa, random")
    p.add_argument("--facts", action="store_true",
                   help="add quotes, figures and their disagreements, timeline, entities, framing")
    p.add_argument("--db", metavar="STORE", help="brief a story of this corpus store instead of files")
    p.add_argument("--story", metavar="ID", help="the story id, with --db (see `storyweave stories`)")
    _output(p)
    p.add_argument("--read-words", type=_positive_int, default=None, metavar="N",
                   help=READ_HELP)
    p.add_argument("--any-language", action="store_true", help=ANY_LANGUAGE_HELP)
    _max_file_mb(p)
    p.add_argument("--query", metavar="TEXT",
                   help="a question: the brief prefers the sentences that answer it")
    p.add_argument("--since", metavar="DATE",
                   help="an update brief: what the articles published after DATE (YYYY-MM-DD) add")
    p.add_argument("--since-articles", nargs="+", metavar="OLD",
                   help="an update brief: what PATH... add to these earlier articles")
    p.add_argument("--since-brief", metavar="BRIEF.json",
                   help="an update brief: what is new since this saved brief (--format json)")
    p.set_defaults(func=cmd_brief)

    p = _command(sub, "facts", "quotes, figures, timeline, entities, framing", common)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    p.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    p.add_argument("--rows", metavar="TABLES", default=None,
                   help="with jsonl / csv: which tables, comma-separated, from quotes, figures, "
                        "disagreements, timeline, entities (jsonl: all by default; csv: one)")
    _output(p)
    p.add_argument("--read-words", type=_positive_int, default=None, metavar="N", help=READ_HELP)
    p.add_argument("--any-language", action="store_true", help=ANY_LANGUAGE_HELP)
    _max_file_mb(p)
    p.set_defaults(func=cmd_facts)

    p = _command(sub, "check", "which articles report a claim, which dispute it, with evidence", common)
    p.add_argument("claim", metavar="CLAIM",
                   help="the English sentence to check, in quotes (a fact: who did what, how many)")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, folders, or - for stdin (or --db and --story)")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="output format: text, markdown, json, html, or one row an article as "
                        "jsonl / csv (default text)")
    p.add_argument("--db", metavar="STORE", help="check against a story of this corpus store instead of files")
    p.add_argument("--story", metavar="ID", help="the story id, with --db (see `storyweave stories`)")
    _output(p)
    p.add_argument("--read-words", type=_positive_int, default=None, metavar="N", help=READ_HELP)
    p.add_argument("--any-language", action="store_true", help=ANY_LANGUAGE_HELP)
    _max_file_mb(p)
    p.set_defaults(func=cmd_check)

    p = _command(sub, "eval", "ROUGE against reference summaries, with baselines", common)
    p.add_argument("data", metavar="DATA.jsonl",
                   help="one cluster a line: documents, summary (see ../shared/data/README.md)")
    p.add_argument("--words", type=_positive_int, default=250,
                   help="every system's word budget (default 250)")
    p.add_argument(
        "--systems", default="storyweave,lead,lexrank,textrank,lsa,random,oracle",
        help="comma-separated summarizer names (default: all, with the oracle)",
    )
    p.add_argument("-o", "--output", "--out", dest="output", metavar="FILE",
                   help="write the per-cluster results as JSON to FILE (the table still goes "
                        "to standard output)")
    p.add_argument("--limit", type=_positive_int, help="only the first N clusters")
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap and of random (default 0)")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar (there is none anyway when standard error is not a terminal)")
    p.add_argument(
        "--input", choices=("clean", "raw"), default="clean",
        help="what every system reads: the cleaned articles (default) or the raw lines",
    )
    p.set_defaults(func=cmd_eval)

    p = _command(sub, "ingest", "read articles into a corpus store", common)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    p.add_argument("--db", required=True, metavar="STORE",
                   help="the SQLite store (created if missing)")
    p.add_argument("--workers", type=_positive_int, help="run on a local Dask cluster of N workers")
    p.add_argument("--scheduler", metavar="URL", help="run on a Dask scheduler, tcp://HOST:PORT")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar (there is none anyway when standard error is not a terminal)")
    p.add_argument("--any-language", action="store_true", help=ANY_LANGUAGE_HELP)
    p.add_argument("--no-briefs", action="store_true",
                   help="do not brief the changed stories at the end (they are briefed when first opened)")
    p.add_argument("--briefs", type=_positive_int, default=None, metavar="N",
                   help="brief the N biggest changed stories at the end (default 200)")
    _max_file_mb(p)
    p.set_defaults(func=cmd_ingest)

    p = _command(sub, "stories", "list the stories of a corpus store", common)
    p.add_argument("--db", required=True, metavar="STORE", help="the corpus store")
    p.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    p.add_argument("--limit", type=_positive_int, default=None, help="list at most N stories")
    p.add_argument("--offset", type=_count, default=0, help="skip the first N stories (biggest first)")
    p.add_argument("--level", choices=("thread", "event"), default="thread",
                   help="threads with their events nested (default), or events alone")
    _output(p, "the list")
    p.set_defaults(func=cmd_stories)

    p = _command(sub, "search", "full-text search over a corpus store", common)
    p.add_argument("query", help="words to find (FTS5: phrases in quotes, OR, NOT)")
    p.add_argument("--db", required=True, metavar="STORE", help="the corpus store")
    p.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    p.add_argument("--limit", type=_positive_int, default=20, help="at most N hits (default 20)")
    _output(p, "the hits")
    p.set_defaults(func=cmd_search)

    p = _command(sub, "serve", "the local web app", common)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to serve (or --db)")
    p.add_argument("--db", metavar="STORE", help="serve the stories of this corpus store")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (also used as ``sys.exit`` by the script)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        output.set_verbosity(getattr(args, "verbosity", output.NORMAL))
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
