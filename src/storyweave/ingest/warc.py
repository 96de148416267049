"""Web archives (``.warc``, ``.warc.gz``): each HTML page a crawler saved becomes a document.

Records are streamed with warcio, so an archive of any size is read one page at a time.
A page is a ``response`` (or ``resource``) record whose content type is HTML; its URL is
``WARC-Target-URI`` and, when the page itself gives no date, ``WARC-Date`` (when it was
crawled) stands in for the publication date. Requests, metadata, revisits, images and
scripts are not articles and are passed over silently; redirects carry no page. Error
pages (HTTP 4xx/5xx) and corrupt records are reported as skipped, and everything read
before a corrupt record is kept. Paths are ``archive.warc.gz#N``, N counting every record.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..records import RawDocument, Skip
from . import html
from .decode import declared_charset, decode
from .fields import normalize_date
from .source import Source, too_big

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _Quiet:
    """Stands in for ``sys`` in warcio's modules: its warnings go nowhere.

    warcio writes "WARNING: Record not followed by newline" and decompression errors
    to standard error itself; a library must print nothing (damage becomes a Skip).
    """

    def __init__(self) -> None:
        import sys

        self._sys = sys
        self.stderr = io.StringIO()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sys, name)


def _silence_warcio() -> None:
    import logging

    import warcio.archiveiterator
    import warcio.bufferedreaders

    # ("Replacing spaces in invalid WARC-Target-URI" is logged; with no handler of its
    # own, Python's last-resort handler printed it. An application's handlers still get it.)
    logger = logging.getLogger("warcio")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())

    for module in (warcio.archiveiterator, warcio.bufferedreaders):
        if not isinstance(getattr(module, "sys", None), _Quiet):
            module.sys = _Quiet()  # type: ignore[attr-defined]
        else:
            module.sys.stderr = io.StringIO()  # (drop what was written so far)


def read(source: Source) -> Iterator[RawDocument | Skip]:
    """The HTML pages in a WARC file, in archive order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    _silence_warcio()

    number = 0  # records begun so far; a failure is in record ``number`` or the next one
    pages = 0
    inside = False  # whether ``number`` is the record being read when a failure comes
    try:
        with source.open() as fh:
            # We undo the compression, not warcio: it prints to stderr and stops quietly on
            # a truncated or damaged member, where the reader below raises, after handing
            # over every byte before the damage (so the records before it are kept).
            stream = _GzipMembers(fh) if source.head[:2] == b"\x1f\x8b" else fh
            for record in ArchiveIterator(stream):
                number += 1
                inside = True
                result = _record(record, f"{source.name}#{number}", source.limit)
                short = _missing_bytes(record)
                if short:
                    # An uncompressed archive cut inside a record: warcio hands over what
                    # is there as if it were the whole record (a .warc.gz raises instead).
                    yield _corrupt(source.name, number, f"the archive ends {short:,} bytes "
                                   "before the end the record declares")
                    return
                inside = False
                if result is not None:
                    pages += isinstance(result, RawDocument)
                    yield result
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as exc:
        yield _corrupt(source.name, number if inside else number + 1, exc)
        return
    except Exception:  # warcio fails on some damaged headers with arbitrary errors
        yield _corrupt(source.name, number if inside else number + 1, "damaged record header")
        return
    if number == 0:
        yield Skip(source.name, "not a readable WARC archive (no WARC records in it)")
    elif pages == 0:
        what = f"{number} record{'s' if number != 1 else ''}"
        yield Skip(source.name, f"no HTML pages in the archive ({what}, none an HTML response)")


def _missing_bytes(record: Any) -> int:
    """How many bytes of a record's declared length the archive lacks (0: none).

    The record is read through to its end first (warcio would do it next anyway).
    """
    raw = getattr(record, "raw_stream", None)
    if raw is None or not hasattr(raw, "limit"):
        return 0
    while raw.read(65536):
        pass
    return max(int(raw.limit), 0)


def _record(record: Any, name: str, limit: int | None = None) -> RawDocument | Skip | None:
    kind = record.rec_type
    if kind not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    crawled = normalize_date(record.rec_headers.get_header("WARC-Date"))
    if kind == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type") or ""
        if status.startswith("3"):
            return None  # a redirect: the page it points to is its own record
        if not status.startswith("2"):
            if _is_html(content_type):
                return Skip(name, f"HTTP {status} response for {url or 'an unknown URL'}")
            return None
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if not _is_html(content_type):
        return None
    if limit is None:
        data = record.content_stream().read()
    else:
        data = record.content_stream().read(limit + 1)
        if len(data) > limit:
            return Skip(name, too_big(limit, "page"))
    if not data.strip():
        return Skip(name, f"empty page ({url or 'no URL'})")
    charset = _header_charset(content_type) or declared_charset(data[:4096])
    try:
        markup = decode(data, name, fallback=charset)
    except InputError as exc:
        return Skip(exc.path, exc.reason)
    document = html.document(name, markup, url=url)
    if document.published is None and crawled:
        document = RawDocument(**{**document.to_dict(), "published": crawled})
    return document


def _is_html(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


def _header_charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type)
    return match.group(1) if match else None


def _corrupt(name: str, failed: int, exc: BaseException | str) -> Skip:
    """The skip for damage met in record number ``failed`` (counting from 1)."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    if len(message) > 160:
        message = message[:157] + "..."
    if failed <= 1:
        return Skip(name, f"not a readable WARC archive ({message})")
    before = failed - 1
    kept = "record 1 was read" if before == 1 else f"records 1-{before} were read"
    return Skip(f"{name}#{failed}", f"corrupt or truncated WARC record ({message}); {kept}")


class _GzipMembers(io.RawIOBase):
    """The decompressed bytes of a multi-member gzip stream (a ``.warc.gz``: one member a record).

    Each read returns what is already decompressed before touching more input, so damage
    is raised (``zlib.error``, ``EOFError``) only once everything before it was handed on.
    """

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._in_member = False
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            if self._done:
                return 0
            chunk = b""
            if self._inflate.eof:  # a member ended: the next starts in its unused data
                chunk = self._inflate.unused_data
                self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._in_member = False
            if not chunk:
                chunk = self._raw.read(65536)
            if not chunk:
                if self._in_member:
                    raise EOFError("the archive ends inside a compressed record")
                self._done = True
                return 0
            self._in_member = True
            self._pending = self._inflate.decompress(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n
