"""Reading inputs (files, folders, ``-``) into ``RawDocument``s and ``Skip``s, kind by kind
(see the package docstring for the kinds and their readers, and for the bounds on
hostile input)."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from .. import limits
from ..display import shown, storable
from ..errors import DataError, InputError, UsageError
from ..limits import MAX_FILE_MB, TimeBoundExceeded, long_line, time_bound, without_surrogates
from ..records import RawDocument, Skip
from . import feed, html, jsonl, text, warc
from .decode import binary_reason
from .sniff import sniff
from .source import Source, too_big

Reader = Callable[[Source], Iterator[RawDocument | Skip]]

#: Reader for each kind of input.
READERS: dict[str, Reader] = {
    "text": text.read,
    "html": html.read,
    "json": jsonl.read_json,
    "jsonl": jsonl.read_jsonl,
    "warc": warc.read,
    "feed": feed.read,
}

#: File extensions read when walking a folder, and the kind each one means.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

STDIN = "-"

#: What a URL given as an input looks like (``https://...``, ``ftp://...``, ``www.x.y/...``).
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.[^/\s]+\.[A-Za-z]{2,}(?:/|$))")


def kind_of(path: str) -> str | None:
    """The kind a file's extension says, or ``None`` for an unknown extension."""
    name = os.path.basename(path).lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):  # ".warc.gz" before ".gz"-less ones
        if name.endswith(ext):
            return EXTENSIONS[ext]
    return None


def iter_documents(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    stdin: IO[Any] | None = None,
    max_file_mb: float = MAX_FILE_MB,
) -> Iterator[RawDocument | Skip]:
    """Read ``inputs`` lazily, one document at a time, in a deterministic order.

    Args:
        inputs: files, folders and ``"-"`` (standard input), in the order to read them.
        stdin: the stream ``"-"`` reads, text or binary (default: ``sys.stdin``).
        max_file_mb: a file read whole over this many megabytes is skipped, and so is
            a JSON line or WARC record over it (``Config.max_file_mb``).

    Returns:
        An iterator of ``RawDocument`` and ``Skip`` (an input or part of one that cannot
        be used, with the reason). Large JSON Lines files and WARC archives are streamed.

    Raises:
        UsageError: at once, before anything is read, when a path does not exist (a
            URL is said to be one: nothing is fetched), no input is given, or ``-``
            is given twice.
        DataError: when the iterator is exhausted without having produced a single
            document (an empty folder, only empty or binary files); the message names
            the input and the reason.
    """
    names = check_inputs(inputs)
    if not isinstance(max_file_mb, (int, float)) or isinstance(max_file_mb, bool) or max_file_mb <= 0:
        raise UsageError(f"`max_file_mb` must be a positive number, got {max_file_mb!r}")
    return _generate(names, stdin, int(max_file_mb * 1_000_000))


