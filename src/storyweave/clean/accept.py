"""One set of skip rules for every way in: ``brief``, ``facts`` and ``ingest`` all use them.

``clean_document`` takes one input (a raw document, an already clean article, or the
reader's ``Skip``) and gives the clean ``Article`` or the ``Skip`` saying why it was
left out: the cleaner's own verdicts (nothing left, an error page...), a cleaner
failure on that one page, too few words, or text that is not English (the one
language check, ``language.language_problem``, which names the language it sees;
``Config.any_language`` turns the check off).
"""

from __future__ import annotations

import re

from ..config import Config
from ..records import Article, RawDocument, Skip
from .language import NOT_ENGLISH, language_problem
from .page import clean

#: The function-word test that was the language check before py3langid, kept for
#: callers and as the benchmark's "before" (benchmarks/bench_language.py): an article
#: whose words are less than this share English function words is not English.
MIN_ENGLISH_SHARE = 0.15
_ENGLISH_FUNCTION = frozenset(
    "the of and to in a is that for it on was with as at by from be this have are has "
    "not but his her they he she we an or were had been will said would their its".split()
)
#: The reasons given, the same whichever command skips the input (``NOT_ENGLISH``,
#: from ``language``, gains the language's name when it is known).
NO_TEXT = "no article text left after cleaning"
__all__ = ["MIN_ENGLISH_SHARE", "NOT_ENGLISH", "NO_TEXT", "clean_document", "english_share"]


def english_share(text: str) -> float:
    """The share of the first 400 words that are common English function words."""
    words = re.findall(r"[^\W\d_]+", text.lower())[:400]
    if not words:
        return 0.0
    return sum(w in _ENGLISH_FUNCTION for w in words) / len(words)


def clean_document(item: RawDocument | Article | Skip, config: Config) -> Article | Skip:
    """The clean article of one input, or the ``Skip`` that says why there is none."""
    if isinstance(item, Skip):
        return item
    try:
        article = clean(item, config) if isinstance(item, RawDocument) else item
    except Exception as exc:  # a cleaner bug on one page must not stop a long run
        return Skip(item.path or "?", f"cannot clean ({type(exc).__name__}: {exc})")
    if isinstance(article, Skip):
        return article
    if article.n_words < config.min_article_words:
        return Skip(article.path or article.id, NO_TEXT)
    if not config.any_language:
        problem = language_problem(article.text)
        if problem:
            return Skip(article.path or article.id, problem)
    return article
