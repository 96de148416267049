"""JSON and JSON Lines: one article object, a list of them, or one per line.

Recognised fields (names compared case-insensitively; the first present wins):

- text: ``text``, ``body``, ``content``, ``article``, ``maintext``, ``document``,
  ``full_text``, ``html`` (a string, a list of paragraphs, or ``{"rendered": ...}``);
  markup makes the document HTML. A Multi-News ``document`` joined with ``|||||`` splits.
- title: ``title``, ``headline``; url: ``url``, ``link``, ``canonical_url``;
  outlet: ``source``, ``outlet``, ``site``, ``sitename``, ``site_name``, ``publisher``,
  ``source_name``, ``source_domain`` (an object with a ``name`` counts);
  date: ``published``, ``date``, ``published_at``, ``publishedat``, ``pubdate``,
  ``datepublished``, ``date_publish``, ``publish_date``, ``published_date`` (made ISO 8601).
- the shared evaluation format ``{"id", "documents": [...], "titles": [...]}``: each
  document is its own article (``file.jsonl:3#2``). Reference summaries are never read.

JSON Lines are streamed: a 100k-article file is never held in memory. A malformed line
is skipped with the parser's message and the rest is read, and so is a line over the
size limit, a value nested deeper than the parser can go, and an integer of
over ``limits.MAX_NUMBER_DIGITS`` digits is read as no number at all.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..limits import MAX_NUMBER_DIGITS
from ..records import RawDocument, Skip
from . import multinews
from .decode import bom_encoding, decode, read_text
from .fields import clean_string, looks_like_markup, normalize_date
from .source import Source, too_big

TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "document", "full_text", "html")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link", "canonical_url")
OUTLET_FIELDS = (
    "source",
    "outlet",
    "site",
    "sitename",
    "site_name",
    "publisher",
    "source_name",
    "source_domain",
)
DATE_FIELDS = (
    "published",
    "date",
    "published_at",
    "publishedat",
    "pubdate",
    "datepublished",
    "date_publish",
    "publish_date",
    "published_date",
)

#: How a record without any text field is reported (a folder walk passes such files over).
NO_TEXT = "no article text field"
DEEP = "JSON nested too deeply to read (over about 1,000 levels); not an article record"


class _TooLong:
    """An integer of over ``MAX_NUMBER_DIGITS`` digits, kept as no number at all."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _parse_int(text: str) -> int | _TooLong:
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else _TooLong(len(text))


def _loads(text: str) -> Any:
    """``json.loads`` that neither converts huge integers nor recurses without bound.

    Raises ``json.JSONDecodeError`` as ``json.loads`` does, and ``_Deep`` for a value
    nested too deeply for the parser (which raises ``RecursionError``).
    """
    try:
        return json.loads(text, parse_int=_parse_int)
    except RecursionError:
        raise _Deep from None


class _Deep(Exception):
    """A JSON value nested too deeply to parse."""

def read_json(source: Source) -> Iterator[RawDocument | Skip]:
    """A ``.json`` file: one object, a list of objects, or (despite its name) JSON Lines."""
    text = read_text(source)
    if isinstance(text, Skip):
        yield text
        return
    if not text.strip():
        yield Skip(source.name, "empty file (only white space)")
        return
    try:
        value = _loads(text)
    except _Deep:
        yield Skip(source.name, DEEP)
        return
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several values: JSON Lines in a .json file
            data = text.encode("utf-8", "surrogatepass")
            yield from _lines(_numbered(io.BytesIO(data)), source.name)
            return
        yield Skip(source.name, f"malformed JSON: {exc}")
        return
    yield from _value(value, source.name)


def read_jsonl(source: Source) -> Iterator[RawDocument | Skip]:
    """A JSON Lines file, one line at a time; a malformed line becomes a ``Skip``."""
    encoding, _ = bom_encoding(source.head)
    try:
        with source.open() as fh:
            if encoding and encoding != "utf-8":
                yield from _wide_lines(fh, encoding, source.name)
            else:
                yield from _lines(_numbered(fh, limit=source.limit), source.name,
                                  whole_fallback=fh, limit=source.limit)
    except OSError as exc:
        yield Skip(source.name, f"cannot read ({exc.strerror or exc})")


