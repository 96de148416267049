"""Pages with must-keep / must-drop snippets: the site split, line labels and snippet scores.

The data is ``shared/data/trafilatura-eval-text.jsonl`` (983 real pages saved as text,
each with ``with`` snippets that must stay and ``without`` snippets that must go). It is
used three ways, all from here so that the trainer, the benchmark and the tests agree:

* ``site`` and ``split_sites``: the pages are split once by site (the registrable domain
  of the url), with a fixed seed, into a tuning half and a blind half; the split is
  written to ``benchmarks/data/clean_split.json`` and read back, never recomputed.
* ``label_lines``: a line holding (part of) a ``with`` snippet is body, one holding a
  ``without`` snippet is boilerplate, a line holding both or neither is unlabelled.
* ``SnippetCounts`` / ``score_snippets``: trafilatura's own benchmark rule: a ``with``
  snippet found in the kept text (white space folded) is a true positive, else a false
  negative; a ``without`` snippet found is a false positive, else a true negative.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

BODY = "body"
BOILERPLATE = "boilerplate"

#: Second-level labels under which a country's sites register ("bbc.co.uk", "x.com.pa").
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "gob", "or", "ne"})


def fold(text: str) -> str:
    """White space folded to single spaces, as the snippets are stored."""
    return " ".join(text.split())


def site(url: str) -> str:
    """The registrable domain of a page's url ("edition.cnn.com" -> "cnn.com").

    A few urls of the set are file names ("hard::dw.com.colonial.html"); their host is
    read from the name up to its top-level domain.
    """
    if "://" in url:
        name = (urlparse("http://" + url.split("://", 1)[1]).hostname or url).lower()
    else:
        name = url.split("::", 1)[-1].lower()
        name = name.removesuffix(".html").split("-", 1)[0]
        labels = name.split(".")
        # keep labels up to the first that reads as a top-level domain (2-4 letters
        # after a dot, not followed by a longer label that could be the host's)
        for end in range(1, len(labels)):
            tld = labels[end]
            if tld.isalpha() and 2 <= len(tld) <= 3:
                nxt = labels[end + 1] if end + 1 < len(labels) else ""
                stop = end + 1 if len(nxt) == 2 and nxt.isalpha() and tld in _SECOND_LEVEL else end
                name = ".".join(labels[: stop + 1])
                break
    labels = name.removeprefix("www.").split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def split_sites(sites: Iterable[str], seed: int) -> tuple[list[str], list[str]]:
    """Sites into (tuning, blind) halves: ordered by a seeded hash, alternately assigned.

    A hash of ``seed`` and the site name orders the sites, so the split does not depend
    on the file's order or on Python's hash seed.
    """
    ordered = sorted(
        set(sites), key=lambda s: hashlib.sha1(f"{seed}:{s}".encode()).hexdigest()
    )
    return sorted(ordered[0::2]), sorted(ordered[1::2])


def read_pages(path: Path) -> Iterator[dict[str, Any]]:
    """The pages of the jsonl file, one dict each (``url``, ``english``, ``text``, ...)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def pages_of_half(path: Path, split_file: Path, half: str) -> list[dict[str, Any]]:
    """The pages whose site the split file puts in ``half`` ("tuning" or "blind")."""
    split = json.loads(split_file.read_text(encoding="utf-8"))
    wanted = set(split[half])
    return [page for page in read_pages(path) if site(page["url"]) in wanted]


def label_lines(lines: Sequence[str], with_: Sequence[str], without: Sequence[str]) -> list[str | None]:
    """Per line: ``body``, ``boilerplate`` or ``None`` from where the snippets lie.

    Lines are folded and joined with single spaces (as the scorer sees kept text); every
    occurrence of a snippet labels each line it overlaps. A line that holds both kinds
    is left unlabelled.
    """
    folded = [fold(x) for x in lines]
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for text in folded:
        starts.append(pos)
        if text:
            parts.append(text)
            pos += len(text) + 1
    joined = " ".join(parts)
    spans = [(s, s + len(t)) for s, t in zip(starts, folded, strict=True)]
    marks: list[set[str]] = [set() for _ in lines]
    for label, snippets in ((BODY, with_), (BOILERPLATE, without)):
        for snippet in snippets:
            needle = fold(snippet)
            if not needle:
                continue
            at = joined.find(needle)
            while at >= 0:
                end = at + len(needle)
                for i, (a, b) in enumerate(spans):
                    if b > a and a < end and at < b:
                        marks[i].add(label)
                at = joined.find(needle, at + 1)
    return [next(iter(m)) if len(m) == 1 else None for m in marks]


class PRF:
    """Precision, recall and F1 from ``tp``, ``fp`` and ``fn`` (an empty side scores 1.0).
    Shared by every count of kept and lost text (snippets here, body lines in the
    benchmarks' hand-label scoring)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class SnippetCounts(PRF):
    """Snippet outcomes: kept ``with`` (tp), lost ``with`` (fn), kept ``without`` (fp), dropped (tn)."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(
            self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn
        )


    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp, "fn": self.fn, "fp": self.fp, "tn": self.tn,
        }  # fmt: skip


def score_snippets(kept: Sequence[str], page: dict[str, Any]) -> SnippetCounts:
    """Score the kept lines of one page against its snippets."""
    text = fold("\n".join(kept))
    tp = sum(fold(s) in text for s in page["with"])
    fp = sum(fold(s) in text for s in page["without"])
    return SnippetCounts(tp, len(page["with"]) - tp, fp, len(page["without"]) - fp)
