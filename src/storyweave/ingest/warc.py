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

import re
import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..records import RawDocument, Skip
from . import html
from .decode import declared_charset, decode
from .fields import normalize_date
from .source import Source

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(source: Source) -> Iterator[RawDocument | Skip]:
    """The HTML pages in a WARC file, in archive order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    pages = 0
    try:
        with source.open() as fh:
            for record in ArchiveIterator(fh, arc2warc=True):
                number += 1
                result = _record(record, f"{source.name}#{number}")
                if result is not None:
                    pages += isinstance(result, RawDocument)
                    yield result
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        yield _corrupt(source.name, number, exc)
        return
    if pages == 0:
        what = f"{number} record{'s' if number != 1 else ''}"
        yield Skip(source.name, f"no HTML pages in the archive ({what}, none an HTML response)")


def _record(record: Any, name: str) -> RawDocument | Skip | None:
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
    data = record.content_stream().read()
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


def _corrupt(name: str, number: int, exc: BaseException) -> Skip:
    message = " ".join(str(exc).split()) or type(exc).__name__
    if len(message) > 160:
        message = message[:157] + "..."
    if number == 0:
        return Skip(name, f"not a readable WARC archive ({message})")
    return Skip(
        f"{name}#{number + 1}",
        f"corrupt WARC record after record {number} ({message}); the {number} before it were read",
    )
