"""How much of a very long story is read: a word budget shared out over its articles.

The brief and the facts parse every word they read (spaCy splits the sentences at about
14k words/s on this 2-core machine, the full pipeline of the facts runs at 3-6k words/s,
and every sentence is embedded for the citations). A story in a big store can hold tens
of articles of thousands of words each; read whole, a 52-article story of 261k words
took 33 s to brief and over 10 minutes for its facts. Past a budget, each article is read
from its start, whole paragraphs, up to one share for all (the words the shorter articles
leave go to the longer ones): news puts what happened, who said what, the figures and the
dates first, and every outlet still has its say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .records import Article

#: A story of more words than this is read in part (``Config.read_words`` overrides it).
READ_WORDS = 30_000
#: However many articles share the budget, each is read at least this far (its lead).
MIN_SHARE_WORDS = 150


def within_budget(articles: Sequence[Article], budget: int | None = None) -> list[Article]:
    """The articles as read: whole when the story is under ``budget`` words, else each
    cut after the paragraph that reaches its share (a prefix, so every offset into the
    part read is an offset into the whole article, and a cut article keeps its id)."""
    articles = list(articles)
    budget = READ_WORDS if budget is None else budget
    if sum(a.n_words for a in articles) <= budget:
        return articles
    share = max(MIN_SHARE_WORDS, _share(sorted(a.n_words for a in articles), budget))
    out = []
    for a in articles:
        kept: list[str] = []
        words = 0
        for para in a.paragraphs:
            if words >= share:
                break
            kept.append(para)
            words += len(para.split())
        out.append(a if len(kept) == len(a.paragraphs) else replace(a, paragraphs=tuple(kept)))
    return out


def _share(lengths: Sequence[int], budget: int) -> float:
    """The words each article may have so that the story reads ``budget`` in all, the
    articles shorter than that whole (the budget short articles leave goes to the long
    ones, rather than an equal share each). ``lengths`` sorted, their sum over budget."""
    left = float(budget)
    for i, n in enumerate(lengths):
        rest = len(lengths) - i
        if n * rest > left:
            return left / rest
        left -= n
    return float("inf")  # not reached: the lengths sum to more than the budget


def read_in_part(articles: Sequence[Article], budget: int | None = None) -> str | None:
    """A reader's line saying that a story over ``budget`` words is read in part (as
    :func:`within_budget` reads it), or None when every article is read whole."""
    read = within_budget(articles, budget)
    cut = sum(1 for a, r in zip(articles, read, strict=True) if r is not a)
    if not cut:
        return None
    total = sum(a.n_words for a in articles)
    kept = sum(r.n_words for r in read)
    return (
        f"a long story ({total:,} words): {cut} of its {len(articles)} articles were read from "
        f"their start only, {kept:,} words in all"
    )
