"""One set of skip rules for every way in: ``brief``, ``facts`` and ``ingest`` all use them.

``clean_document`` takes one input (a raw document, an already clean article, or the
reader's ``Skip``) and gives the clean ``Article`` or the ``Skip`` saying why it was
left out: the cleaner's own verdicts (nothing left, an error page...), a cleaner
failure on that one page, too few words, or text that is not English (the
summariser, the entity and quote extractors and the clustering all read English;
``Config.any_language`` turns the check off).
"""

from __future__ import annotations

import re

from ..config import Config
from ..records import Article, RawDocument, Skip
from .page import clean

#: An article whose words are less than this share English function words is not
#: English (English news runs at 0.35-0.5; French, German or Spanish text at < 0.05).
MIN_ENGLISH_SHARE = 0.15
_ENGLISH_FUNCTION = frozenset(
    "the of and to in a is that for it on was with as at by from be this have are has "
    "not but his her they he she we an or were had been will said would their its".split()
)
#: The reasons given, the same whichever command skips the input.
NO_TEXT = "no article text left after cleaning"
NOT_ENGLISH = "not English text"


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
    if not config.any_language and english_share(article.text) < MIN_ENGLISH_SHARE:
        return Skip(article.path or article.id, NOT_ENGLISH)
    return article
