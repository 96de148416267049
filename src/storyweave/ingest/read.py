"""Reading inputs (files, folders, ``-``) into ``RawDocument``s and ``Skip``s, kind by kind
(see the package docstring for the kinds and their readers)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from ..errors import DataError, InputError, UsageError
from ..records import RawDocument, Skip
from . import feed, html, jsonl, text, warc
from .decode import binary_reason
from .sniff import sniff
from .source import Source

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
) -> Iterator[RawDocument | Skip]:
    """Read ``inputs`` lazily, one document at a time, in a deterministic order.

    Args:
        inputs: files, folders and ``"-"`` (standard input), in the order to read them.
        stdin: the stream ``"-"`` reads, text or binary (default: ``sys.stdin``).

    Returns:
        An iterator of ``RawDocument`` and ``Skip`` (an input or part of one that cannot
        be used, with the reason). Large JSON Lines files and WARC archives are streamed.

    Raises:
        UsageError: at once, before anything is read, when a path does not exist, no
            input is given, or ``-`` is given twice.
        DataError: when the iterator is exhausted without having produced a single
            document (an empty folder, only empty or binary files); the message names
            the input and the reason.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    names = [os.fspath(i) for i in inputs]
    if not names:
        raise UsageError("no input given: pass files, folders, or - for standard input")
    for name in names:
        if name != STDIN and not os.path.exists(name):
            raise UsageError(f"{name}: no such file or directory")
    if names.count(STDIN) > 1:
        raise UsageError("- (standard input) can be given only once")
    return _generate(names, stdin)


def read_inputs(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    stdin: IO[Any] | None = None,
) -> tuple[list[RawDocument], list[Skip]]:
    """All documents and skips of ``inputs`` (``iter_documents`` collected into two lists)."""
    documents: list[RawDocument] = []
    skipped: list[Skip] = []
    for item in iter_documents(inputs, stdin=stdin):
        if isinstance(item, Skip):
            skipped.append(item)
        else:
            documents.append(item)
    return documents, skipped


# ---------------------------------------------------------------- dispatch


def _generate(names: list[str], stdin: IO[Any] | None) -> Iterator[RawDocument | Skip]:
    found = False
    first_skips: list[Skip] = []  # kept only for the closing message, so never many
    n_skipped = 0
    for name in names:
        if name == STDIN:
            items = _read_stdin(stdin)
        elif os.path.isdir(name):
            items = _read_folder(name)
        else:
            items = _read_file(name, kind_of(name))
        for item in items:
            if isinstance(item, Skip):
                n_skipped += 1
                if len(first_skips) < 3:
                    first_skips.append(item)
            else:
                found = True
            yield item
    if not found:
        raise _nothing_read(names, first_skips, n_skipped)


def _nothing_read(names: list[str], first_skips: list[Skip], n_skipped: int) -> DataError:
    if n_skipped == 1:
        return InputError(first_skips[0].path, first_skips[0].reason)
    where = ", ".join(names)
    if not n_skipped:
        return DataError(f"{where}: no readable articles")
    reasons = "; ".join(str(s) for s in first_skips)
    more = f"; and {n_skipped - len(first_skips)} more" if n_skipped > len(first_skips) else ""
    return DataError(f"{where}: no readable articles ({reasons}{more})")


def _read_stdin(stdin: IO[Any] | None) -> Iterator[RawDocument | Skip]:
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        yield Skip(STDIN, "no standard input")
        return
    try:
        source = Source.from_stream(stream, STDIN)
    except (OSError, ValueError) as exc:
        yield Skip(STDIN, f"cannot read standard input ({exc})")
        return
    if not source.head:
        yield Skip(STDIN, "empty input (nothing on standard input)")
        return
    yield from _dispatch(source, sniff(source.head))


def _read_file(path: str, kind: str | None) -> Iterator[RawDocument | Skip]:
    try:
        source = Source.from_file(path)
    except OSError as exc:
        yield Skip(path, f"cannot read ({exc.strerror or exc})")
        return
    if not source.head:
        yield Skip(path, "empty file")
        return
    if kind is None or (kind == "feed" and sniff(source.head) == "html"):  # XHTML saved as .xml
        kind = sniff(source.head)
    yield from _dispatch(source, kind)


def _dispatch(source: Source, kind: str) -> Iterator[RawDocument | Skip]:
    if kind != "warc":
        reason = binary_reason(source.head)
        if reason:
            yield Skip(source.name, reason)
            return
    yield from READERS[kind](source)


def _read_folder(folder: str) -> Iterator[RawDocument | Skip]:
    candidates = 0
    ignored = 0
    not_articles = 0
    for path, kind in _walk(folder, set()):
        if isinstance(kind, Skip):
            yield kind
        elif kind is None:
            ignored += 1
        elif kind in ("json", "jsonl"):
            items, articles = _unless_not_articles(_read_file(path, kind))
            yield from items
            if articles[0]:
                candidates += 1
            else:
                not_articles += 1
        else:
            candidates += 1
            yield from _read_file(path, kind)
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


def _walk(folder: str, visited: set[str]) -> Iterator[tuple[str, str | Skip | None]]:
    """(path, kind) for every non-hidden file below ``folder``, sorted by name at each level."""
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
            yield from _walk(path, visited)
        else:
            yield path, kind_of(entry.name)