def check_inputs(inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str]) -> list[str]:
    """The input names, checked before anything is read (``UsageError`` for a bad one)."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]  # type: ignore[list-item]
    names = [os.fsdecode(i) for i in inputs]
    if not names:
        raise UsageError("no input given: pass files, folders, or - for standard input")
    for name in names:
        if name != STDIN and not os.path.exists(name):
            if _URL.match(name):
                raise UsageError(
                    f"{shown(name)}: URLs are not fetched (storyweave works offline, without "
                    "network access); save the page first, e.g. `curl -L -o page.html URL`, "
                    "then give page.html"
                )
            raise UsageError(f"{shown(name)}: no such file or directory")
    if names.count(STDIN) > 1:
        raise UsageError("- (standard input) can be given only once")
    return names


def read_inputs(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    stdin: IO[Any] | None = None,
    max_file_mb: float = MAX_FILE_MB,
) -> tuple[list[RawDocument], list[Skip]]:
    """All documents and skips of ``inputs`` (``iter_documents`` collected into two lists)."""
    documents: list[RawDocument] = []
    skipped: list[Skip] = []
    for item in iter_documents(inputs, stdin=stdin, max_file_mb=max_file_mb):
        if isinstance(item, Skip):
            skipped.append(item)
        else:
            documents.append(item)
    return documents, skipped


# ---------------------------------------------------------------- dispatch


def _generate(names: list[str], stdin: IO[Any] | None, limit: int) -> Iterator[RawDocument | Skip]:
    found = False
    first_skips: list[Skip] = []  # kept only for the closing message, so never many
    n_skipped = 0
    for name in names:
        if name == STDIN:
            items = _read_stdin(stdin, limit)
        elif os.path.isdir(name):
            items = _read_folder(name, limit)
        else:
            items = _read_file(name, kind_of(name), limit)
        for item in items:
            item = _safe(item)
            if isinstance(item, Skip):
                n_skipped += 1
                if len(first_skips) < 3:
                    first_skips.append(item)
            else:
                found = True
            yield item
    if not found:
        raise _nothing_read(names, first_skips, n_skipped)


def _safe(item: RawDocument | Skip) -> RawDocument | Skip:
    """``item`` with names that can be stored and text that can be encoded.

    A name's undecodable bytes are escaped (``display.storable``); a lone surrogate in
    a text (a JSON ``\\ud800`` escape, a feed's ``&#55296;``) becomes U+FFFD, as a
    decoder replaces any other broken character. Otherwise SQLite, JSON output and
    printing all failed on it later, far from the input.
    """
    if isinstance(item, Skip):
        path = storable(item.path)
        return item if path == item.path else Skip(path, item.reason)
    fixes: dict[str, str] = {}
    path = storable(item.path)
    if path != item.path:
        fixes["path"] = path
    for field in ("content", "title", "url", "outlet", "published"):
        value = getattr(item, field)
        if value is not None and (fixed := without_surrogates(value)) is not value:
            fixes[field] = fixed
    if fixes:
        item = RawDocument(**{**item.to_dict(), **fixes})
    if item.kind == "text":
        reason = long_line(item.content)
        if reason:
            return Skip(item.path, reason)
    return item


def _nothing_read(names: list[str], first_skips: list[Skip], n_skipped: int) -> DataError:
    if n_skipped == 1:
        return InputError(first_skips[0].path, first_skips[0].reason)
    where = ", ".join(shown(n) for n in names)
    if not n_skipped:
        return DataError(f"{where}: no readable articles")
    reasons = "; ".join(str(s) for s in first_skips)
    more = f"; and {n_skipped - len(first_skips)} more" if n_skipped > len(first_skips) else ""
    return DataError(f"{where}: no readable articles ({reasons}{more})")


def _read_stdin(stdin: IO[Any] | None, limit: int) -> Iterator[RawDocument | Skip]:
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        yield Skip(STDIN, "no standard input")
        return
    try:
        source = Source.from_stream(stream, STDIN, limit)
    except (OSError, ValueError) as exc:
        yield Skip(STDIN, f"cannot read standard input ({exc})")
        return
    if not source.head:
        yield Skip(STDIN, "empty input (nothing on standard input)")
        return
    yield from _dispatch(source, sniff(source.head))


def _read_file(path: str, kind: str | None, limit: int) -> Iterator[RawDocument | Skip]:
    special = special_file(path)
    if special:
        yield Skip(path, special)
        return
    try:
        source = Source.from_file(path, limit)
    except OSError as exc:
        yield Skip(path, f"cannot read ({exc.strerror or exc})")
        return
    if not source.head:
        yield Skip(path, "empty file")
        return
    if kind is None or (kind == "feed" and sniff(source.head) == "html"):  # XHTML saved as .xml
        kind = sniff(source.head)
    yield from _dispatch(source, kind)


#: Kinds whose readers take the whole file at once (the others stream it).
_WHOLE = frozenset({"text", "html", "json", "feed"})
#: How an error no reader expected is reported (the fuzz tests count these as bugs).
INTERNAL = "cannot be read: internal error"


def _dispatch(source: Source, kind: str) -> Iterator[RawDocument | Skip]:
    if kind != "warc":
        reason = binary_reason(source.head)
        if reason:
            yield Skip(source.name, reason)
            return
    if kind in _WHOLE and source.path is not None and source.limit is not None:
        try:
            size = os.path.getsize(source.path)
        except OSError:
            size = 0
        if size > source.limit:
            yield Skip(source.name, too_big(source.limit))
            return
    items = READERS[kind](source)
    while True:
        try:
            with time_bound(limits.READ_SECONDS):  # (only while the reader works, per item)
                item = next(items)
        except StopIteration:
            return
        except TimeBoundExceeded as exc:
            items.close()
            yield Skip(source.name, f"reading stopped: no result {exc} (see storyweave.limits)")
            return
        except RecursionError:
            yield Skip(source.name, "nested too deeply to read")
            return
        except Exception as exc:  # a parser's own bug must not end the run; reported as one
            message = " ".join(str(exc).split())[:120]
            yield Skip(source.name, f"{INTERNAL} ({type(exc).__name__}: {message}); please report it")
            return
        yield item


#: What a file that is not a regular file is, by its ``stat`` mode.
_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_file(path: str) -> str | None:
    """Why ``path`` is skipped unopened (a FIFO, device or socket), or ``None``.

    Opening a named pipe blocks until something writes to it, and reading a device
    (``/dev/zero``) never ends, so these are told by ``stat`` alone and never opened.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # opening it reports the error
    for test, what in _SPECIAL:
        if test(mode):
            return f"not a regular file but {what}; not opened"
    return None


def _read_folder(folder: str, limit: int) -> Iterator[RawDocument | Skip]:
    candidates = 0
    ignored = 0
    not_articles = 0
    for path, kind in _walk(folder, set()):
        if isinstance(kind, Skip):
            yield kind
        elif kind is None:
            ignored += 1
        elif kind in ("json", "jsonl"):
            items, articles = _unless_not_articles(_read_file(path, kind, limit))
            yield from items
            if articles[0]:
                candidates += 1
            else:
                not_articles += 1
        else:
            candidates += 1
            yield from _read_file(path, kind, limit)
    if not candidates:
        looked = " ".join(EXTENSIONS)
        other = f"; {ignored} other file{'s' if ignored != 1 else ''} ignored" if ignored else ""
        if not_articles:
            other += (
                f"; {not_articles} JSON file{'s' if not_articles != 1 else ''} without an "
                f"article text field ({', '.join(jsonl.TEXT_FIELDS)})"
            )
        yield Skip(folder, f"no readable articles (looked for {looked}{other})")


def _unless_not_articles(
    items: Iterator[RawDocument | Skip],
) -> tuple[Iterator[RawDocument | Skip], list[bool]]:
    """Pass ``items`` on, except when every one says "no article text field".

    A folder holds JSON that is not article data (labels, settings, manifests); such a
    file is passed over like a file of unknown extension instead of adding a warning per
    record. The verdict is known only at the end of the file, so those skips wait until a
    document or another kind of skip shows the file holds article records after all.
    ``flag[0]`` says, once the iterator is exhausted, whether the file counted as articles.
    """
    flag = [False]

    def generate() -> Iterator[RawDocument | Skip]:
        held: list[Skip] = []
        for item in items:
            if flag[0]:
                yield item
            elif isinstance(item, Skip) and item.reason.startswith(jsonl.NO_TEXT):
                held.append(item)
            else:
                flag[0] = True
                yield from held
                held.clear()
                yield item

    return generate(), flag


#: Folders below this depth are not walked (each level is a nested generator).
MAX_FOLDER_DEPTH = 100


def _walk(folder: str, visited: set[str], depth: int = 0) -> Iterator[tuple[str, str | Skip | None]]:
    """(path, kind) for every non-hidden file below ``folder``, sorted by name at each level."""
    if depth > MAX_FOLDER_DEPTH:
        yield folder, Skip(folder, f"folder nested over {MAX_FOLDER_DEPTH} levels deep; not read")
        return
    real = os.path.realpath(folder)
    if real in visited:  # a symbolic link back up the tree
        return
    visited.add(real)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield folder, Skip(folder, f"cannot list folder ({exc.strerror or exc})")

        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, visited, depth + 1)
        else:
            yield path, kind_of(entry.name)
