"""Bytes to text, strictly: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; never mojibake.

A file that is not text is refused with a reason that says what it is (binary, compressed,
not UTF-8 at a given byte) and how to fix it, instead of being guessed at and garbled.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError
from ..records import Skip
from .source import Source

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Leading bytes of file formats people drop into a folder of articles by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF document; extract its text first"),
    (b"\x1f\x8b", "gzip-compressed; decompress it first"),
    (b"PK\x03\x04", "a ZIP archive (or Word/OpenDocument file); extract its text first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"BZh", None),  # checked below: "BZh" is also how ordinary words can start
    (b"\xfd7zXZ\x00", "xz-compressed; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; extract it first"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document; save it as text first"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def bom_encoding(data: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark declares and the mark's length, or ``(None, 0)``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` (a file's first bytes) is not text, or ``None`` when it may be text."""
    encoding, _ = bom_encoding(head)
    if encoding and encoding != "utf-8":
        return None  # UTF-16/32 text is full of NUL bytes
    for magic, what in _MAGIC:
        if what and head.startswith(magic):
            return f"binary file ({what})"
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        return "binary file (bzip2-compressed; decompress it first)"
    nul = head.find(b"\x00")
    if nul >= 0:
        return f"binary file (NUL byte at offset {nul}; expected UTF-8 text)"
    return None


def decode(data: bytes, name: str, *, fallback: str | None = None, offset: int = 0) -> str:
    """Decode ``data`` strictly.

    Args:
        data: the bytes.
        name: the input's path, for the error message.
        fallback: an encoding the container declared (an HTML ``<meta charset>``, an HTTP
            ``Content-Type``), tried when the bytes are not UTF-8. Plain text has none.
        offset: where ``data`` starts in the file, so error offsets are file offsets.

    Returns:
        The text, without a leading byte-order mark.

    Raises:
        InputError: binary data, or bytes that are not text in any declared encoding.
    """
    encoding, skip = bom_encoding(data)
    if encoding:
        try:
            text = data[skip:].decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                name,
                f"binary file, or damaged {encoding.upper()} text (starts with its byte-order "
                f"mark but cannot be decoded at byte offset {offset + skip + exc.start}); "
                "re-save it as UTF-8",
            ) from None
        nul = text.find("\x00")
        if nul >= 0:
            raise InputError(name, f"binary file (NUL character at position {nul})")
        return text
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"binary file (NUL byte at offset {offset + nul}; expected UTF-8 text)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fallback:
            codec = _codec(fallback)
            if codec and codec != "utf-8":
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    pass
        bad = data[exc.start : exc.start + 1].hex().upper()
        line = data.count(b"\n", 0, exc.start) + 1
        declared = f" nor {fallback} as declared" if fallback and _codec(fallback) != "utf-8" else ""
        raise InputError(
            name,
            f"not UTF-8 text{declared} (byte 0x{bad} at offset {offset + exc.start}, line {line}); "
            "re-save it as UTF-8",
        ) from None


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag among its first bytes, if any."""
    match = _META_CHARSET.search(head[:4096])
    if not match:
        return None
    return match.group(1).decode("ascii", "replace")


def _codec(name: str) -> str | None:
    """Python's name for an encoding label, or ``None`` when Python does not know it."""
    label = name.strip().lower()
    # Browsers decode pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG Encoding).
    if label in {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        label = "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def read_text(source: Source, *, markup: bool = False) -> str | Skip:
    """A source's whole content as text, or the ``Skip`` that says why it cannot be read.

    With ``markup``, a charset the page declares in its first 4 KiB is the fallback for
    bytes that are not UTF-8 (an HTML page says what it is written in).
    """
    try:
        data = source.read_all()
        fallback = declared_charset(data[:4096]) if markup else None
        return decode(data, source.name, fallback=fallback)
    except InputError as exc:
        return Skip(exc.path, exc.reason)
    except OSError as exc:
        return Skip(source.name, f"cannot read ({exc.strerror or exc})")
