"""Scoring the cleaner against line labels: the bundled gold files and the held-out set.

Gold files (``examples/aleppo-2016/gold/*.json``) list body, neutral and boilerplate
lines as NFKC-normalised strings. A kept line counts as body when its ``normalize()``
equals a gold body line; kept neutral lines and the title are ignored; precision is
over kept non-neutral lines, recall over gold body lines; F1 is micro-averaged.

Held-out files (``tests/data/clean_heldout/*.json``) label lines of Multi-News
documents by line number, with the document's SHA-1 so a changed source is noticed;
they hold no article text, which is read from ``shared/data/multinews-dev.jsonl``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyweave.clean.pagedata import PRF
from storyweave.records import normalize


@dataclass(frozen=True)
class Counts(PRF):
    """True positives, false positives and false negatives of kept body lines."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)



def score_gold(kept: list[str] | tuple[str, ...], gold: dict[str, Any]) -> Counts:
    """Score kept lines against one gold file's labels (strings compared normalised)."""
    body = Counter(normalize(x) for x in gold.get("body_lines", []))
    neutral = {normalize(x) for x in gold.get("neutral_lines", [])}
    title = normalize(gold["title"]) if gold.get("title") else None
    remaining = body.copy()
    tp = fp = 0
    for line in kept:
        norm = normalize(line)
        if remaining[norm] > 0:
            remaining[norm] -= 1
            tp += 1
        elif norm in neutral or norm == title or norm in body:
            continue
        else:
            fp += 1
    return Counts(tp, fp, sum(body.values()) - tp)


def load_heldout(label_file: Path, data_file: Path) -> tuple[list[str], dict[int, str]]:
    """The document's lines and its labels by line number.

    Raises:
        ValueError: the document in ``data_file`` is not the one that was labelled.
    """
    spec = json.loads(label_file.read_text(encoding="utf-8"))
    with data_file.open(encoding="utf-8") as fh:
        row = next(itertools.islice(fh, spec["cluster"], None), None)
    if row is None:
        raise ValueError(f"{data_file}: has no cluster {spec['cluster']}")
    cluster = json.loads(row)
    doc = cluster["documents"][spec["document"]]
    if hashlib.sha1(doc.encode("utf-8")).hexdigest() != spec["sha1"]:
        raise ValueError(f"{label_file}: the document in {data_file} differs from the one labelled")
    return doc.split("\n"), {e["line"]: e["label"] for e in spec["lines"]}


def score_heldout(keep: list[bool], labels: dict[int, str]) -> Counts:
    """Score per-line keep decisions against labels by line number (neutral ignored)."""
    tp = fp = fn = 0
    for index, label in labels.items():
        kept = keep[index]
        if label == "body":
            tp += kept
            fn += not kept
        elif label == "boilerplate":
            fp += kept
    return Counts(tp, fp, fn)
