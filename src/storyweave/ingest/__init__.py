"""Ingest: read every input kind into ``RawDocument`` records (and ``Skip``s for what cannot be used).

Inputs are files, folders (walked recursively in sorted order) or ``-`` for standard
input. One reader per kind, chosen by file extension, or by sniffing the first bytes
for standard input and files with an unknown extension:

=========  ========================================  ==================================
kind       extensions                                 reader
=========  ========================================  ==================================
text       .txt .text                                 ``ingest.text`` (Multi-News ``|||||`` splits)
html       .html .htm .xhtml                          ``ingest.html``
json       .json                                      ``ingest.jsonl.read_json``
jsonl      .jsonl .ndjson                             ``ingest.jsonl.read_jsonl`` (streamed)
warc       .warc .warc.gz                             ``ingest.warc`` (streamed)
feed       .xml .rss .atom                            ``ingest.feed`` (RSS and Atom)
=========  ========================================  ==================================

Paths in the records are the user's own (relative stays relative), with ``:N`` for a
JSON line, ``#N`` for a Multi-News part, a list item, a feed entry or a WARC record.

Hostile input is bounded (``storyweave.limits``): files over ``max_file_mb`` are not
read whole, FIFOs, devices and sockets are skipped without being opened, a name holding
bytes that are not UTF-8 is recorded with them escaped (``display.storable``), and
lone surrogates in any text become U+FFFD, so every record can be stored and printed.
"""

from __future__ import annotations

from .read import (
    EXTENSIONS,
    INTERNAL,
    READERS,
    check_inputs,
    iter_documents,
    kind_of,
    read_inputs,
    special_file,
)

__all__ = ["EXTENSIONS", "INTERNAL", "READERS", "check_inputs", "iter_documents", "kind_of",
           "read_inputs", "special_file"]
