"""The only printer: every line storyweave writes to the terminal goes through here.

The library prints nothing; it reports through callbacks (``on_skip``, ``on_notice``,
``on_progress``), and the CLI passes these functions in.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TypeVar

from ..errors import UsageError
from ..records import Skip

PROG = "storyweave"

T = TypeVar("T")


def warn(message: str) -> None:
    """``storyweave: warning: MESSAGE`` on standard error."""
    print(f"{PROG}: warning: {message}", file=sys.stderr, flush=True)


def skipped(skip: Skip) -> None:
    """The one-line warning for an input left out (the ``on_skip`` callback)."""
    warn(f"{skip.path}: skipped: {skip.reason}")


def notice(message: str) -> None:
    """``storyweave: MESSAGE`` on standard error (a closing count, a note)."""
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def say(message: str) -> None:
    """``storyweave: MESSAGE`` on standard output (what a long-running command is doing)."""
    print(f"{PROG}: {message}", flush=True)


def error(message: str) -> None:
    """The one-line error: ``storyweave: error: MESSAGE`` on standard error."""
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)


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


def progress_bar(desc: str, unit: str) -> Any:
    """A progress bar on standard error (tqdm): ``update(n)``, ``set_postfix(...)``, ``close()``."""
    from tqdm import tqdm

    return tqdm(desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True)


def progress_iter(items: Iterable[T], desc: str, unit: str = "cluster") -> Iterable[T]:
    """``items``, with a progress bar on standard error that goes away when done."""
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=unit, file=sys.stderr, leave=False)
