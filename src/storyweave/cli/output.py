"""The only printer: every line storyweave writes to the terminal goes through here.

The library prints nothing; it reports through callbacks (``on_skip``, ``on_notice``,
``on_progress``), and the CLI passes these functions in. Every message line goes through
``display.shown``, the one escaper: a file name's newline, ANSI escape, bidi override or
undecodable byte is shown as ``\\n``, ``\\x1b``, ``\\u202e``, ``\\xff`` instead of reaching
the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TypeVar

from ..display import shown
from ..errors import UsageError
from ..records import Skip

PROG = "storyweave"

T = TypeVar("T")

QUIET, NORMAL, VERBOSE = 0, 1, 2
#: How much goes to standard error: ``-q`` leaves only errors, ``-v`` adds what each
#: step did. The command's result on standard output is never affected.
_level = NORMAL


def set_verbosity(level: int) -> None:
    """``QUIET`` (errors only), ``NORMAL`` (warnings and notices) or ``VERBOSE``."""
    global _level
    _level = max(QUIET, min(VERBOSE, int(level)))


def verbosity() -> int:
    return _level


def warn(message: str) -> None:
    """``storyweave: warning: MESSAGE`` on standard error (not with ``-q``)."""
    if _level >= NORMAL:
        print(f"{PROG}: warning: {shown(message)}", file=sys.stderr, flush=True)


def detail(message: str) -> None:
    """``storyweave: MESSAGE`` on standard error with ``-v`` only (what a step did)."""
    if _level >= VERBOSE:
        print(f"{PROG}: {shown(message)}", file=sys.stderr, flush=True)


def skipped(skip: Skip) -> None:
    """The one-line warning for an input left out (the ``on_skip`` callback)."""
    warn(f"{skip.path}: skipped: {skip.reason}")


def notice(message: str) -> None:
    """``storyweave: MESSAGE`` on standard error (a closing count, a note; not with ``-q``)."""
    if _level >= NORMAL:
        print(f"{PROG}: {shown(message)}", file=sys.stderr, flush=True)


def say(message: str) -> None:
    """``storyweave: MESSAGE`` on standard output (what a long-running command is doing)."""
    if _level >= NORMAL:
        print(f"{PROG}: {shown(message)}", flush=True)


def error(message: str) -> None:
    """The one-line error: ``storyweave: error: MESSAGE`` on standard error (always)."""
    print(f"{PROG}: error: {shown(' '.join(message.split()))}", file=sys.stderr)


def help_text(text: str) -> None:
    """A command's help, on standard error (shown when no command is given)."""
    sys.stderr.write(text)


def write(text: str, out: str | None = None) -> None:
    """A command's result: to the file ``out``, or standard output (``None`` or ``-``).

    Raises:
        UsageError: the file cannot be written.
    """
    if out and out != "-":
        try:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"{out}: cannot write ({exc.strerror})") from exc
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def bars_shown() -> bool:
    """Progress bars are drawn only on a terminal, and not with ``-q``: a log file or a
    pipe would get every redraw as a line of its own."""
    try:
        return _level >= NORMAL and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def progress_bar(desc: str, unit: str) -> Any:
    """A progress bar on standard error (tqdm): ``update(n)``, ``set_postfix(...)``, ``close()``.
    Callers check ``bars_shown()`` first."""
    from tqdm import tqdm

    return tqdm(desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True)


def progress_iter(items: Iterable[T], desc: str, unit: str = "cluster") -> Iterable[T]:
    """``items``, with a progress bar on standard error that goes away when done (only on
    a terminal: elsewhere ``items`` as they are)."""
    if not bars_shown():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=unit, file=sys.stderr, leave=False)
