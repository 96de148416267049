"""Cheap lexical views of sentences: content-word stems, bigrams and TF-IDF vectors.

The storyweave method ranks with these (fast), and attribution uses them to pick the few
candidate sentences worth embedding.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

_TOKEN = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_STOP = frozenset(w.lower() for w in STOP_WORDS) | {"said", "says", "say", "told", "mr", "ms", "mrs"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper (plurals, -ed, -ing, -ly): enough to match word forms."""
    w = word
    for suffix, repl in (("'s", ""), ("\u2019s", ""), ("ies", "y"), ("sses", "ss"), ("ing", ""),
                         ("ed", ""), ("ly", ""), ("es", "e"), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                continue
            return w[: len(w) - len(suffix)] + repl
    return w


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits)."""
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop-words, in order."""
    return [stem(t) for t in tokens(text) if t not in _STOP and not (len(t) == 1 and t.isalpha())]


def bigrams(text: str) -> list[tuple[str, str]]:
    """Stemmed bigrams that contain at least one content word (stop-word pairs carry nothing)."""
    toks = tokens(text)
    out = []
    for a, b in zip(toks, toks[1:], strict=False):
        if a in _STOP and b in _STOP:
            continue
        out.append((stem(a), stem(b)))
    return out


def is_stop(word: str) -> bool:
    """A stop word of the lexical features (lower case); ``claims.features`` leaves these
    out of a sentence's names."""
    return word in _STOP


def tfidf_vectors(docs: Sequence[Sequence[str]], df: Counter | None = None, n_docs: int | None = None) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of token lists (smoothed idf over ``docs`` unless given)."""
    if df is None:
        df = Counter()
        for d in docs:
            df.update(set(d))
        n_docs = len(docs)
    n = max(n_docs or len(docs), 1)
    out = []
    for d in docs:
        tf = Counter(d)
        vec = {w: c * (math.log((1 + n) / (1 + df.get(w, 0))) + 1.0) for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())
