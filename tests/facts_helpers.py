"""Builders shared by the facts tests: articles from lines, gold samples, gold scoring."""

from __future__ import annotations

import json
import re
from pathlib import Path

from builders import article  # noqa: F401  (the facts tests import it from here)

from storyweave.facts.entities import fold
from storyweave.records import Article, normalize

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "aleppo-2016"


def gold_articles() -> tuple[list[Article], list[dict]]:
    arts, golds = [], []
    for path in sorted((SAMPLES / "gold").glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        arts.append(article(*g["body_lines"], outlet=g["outlet"] or g["syndicated_from"],
                            title=g["title"]))
        golds.append(g)
    return arts, golds


def words(text: str) -> str:
    """The comparison form: NFKC, white space folded, case and accents folded, punctuation out."""
    return " ".join(re.findall(r"\w+", fold(normalize(text))))


def score_quotes(facts: dict, arts: list[Article], golds: list[dict]) -> dict:
    """Recall of gold quotes (same article, same words, allowing the gold to hold the
    found text or the other way round when 80% of it) and speaker accuracy on those found."""
    total = found = right = 0
    misses, wrong = [], []
    for art, g in zip(arts, golds, strict=True):
        mine = [q for q in facts["quotes"] if art.id in q["sources"]]
        for gq in g["quotes"]:
            total += 1
            key = words(gq["text"])
            match = None
            for q in mine:
                texts = [p["text"] for p in q["parts"] if p["article"] == art.id] or [q["text"]]
                k = words(" ".join(texts))
                if key == k or key in k or (k in key and len(k) >= 0.8 * len(key)):
                    match = q
                    break
            if match is None:
                misses.append(gq["text"])
                continue
            found += 1
            if words(match["speaker"]) == words(gq["speaker"]):
                right += 1
            else:
                wrong.append((gq["speaker"], match["speaker"]))
    return {"total": total, "found": found, "recall": found / total if total else 0.0,
            "speaker_accuracy": right / found if found else 0.0, "misses": misses, "wrong": wrong}


def score_figures(facts: dict, arts: list[Article], golds: list[dict]) -> dict:
    """Recall of gold figures: a figure of the same article with the same value."""
    total = found = 0
    misses = []
    for art, g in zip(arts, golds, strict=True):
        values = {f["value"] for f in facts["figures"] if f["article"] == art.id}
        for gf in g["figures"]:
            total += 1
            if gf["value"] in values:
                found += 1
            else:
                misses.append(gf["phrase"])
    return {"total": total, "found": found, "recall": found / total if total else 0.0,
            "misses": misses}