def records(value: Any, name: str) -> Iterator[RawDocument | Skip]:
    """The documents in one parsed JSON value (an object, a string, or a list of them)."""
    yield from _value(value, name)


# ---------------------------------------------------------------- lines


def _numbered(
    fh: Any, first: int = 1, offset: int = 0, limit: int | None = None
) -> Iterator[tuple[int, int, bytes | int]]:
    """(line number, byte offset, bytes) for each line; a UTF-8 BOM on line 1 is dropped.

    A line over ``limit`` bytes is given as its length instead of its bytes (it is read
    through in pieces, never held whole).
    """
    for lineno, raw in enumerate(_bounded_lines(fh, limit), first):
        if isinstance(raw, int):
            yield lineno, offset, raw
            offset += raw
            continue
        start = offset
        offset += len(raw)
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
            start += len(codecs.BOM_UTF8)
        yield lineno, start, raw


def _bounded_lines(fh: Any, limit: int | None) -> Iterator[bytes | int]:
    """The lines of ``fh``; the length of a line over ``limit`` bytes instead of it."""
    if limit is None:
        yield from fh
        return
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw
            continue
        length = len(raw)
        while not raw.endswith(b"\n"):  # read through the rest of the line
            raw = fh.readline(1 << 20)
            if not raw:
                break
            length += len(raw)
        yield length


