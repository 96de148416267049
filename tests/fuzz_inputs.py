"""Inputs for fuzzing the readers: real seeds of every kind and ways to damage them.

Seeds are the bundled sample (examples/aleppo-2016) and small files built here of each
input kind (page, RSS, Atom, WARC plain and gzipped, JSON, JSON Lines, Multi-News text).
Mutations are byte-level (flip, insert, delete, duplicate, truncate, splice two seeds,
insert a "dangerous" token: a lone surrogate escape, an invalid character reference,
deep brackets, a huge number, NUL, bytes that are not UTF-8, a long run of one
character, separators and markup) and structured (JSON values of odd types and depth,
feed elements emptied or doubled, HTML tags left open). ``mutate(rng, seed)`` is used
by the benchmark (``random.Random``); the Hypothesis tests draw the same operations.

``check(path)`` reads one input through ``iter_documents`` and cleans each document,
returning what went wrong (``None`` when only storyweave's own errors or skips came).
"""

from __future__ import annotations

import json
import random
import sys
import time
import traceback
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLES = ROOT / "examples" / "aleppo-2016"
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

#: Kinds fuzzed, with the file extension each seed is written with.
KINDS = {"text": ".txt", "html": ".html", "json": ".json", "jsonl": ".jsonl",
         "multinews": ".txt", "warc": ".warc", "warc.gz": ".warc.gz", "feed": ".xml"}

DANGEROUS = [
    b"\\ud800", b"\\udfff\\ud800", b"&#55296;", b"&#0;", b"&#x110000;", b"&#99999999999;",
    b"[" * 3000, b"{\"a\":" * 2000, b"9" * 5000, b"1e999999", b"-" + b"9" * 400, b"\x00",
    b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"x" * 20000, b" " * 20000,
    b"|||||", b"||||| |||||", b"story_separator_special_tag", b"<p>", b"</p>", b"<html>",
    b"<![CDATA[", b"]]>", b"<!--", b"-->", b"<?xml version=\"1.0\" encoding=\"undefined\"?>",
    b"encoding=\"rot13\"", b"</width>", b"<width></width>", b"\r", b"\r\n", b"\n" * 200,
    "\u201c".encode(), "\u201d".encode(), b"\"", b"WARC/1.0\r\n",
    b"Content-Length: 99999999\r\n", b"Content-Length: -5\r\n", b"\x1f\x8b",
    b"twenty-two thousand", b"one hundred and five", b"2016-13-45", b"99999999999999",
    "\u202e".encode(), b"\x1b[31m", b"&amp;", b"&lt;script&gt;", b"<script>", b"\t" * 100,
    b"Internet Archive crawl " * 50, b"er " * 3000, b"credit " * 2000,
]


def _article(i: int) -> str:
    files = sorted(EXAMPLES.glob("*.txt"))
    return files[i % len(files)].read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def seeds() -> dict[str, list[bytes]]:
    """Seed inputs of every kind (a few of each, all under 20 kB)."""
    from test_ingest_builders import ARTICLE, OTHER_ARTICLE, atom, page, rss, warc_bytes

    texts = [_article(i)[:6000] for i in range(5)]
    short = [ARTICLE, OTHER_ARTICLE]
    pages = [page(t.replace("\n\n", "\n").replace("\n", "\n\n")) for t in texts[:3]] + [page(ARTICLE)]
    out: dict[str, list[bytes]] = {
        "text": [t.encode() for t in texts] + [s.encode() for s in short],
        "html": [p.encode() for p in pages],
        "json": [
            json.dumps({"title": "Bridge", "text": ARTICLE, "published": "2016-10-13",
                        "source": {"name": "Echo"}}).encode(),
            json.dumps([{"text": t, "url": f"https://x.example/{i}"} for i, t in enumerate(short)]).encode(),
            json.dumps({"id": "c1", "documents": texts[:2], "titles": ["A", "B"]}).encode(),
            json.dumps({"html": pages[3], "date": 1476345600}, indent=2).encode(),
        ],
        "jsonl": [
            "\n".join(json.dumps({"text": t, "published": "13 Oct 2016"}) for t in texts[:3]).encode(),
            "\n".join(json.dumps({"content": {"rendered": f"<p>{s}</p><p>{s}</p>"}}) for s in short).encode(),
        ],
        "multinews": [(" ||||| ".join(texts[:3])).encode(), (" story_separator_special_tag ".join(short)).encode()],
        "warc": [warc_bytes([{"url": "https://echo.example/a", "body": pages[0].encode()},
                             {"url": "https://echo.example/b", "body": pages[3].encode(), "type": "resource"},
                             {"url": "https://echo.example/c", "body": b"gone", "status": "404 Not Found"}],
                            gz=False)],
        "warc.gz": [warc_bytes([{"url": "https://echo.example/a", "body": pages[1].encode()},
                                {"url": "https://echo.example/b", "body": pages[3].encode()}], gz=True)],
        "feed": [
            rss([{"title": "Bridge", "link": "https://echo.example/a", "pubDate": "Thu, 13 Oct 2016 10:00:00 GMT",
                  "description": "Teaser.", "encoded": f"<p>{ARTICLE}</p>"},
                 {"title": "Fish", "description": OTHER_ARTICLE}]).encode(),
            atom([{"title": "Fish", "link": "https://h.example/f", "published": "2016-10-14T10:00:00+01:00",
                   "content": f"<p>{texts[0][:3000]}</p>"}]).encode(),
        ],
    }
    return out


# ---------------------------------------------------------------- mutations


