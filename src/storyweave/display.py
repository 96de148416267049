"""Names and messages made safe for a terminal: one line, no control sequences, any bytes.

A file name can hold a newline, an ANSI escape (``\\x1b[2J`` clears the screen), a
right-to-left override that makes ``txt.exe`` read as ``exe.txt``, or bytes that are
not UTF-8 (Python keeps them as lone surrogates, which cannot even be printed to a
UTF-8 stream). ``shown`` renders any of these visibly and reversibly enough to find
the file: ``\\n``, ``\\x1b``, ``\\u202e``, and ``\\xff`` for an undecodable byte.
Every message that names a file goes through it, and the CLI passes each line it
prints through it as well (a message is one line; nothing in it may drive the
terminal).
"""

from __future__ import annotations

import os
import re

# C0 and C1 controls (newline, tab, escape...), DEL, the bidirectional embeddings,
# overrides and isolates, the line and paragraph separators, zero-width and BOM
# characters that hide text, and lone surrogates (undecodable bytes of a file name
# decoded with ``surrogateescape``, or a ``\ud800`` escape in JSON).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def shown(name: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """``name`` (a path, a file name, or a whole message) as printable one-line text.

    Ordinary text comes back unchanged (a backslash is not escaped, so a Windows path
    and an already escaped name stay as they are: ``shown(shown(x)) == shown(x)``).
    """
    if isinstance(name, os.PathLike):
        name = os.fspath(name)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    if not isinstance(name, str):
        name = str(name)
    return _UNSAFE.sub(_escape, name)


def storable(name: str) -> str:
    """``name`` with undecodable bytes and lone surrogates escaped, so it can be encoded
    as UTF-8 (stored in SQLite, written as JSON); everything else is kept as it is."""
    if _SURROGATE.search(name) is None:
        return name
    return _SURROGATE.sub(_escape, name)


_SURROGATE = re.compile("[\ud800-\udfff]")