def _lines(
    numbered: Iterator[tuple[int, int, bytes | int]],
    name: str,
    whole_fallback: Any = None,
    limit: int | None = None,
) -> Iterator[RawDocument | Skip]:
    seen_content = False
    for lineno, offset, raw in numbered:
        where = f"{name}:{lineno}"
        if isinstance(raw, int):
            seen_content = True
            yield Skip(where, too_big(limit or 0, f"line of {raw:,} bytes,"))
            continue
        if not raw.strip():
            continue
        try:
            line = decode(raw, where, offset=offset)
        except InputError as exc:
            seen_content = True
            yield Skip(exc.path, exc.reason)
            continue
        try:
            value = _loads(line)
        except _Deep:
            seen_content = True
            yield Skip(where, DEEP)
            continue
        except json.JSONDecodeError as exc:
            if not seen_content and whole_fallback is not None and _opens_value(line):
                # The first line opens a value it does not close: one pretty-printed JSON
                # document, read whole (a malformed first line of JSON Lines is not, so
                # a big file with a bad first line is still streamed).
                rest = raw + (whole_fallback.read() if limit is None else whole_fallback.read(limit + 1))
                if limit is not None and len(rest) > limit:
                    yield Skip(name, too_big(limit))
                    return
                yield from _whole_or_lines(rest, lineno, offset, name)
                return
            seen_content = True
            yield Skip(where, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        seen_content = True
        yield from _value(value, where)


def _opens_value(line: str) -> bool:
    """Whether a line looks like the first line of a value spread over several lines."""
    stripped = line.strip()
    return stripped[:1] in ("{", "[") and (stripped in ("{", "[") or stripped[-1] in ",{[:")


def _whole_or_lines(data: bytes, lineno: int, offset: int, name: str) -> Iterator[RawDocument | Skip]:
    try:
        value = _loads(decode(data, name, offset=offset))
    except _Deep:
        yield Skip(name, DEEP)
        return
    except (InputError, json.JSONDecodeError):
        yield from _lines(_numbered(io.BytesIO(data), lineno, offset), name)
        return
    yield from _value(value, name)


def _wide_lines(fh: Any, encoding: str, name: str) -> Iterator[RawDocument | Skip]:
    """JSON Lines in UTF-16/32 (with a BOM): decoded as a stream, line by line."""
    codec = encoding.split("-le")[0].split("-be")[0]  # "utf-16": the codec reads the BOM
    reader = io.TextIOWrapper(fh, encoding=codec, newline="")
    lineno = 0
    try:
        for lineno, line in enumerate(reader, 1):
            if not line.strip():
                continue
            where = f"{name}:{lineno}"
            try:
                value = _loads(line)
            except _Deep:
                yield Skip(where, DEEP)
                continue
            except json.JSONDecodeError as exc:
                yield Skip(where, f"malformed JSON: {exc.msg} (column {exc.colno})")
                continue
            yield from _value(value, where)
    except UnicodeDecodeError:
        yield Skip(f"{name}:{lineno + 1}", f"not valid {codec.upper()} text; re-save it as UTF-8")


# ---------------------------------------------------------------- values


def _value(value: Any, name: str, depth: int = 0) -> Iterator[RawDocument | Skip]:
    if depth > _MAX_LIST_DEPTH:
        yield Skip(name, "JSON lists nested too deep to be lists of articles")
    elif isinstance(value, list):
        if not value:
            yield Skip(name, "empty JSON list")
        for number, item in enumerate(value, 1):
            yield from _value(item, f"{name}#{number}", depth + 1)
    elif isinstance(value, dict):
        yield from _record(value, name)
    elif isinstance(value, str):
        yield from _text(value, name, "string")
    else:
        yield Skip(name, f"expected a JSON object with an article, got {_json_type(value)}")


#: Lists of lists of articles are read this deep (``file.json#1#2#3``), no deeper.
_MAX_LIST_DEPTH = 8


def _record(obj: dict[str, Any], name: str) -> Iterator[RawDocument | Skip]:
    fields = {str(k).lower(): v for k, v in obj.items()}
    documents = fields.get("documents")
    if isinstance(documents, list):
        yield from _cluster(documents, fields, name)
        return
    found = _first_text(fields)
    if found is None:
        yield Skip(name, f"{NO_TEXT} (looked for {', '.join(TEXT_FIELDS)})")
        return
    field, text = found
    meta = {
        "title": _first(fields, TITLE_FIELDS, clean_string),
        "url": _first(fields, URL_FIELDS, clean_string),
        "outlet": _first(fields, OUTLET_FIELDS, clean_string),
        "published": _first(fields, DATE_FIELDS, normalize_date),
    }
    yield from _text(text, name, field, meta, html=field == "html")


def _cluster(documents: list[Any], fields: dict[str, Any], name: str) -> Iterator[RawDocument | Skip]:
    """The shared evaluation format: a story's articles in ``documents`` (never its summary)."""
    if not documents:
        yield Skip(name, "empty documents list")
        return
    titles = fields.get("titles") if isinstance(fields.get("titles"), list) else []
    for number, item in enumerate(documents, 1):
        where = f"{name}#{number}"
        if isinstance(item, dict):
            yield from _record(item, where)
        elif isinstance(item, str):
            title = clean_string(titles[number - 1]) if number <= len(titles) else None
            yield from _text(item, where, "document", {"title": title}, split=False)
        else:
            yield Skip(where, f"expected article text, got {_json_type(item)}")


def _text(
    text: str,
    name: str,
    field: str,
    meta: dict[str, Any] | None = None,
    *,
    html: bool = False,
    split: bool = True,
) -> Iterator[RawDocument | Skip]:
    meta = {k: v for k, v in (meta or {}).items() if v is not None}
    if not text.strip():
        yield Skip(name, f"empty {field} field" if field != "string" else "empty string")
    elif "\x00" in text:
        yield Skip(name, f"binary data in the {field} field (NUL character)")
    elif html or looks_like_markup(text):
        from . import html as html_reader

        yield html_reader.document(name, text, **meta)
    elif split and multinews.has_separator(text):
        yield from multinews.split(text, name)
    else:
        yield RawDocument(path=name, content=text, kind="text", **meta)


def _first_text(fields: dict[str, Any]) -> tuple[str, str] | None:
    for field in TEXT_FIELDS:
        if field not in fields:
            continue
        value = fields[field]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return field, "\n\n".join(value)
        text = clean_text(value)
        if text is not None:
            return field, text
    return None


def clean_text(value: Any) -> str | None:
    """A text field's string: the string itself, or the ``rendered``/``text``/``value`` of an object."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("rendered", "text", "value", "html", "content"):
            if isinstance(value.get(key), str):
                return value[key]  # type: ignore[no-any-return]
    return None


def _first(fields: dict[str, Any], names: tuple[str, ...], convert: Any) -> Any:
    for field in names:
        if field in fields:
            value = convert(fields[field])
            if value is not None:
                return value
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, _TooLong)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