def _flip(rng: random.Random, data: bytes, other: bytes) -> bytes:
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(b))
        b[i] = rng.randrange(256) if rng.random() < 0.5 else b[i] ^ (1 << rng.randrange(8))
    return bytes(b)


def _insert(rng: random.Random, data: bytes, other: bytes) -> bytes:
    i = rng.randint(0, len(data))
    token = rng.choice(DANGEROUS) if rng.random() < 0.8 else bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return data[:i] + token * rng.choice((1, 1, 1, 3, 50)) + data[i:]


def _delete(rng: random.Random, data: bytes, other: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, max(1, len(data) // 4)):]


def _duplicate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 2000))
    return data[:j] + data[i:j] * rng.choice((1, 2, 10)) + data[j:]


def _truncate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def _splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)):]


def _json_value(rng: random.Random, depth: int = 0) -> object:
    pick = rng.randrange(12)
    if depth > 3 or pick < 3:
        return rng.choice([None, True, 0, -1, 10**40, 1.5e308, "", "x", "\ud800", "2016-10-13",
                           "<p>a</p><p>b</p>", " ||||| ", "\u202e", "9" * 200])
    if pick < 6:
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = ["text", "title", "published", "url", "source", "documents", "html", "content", "date", "x"]
    return {rng.choice(keys): _json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def _structured(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A change that keeps the format's shape: a JSON field's value, an element's text."""
    text = data.decode("utf-8", "surrogateescape")
    if text.lstrip()[:1] in "{[":
        try:
            value = json.loads(text.split("\n", 1)[0])
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict) and value:
            key = rng.choice(sorted(value))
            value[key] = _json_value(rng)
            line = json.dumps(value, ensure_ascii=rng.random() < 0.5)
            rest = text.split("\n", 1)[1:] or [""]
            return (line + "\n" + rest[0]).encode("utf-8", "surrogatepass")
    tags = ["title", "description", "content:encoded", "pubDate", "link", "p", "h1", "meta", "article",
            "entry", "item", "width"]
    tag = rng.choice(tags)
    start = text.find(f"<{tag}")
    if start >= 0:
        end = text.find(f"</{tag}>", start)
        replacement = rng.choice(["", f"<{tag}>", f"<{tag}></{tag}>" * 3, "&#55296;", "<p>" * 200, "x" * 5000])
        if end > start and rng.random() < 0.5:
            return (text[:start] + replacement + text[end:]).encode("utf-8", "surrogateescape")
        return (text[:start] + replacement + text[start:]).encode("utf-8", "surrogateescape")
    return _insert(rng, data, other)


MUTATIONS = [_flip, _insert, _delete, _duplicate, _truncate, _splice, _structured, _structured]


def mutate(rng: random.Random, kind: str, n_ops: int | None = None) -> bytes:
    """A seed of ``kind`` damaged by 1-4 random mutations (or ``n_ops``)."""
    pool = seeds()
    data = rng.choice(pool[kind])
    others = [s for ss in pool.values() for s in ss]
    for _ in range(n_ops if n_ops is not None else rng.randint(1, 4)):
        data = rng.choice(MUTATIONS)(rng, data, rng.choice(others))
        if len(data) > 2_000_000:
            data = data[:2_000_000]
    return data


def apply_ops(kind: str, seed_index: int, ops: list[tuple[int, int]]) -> bytes:
    """Deterministic mutation for Hypothesis: each op is (mutation index, rng seed)."""
    pool = seeds()
    data = pool[kind][seed_index % len(pool[kind])]
    others = [s for ss in pool.values() for s in ss]
    for which, rseed in ops:
        rng = random.Random(rseed)
        data = MUTATIONS[which % len(MUTATIONS)](rng, data, rng.choice(others))
    return data


# ---------------------------------------------------------------- the property


def check(path: str, *, clean: bool = True) -> str | None:
    """Read (and clean) one input; the failure as text, or ``None`` if all went as it should.

    Allowed: documents, skips, and ``StoryweaveError`` (a one-line message). Not allowed:
    any other exception, a skip whose reason is the readers' catch-all for errors
    nobody expected (``ingest.INTERNAL``), which is a bug reported politely, and
    anything printed or warned on the way (a library prints nothing): "printed: ...".
    """
    import contextlib
    import io
    import warnings

    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(printed), \
            contextlib.redirect_stdout(printed):
        warnings.simplefilter("default")
        problem = _check(path, clean)
    shown = [w for w in caught if not issubclass(w.category, _HIDDEN_WARNINGS)]
    if problem is None and (printed.getvalue() or shown):
        what = printed.getvalue() or f"{shown[0].category.__name__}: {shown[0].message}"
        return f"printed: {what[:300]}"
    return problem


#: Warnings Python does not show users by default.
_HIDDEN_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def _check(path: str, clean: bool) -> str | None:
    from storyweave.clean import clean_document
    from storyweave.config import Config
    from storyweave.errors import StoryweaveError
    from storyweave.ingest import INTERNAL, iter_documents
    from storyweave.records import Skip

    try:
        for item in iter_documents([path]):
            if isinstance(item, Skip):
                if item.reason.startswith(INTERNAL):
                    return f"internal-error skip: {item.reason}"
                str(item).encode("utf-8")
                continue
            json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")
            if clean:
                result = clean_document(item, Config())  # every command's way in
                if not isinstance(result, Skip):
                    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    except StoryweaveError as exc:
        str(exc).encode("utf-8")
        return None
    except Exception:
        return traceback.format_exc(limit=6)
    return None


def timed_check(path: str, *, clean: bool = True) -> tuple[str | None, float]:
    start = time.perf_counter()
    problem = check(path, clean=clean)
    return problem, time.perf_counter() - start
