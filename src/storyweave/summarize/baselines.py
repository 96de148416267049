"""Reference methods for the evaluator: Lead, random, and sumy's LexRank, TextRank and LSA.

Each returns sentence indices in its order of preference; the shared budget rule in
``base.select`` does the rest. The sumy methods get our own sentences (the shared
splitter) through sumy's ``ObjectDocumentModel``, tokenised into words by NLTK's
``NLTKWordTokenizer`` (it needs no data files, unlike sumy's default Punkt tokenizer).
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

from ..config import Config
from ..errors import MissingDependencyError
from .base import Cluster


def lead(cluster: Cluster, config: Config) -> list[int]:
    """The first sentences of the articles in turn: every first sentence, then every second..."""
    return sorted(range(len(cluster)), key=lambda i: (cluster.sentences[i].index, cluster.doc[i]))


def random_order(cluster: Cluster, config: Config) -> list[int]:
    """A seeded random order (seeded from ``config.seed`` and the cluster's text)."""
    order = list(range(len(cluster)))
    key = f"{config.seed}:" + "|".join(a.id for a in cluster.articles)
    random.Random(key).shuffle(order)
    return order


# ---------------------------------------------------------------- sumy


class _WordTokenizer:
    """sumy's tokenizer interface over NLTK's data-free word tokenizer."""

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer

        self._tok = NLTKWordTokenizer()

    def to_words(self, text: str) -> list[str]:
        return [w for w in self._tok.tokenize(text) if any(c.isalnum() for c in w)]

    def to_sentences(self, text: str) -> list[str]:  # pragma: no cover - never asked
        return [text]


@lru_cache(maxsize=1)
def _sumy() -> dict[str, Any]:
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as exc:
        raise MissingDependencyError("sumy", "eval") from exc
    try:
        tokenizer = _WordTokenizer()
    except ImportError as exc:
        raise MissingDependencyError("nltk", "eval") from exc
    return {
        "ObjectDocumentModel": ObjectDocumentModel,
        "Paragraph": Paragraph,
        "Sentence": Sentence,
        "stemmer": Stemmer("english"),
        "stop_words": frozenset(get_stop_words("english")),
        "tokenizer": tokenizer,
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
    }


def _ranked_by(summarizer_cls: type) -> type:
    """A subclass whose selection step returns every sentence, best rated first."""

    class Ranked(summarizer_cls):  # type: ignore[misc, valid-type]
        @staticmethod
        def _get_best_sentences(sentences, count, rating, *args, **kwargs):  # noqa: ANN001
            rate = rating.__getitem__ if isinstance(rating, dict) else rating
            scored = [(rate(s, *args, **kwargs), o, s) for o, s in enumerate(sentences)]
            scored.sort(key=lambda t: (-t[0], t[1]))  # ties keep document order
            return tuple(s for _, _, s in scored)

    return Ranked


def _sumy_rank(name: str, cluster: Cluster) -> list[int]:
    sumy = _sumy()
    if not len(cluster):
        return []
    tokenizer = sumy["tokenizer"]
    paragraphs = []
    index_of: dict[int, int] = {}
    for d in range(len(cluster.articles)):
        sents = []
        for i, s in enumerate(cluster.sentences):
            if cluster.doc[i] == d:
                obj = sumy["Sentence"](s.text, tokenizer)
                index_of[id(obj)] = i
                sents.append(obj)
        if sents:
            paragraphs.append(sumy["Paragraph"](sents))
    document = sumy["ObjectDocumentModel"](paragraphs)
    summarizer = _ranked_by(sumy[name])(sumy["stemmer"])
    summarizer.stop_words = sumy["stop_words"]
    try:
        ranked = summarizer(document, len(cluster))
    except (ValueError, ZeroDivisionError, FloatingPointError):
        # degenerate input (e.g. every sentence only stop words): fall back to document order
        return list(range(len(cluster)))
    order = [index_of[id(s)] for s in ranked]
    missing = sorted(set(range(len(cluster))) - set(order))
    return order + missing


def lexrank(cluster: Cluster, config: Config) -> list[int]:
    """sumy's LexRank (continuous, cosine threshold 0.1, power method)."""
    return _sumy_rank("lexrank", cluster)


def textrank(cluster: Cluster, config: Config) -> list[int]:
    """sumy's TextRank."""
    return _sumy_rank("textrank", cluster)


def lsa(cluster: Cluster, config: Config) -> list[int]:
    """sumy's LSA (Steinberger and Jezek)."""
    return _sumy_rank("lsa", cluster)
