"""Tell an input's kind from its first bytes, for stdin and files with no known extension."""

from __future__ import annotations

import json
import re
import zlib

from .decode import bom_encoding

_XML_ROOT = re.compile(r"<(?![?!])([A-Za-z_][\w:.-]*)")
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf"}


def sniff(head: bytes) -> str:
    """The reader kind for an input starting with ``head``.

    Returns one of ``"warc"``, ``"html"``, ``"feed"``, ``"json"``, ``"jsonl"`` or ``"text"``:
    a WARC record header (plain or gzipped); ``<!doctype html>`` or ``<html``; XML whose
    root is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``; JSON that parses (one value, or one
    value per line); anything else is text.
    """
    if head.startswith(b"WARC/") or _gzipped_warc(head):
        return "warc"
    start = _text_start(head)
    lower = start[:2048].lower()
    if lower.startswith("<!doctype html") or lower.startswith("<html"):
        return "html"
    if lower.startswith("<?xml") or lower.startswith("<rss") or lower.startswith("<feed"):
        root = xml_root(start)
        if root in _FEED_ROOTS:
            return "feed"
        if root == "html":
            return "html"
        return "text"
    if lower.startswith("<") and looks_like_page(lower):
        return "html"
    if lower.startswith(("{", "[")):
        return _json_kind(start)
    return "text"


def xml_root(text: str) -> str | None:
    """The lower-cased name of the first element in an XML text (skipping declarations)."""
    body = re.sub(r"<!--.*?-->", "", text[:4096], flags=re.DOTALL)
    match = _XML_ROOT.search(body)
    return match.group(1).lower() if match else None


def looks_like_page(lower: str) -> bool:
    """Whether a text starting with ``<`` is an HTML page missing its doctype (``<head>``, ``<body>``)."""
    return bool(re.match(r"(?:<!--.*?-->\s*)*<(?:head|body|meta|title)\b", lower, re.DOTALL))


def _text_start(head: bytes) -> str:
    encoding, skip = bom_encoding(head)
    text = head[skip:].decode(encoding or "utf-8", "ignore")
    return text.lstrip()


def _gzipped_warc(head: bytes) -> bool:
    if not head.startswith(b"\x1f\x8b"):
        return False
    try:
        inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return False
    return inflated.startswith(b"WARC/")


def _json_kind(start: str) -> str:
    """``json`` or ``jsonl`` when the head is JSON, else ``text`` (prose that starts with a brace)."""
    first_line = start.split("\n", 1)[0].strip()
    try:
        json.loads(first_line)
    except RecursionError:  # nested too deep to parse: JSON all the same (its reader says so)
        return "json"
    except ValueError:
        pass
    else:
        rest = start[len(first_line) :].strip()
        return "jsonl" if rest else "json"
    # JSON Lines whose first line is malformed: another whole line in the head parses.
    lines = start.split("\n")[1:-1]  # the last line may be cut off by the head's end
    for line in lines[:50]:
        if line.strip().startswith("{"):
            try:
                json.loads(line)
            except (ValueError, RecursionError):
                continue
            return "jsonl"
    # A value spread over several lines: the head is cut, so only check it opens like JSON.
    if re.match(r'^(?:\{\s*(?:"|\})|\[\s*(?:[\[{"\]\d-]|true|false|null))', start):
        return "json"
    return "text"
