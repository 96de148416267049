"""Where an input's bytes come from: a file on disk or standard input, with its first bytes at hand."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

from ..errors import InputError

#: How many leading bytes are read up front to sniff an input's kind and catch binary files.
HEAD_SIZE = 8192


@dataclass
class Source:
    """One input to read.

    Attributes:
        name: the path as the user gave it (``-`` for standard input); every
            ``RawDocument.path`` and ``Skip.path`` of this input starts with it.
        path: the file system path, or ``None`` for a stream.
        head: the first ``HEAD_SIZE`` bytes (fewer when the input is shorter).
        limit: the most bytes ``read_all`` reads (``Config.max_file_mb``), and the
            most a streamed reader takes for one line or record; ``None``: no limit.
    """

    name: str
    path: str | None = None
    head: bytes = b""
    _stream: BinaryIO | None = field(default=None, repr=False)
    limit: int | None = None

    @classmethod
    def from_file(cls, path: str, limit: int | None = None) -> Source:
        """Open ``path`` just long enough to read its head (``OSError`` when it cannot be read)."""
        with open(path, "rb") as fh:
            head = fh.read(HEAD_SIZE)
        return cls(name=path, path=path, head=head, limit=limit)

    @classmethod
    def from_stream(cls, stream: IO[Any], name: str = "-", limit: int | None = None) -> Source:
        """Wrap a text or binary stream (standard input); it can be opened once."""
        binary = _binary(stream)
        head = _read_at_least(binary, HEAD_SIZE)
        return cls(name=name, head=head, _stream=binary, limit=limit)

    def open(self) -> BinaryIO:
        """A binary stream of the whole input, from its first byte."""
        if self.path is not None:
            return open(self.path, "rb")
        if self._stream is None:
            raise ValueError(f"{self.name}: the stream has already been read")
        stream, self._stream = self._stream, None
        return io.BufferedReader(_Prefixed(self.head, stream))  # type: ignore[return-value]

    def read_all(self) -> bytes:
        """The whole input (``InputError`` when it is over ``limit`` bytes)."""
        with self.open() as fh:
            if self.limit is None:
                return fh.read()
            data = fh.read(self.limit + 1)
        if len(data) > self.limit:
            raise InputError(self.name, too_big(self.limit))
        return data


def too_big(limit: int, what: str = "file") -> str:
    """The reason given for an input over the size limit, with the way to raise it."""
    mb = limit / 1_000_000
    shown_mb = f"{mb:g}" if mb >= 1 else f"{mb:.3g}"
    return (
        f"{what} larger than the {shown_mb} MB limit; raise it with --max-file-mb "
        "(Config.max_file_mb) if it really is one article"
    )


def _binary(stream: IO[Any]) -> BinaryIO:
    """The byte stream under ``stream``: its ``buffer`` if it has one, else itself or an encoder."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    if isinstance(stream.read(0), bytes):
        return stream  # type: ignore[return-value]
    return io.BufferedReader(_Encoded(stream))  # type: ignore[return-value]


def _read_at_least(stream: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes unless the stream ends first (pipes return short reads)."""
    chunks: list[bytes] = []
    total = 0
    while total < size:
        chunk = stream.read(size - total)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


class _Prefixed(io.RawIOBase):
    """Bytes already read (the head) followed by the rest of a stream; never closes the stream."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read(len(buffer))
        if not data:
            return 0
        buffer[: len(data)] = data
        return len(data)


class _Encoded(io.RawIOBase):
    """A text stream (``io.StringIO``) seen as UTF-8 bytes."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            text = self._stream.read(65536)
            if not text:
                return 0
            self._pending = text.encode("utf-8", "surrogatepass")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n
