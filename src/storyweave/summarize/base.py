"""The small interface every summarizer shares: a cluster of sentences, one budget rule, one order.

A method is a function ``rank(cluster, config) -> list[int]`` that returns sentence
indices of ``cluster.sentences`` in its order of preference. Everything else is shared,
so that the evaluator compares methods on equal terms:

* ``Cluster`` splits every article with the shared splitter (``nlp.sentences``);
* ``select`` adds whole sentences in the method's order while the total number of
  words (``len(text.split())``) stays within the budget;
* ``order_output`` puts the chosen sentences in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..config import Config
from ..records import Article, Sentence

#: A summarizer: sentence indices in order of preference.
Ranker = Callable[["Cluster", Config], list[int]]


def n_words(text: str) -> int:
    """The word count every budget uses: white-space separated tokens."""
    return len(text.split())


@dataclass
class Cluster:
    """The articles of one story and their sentences, in article order.

    Attributes:
        articles: the clean articles, in input order.
        sentences: every sentence of every article (article order, then position).
        doc: for each sentence, the index of its article in ``articles``.
        seed: seeds a method's random steps.
        earlier: what the reader has already seen (an update brief's earlier articles'
            sentences, or a saved brief's); empty for a brief of everything.
    """

    articles: list[Article]
    sentences: list[Sentence]
    doc: list[int]
    seed: int = 0
    _cache: dict = field(default_factory=dict, repr=False)
    earlier: list[Sentence] = field(default_factory=list, repr=False)

    @classmethod
    def from_articles(cls, articles: Sequence[Article], seed: int = 0) -> Cluster:
        from .. import nlp

        sents: list[Sentence] = []
        doc: list[int] = []
        for i, article in enumerate(articles):
            for s in nlp.sentences(article):
                sents.append(s)
                doc.append(i)
        return cls(list(articles), sents, doc, seed)

    @cached_property
    def lengths(self) -> list[int]:
        return [n_words(s.text) for s in self.sentences]

    def __len__(self) -> int:
        return len(self.sentences)


def select(cluster: Cluster, order: Sequence[int], words: int) -> list[int]:
    """The shared budget rule: whole sentences in ``order`` while the total fits in ``words``.

    A sentence that would overflow the budget is passed over and the next one tried, so a
    method is never penalised for preferring a long sentence early. Repeated indices and
    sentences whose normalised text was already taken are skipped.
    """
    chosen: list[int] = []
    seen: set[str] = set()
    total = 0
    for i in order:
        length = cluster.lengths[i]
        key = _key(cluster.sentences[i].text)
        if key in seen or length == 0:
            continue
        if total + length <= words:
            chosen.append(i)
            seen.add(key)
            total += length
            if total >= words:
                break
    return chosen


_NONWORD = re.compile(r"\W+")


def _key(text: str) -> str:
    return _NONWORD.sub(" ", text.lower()).strip()


def order_output(cluster: Cluster, chosen: Sequence[int]) -> list[int]:
    """Reading order: runs of consecutive sentences stay together; runs sorted by position.

    Each run (consecutive sentences of one article) is placed by the position of its
    first sentence in its article, then by the article's date, then its input order, so
    that the leads of the articles come first and a sentence follows the one it continues.
    """
    chosen_set = set(chosen)
    runs: list[list[int]] = []
    for i in sorted(chosen_set):
        if runs and runs[-1][-1] == i - 1 and cluster.doc[i - 1] == cluster.doc[i]:
            runs[-1].append(i)
        else:
            runs.append([i])

    def key(run: list[int]) -> tuple:
        first = cluster.sentences[run[0]]
        article = cluster.articles[cluster.doc[run[0]]]
        return (first.index, article.published or "", cluster.doc[run[0]])

    return [i for run in sorted(runs, key=key) for i in run]
