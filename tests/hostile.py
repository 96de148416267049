"""Builders of the hostile inputs of issue 14 (one function per row of its table).

Each builder writes one input under a folder and returns its path; the regression tests
(``test_harden_*``) read them through the library and the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_ingest_builders import ARTICLE, rss, warc_bytes

ESCAPED = ARTICLE.replace("\n", "\\n").replace('"', '\\"')


def deep_json(folder: Path, name: str = "deep.json", opener: str = "[", depth: int = 100_000) -> Path:
    closer = {"[": "]", '{"a":': "}"}[opener]
    inner = "1" if opener != "[" else ""
    path = folder / name
    path.write_text(opener * depth + inner + closer * depth + "\n", encoding="utf-8")
    return path


def big_number(folder: Path, name: str = "bignum.json", digits: int = 5000) -> Path:
    path = folder / name
    path.write_text('{"text": "' + ESCAPED + '", "published": ' + "9" * digits + "}\n", encoding="utf-8")
    return path


def lone_surrogate(folder: Path, name: str = "surrogate.jsonl") -> Path:
    path = folder / name
    path.write_text('{"text": "' + ESCAPED + ' \\ud800 and more", "title": "T\\udfff"}\n', encoding="utf-8")
    return path


def one_line(folder: Path, name: str = "oneline.txt", size: int = 12_000_000) -> Path:
    path = folder / name
    sentence = "The council said the bridge would reopen on Tuesday. "
    path.write_text((sentence * (size // len(sentence) + 1))[:size], encoding="utf-8")
    return path


def no_space(folder: Path, name: str = "nospace.txt", size: int = 5_000_000) -> Path:
    path = folder / name
    path.write_text("x" * size, encoding="utf-8")
    return path


def feed_charref(folder: Path, name: str = "charref.xml") -> Path:
    path = folder / name
    path.write_text(
        rss([{"title": "Bridge &#55296; reopens", "link": "https://echo.example/a",
              "description": ARTICLE + " &#55296;"}]).replace("<![CDATA[", "").replace("]]>", ""),
        encoding="utf-8",
    )
    return path


def feed_unknown_encoding(folder: Path, name: str = "encoding.xml") -> Path:
    path = folder / name
    text = rss([{"title": "Bridge reopens", "description": ARTICLE}])
    path.write_text(text.replace('encoding="UTF-8"', 'encoding="x-no-such-encoding"'), encoding="utf-8")
    return path


def feed_empty_width(folder: Path, name: str = "width.xml") -> Path:
    path = folder / name
    text = rss([{"title": "Bridge reopens", "description": ARTICLE}])
    image = "<image><url>https://echo.example/logo.png</url><title>x</title><width></width><height></height></image>"
    path.write_text(text.replace("<description>Local news</description>",
                                 "<description>Local news</description>" + image), encoding="utf-8")
    return path


def long_paragraph(folder: Path, name: str = "paragraph.txt", size: int = 2_100_000) -> Path:
    path = folder / name
    sentence = "The council said the bridge would reopen on Tuesday after months of repairs. "
    path.write_text(ARTICLE + "\n\n" + (sentence * (size // len(sentence) + 1))[:size] + "\n",
                    encoding="utf-8")
    return path


def truncated_warc(folder: Path, name: str = "cut.warc") -> Path:
    from test_ingest_builders import page

    data = warc_bytes([
        {"url": "https://echo.example/a", "body": page().encode()},
        {"url": "https://echo.example/b", "body": page(title="Second page").encode()},
    ], gz=False)
    path = folder / name
    path.write_bytes(data[: len(data) - 400])
    return path


def plain_feed_description(folder: Path, name: str = "plainfeed.xml", words: int = 540) -> Path:
    """A feed entry whose description is long plain text with no tags at all."""
    base = ARTICLE.replace("\n\n", " ").split()
    text = " ".join((base * (words // len(base) + 1))[:words])
    path = folder / name
    path.write_text(rss([{"title": "Bridge reopens", "link": "https://echo.example/a",
                          "description": text}]).replace("<![CDATA[", "").replace("]]>", ""),
                    encoding="utf-8")
    return path


def json_article(folder: Path, name: str = "good.json") -> Path:
    path = folder / name
    path.write_text(json.dumps({"text": ARTICLE, "title": "Bridge"}), encoding="utf-8")
    return path


def feed_stray_width(folder: Path, name: str = "stray_width.xml") -> Path:
    """A ``</width>`` with no opening tag: feedparser raised TypeError (int(None))."""
    path = folder / name
    text = rss([{"title": "Bridge reopens", "description": ARTICLE}])
    path.write_text(text.replace("<description>Local news</description>",
                                 "<description>Local news</description><image></width></image>"),
                    encoding="utf-8")
    return path


def long_paragraph_html(folder: Path, name: str = "paragraph.html", size: int = 2_100_000) -> Path:
    """A page whose second paragraph is over spaCy's 2,000,000-character limit."""
    from test_ingest_builders import page

    sentence = "The council said the bridge would reopen on Tuesday after months of repairs. "
    path = folder / name
    path.write_text(page(ARTICLE + "\n\n" + (sentence * (size // len(sentence) + 1))[:size]),
                    encoding="utf-8")
    return path
