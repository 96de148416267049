"""The cleaning stage: keep an article's body paragraphs, drop the page furniture.

``clean(RawDocument) -> Article | Skip`` is the entry point. The package holds:

* ``page``: the line filter and the title / outlet reading (``clean``, ``clean_text``,
  ``clean_html``, ``classify_lines``...);
* ``patterns``: the line patterns (captions, share bars, pitches, copyright lines...);
* ``prefilter``: the fast tables those patterns run from, each search skipped when the
  line lacks every substring a match must hold;
* ``accept``: the skip rules every way in applies (``clean_document``: the cleaner's
  verdict, too few words, not English), so ``brief``, ``facts`` and ``ingest`` skip alike;
* ``language``: the one language check (``language_problem``, ``guess_language``).

Scoring the cleaner against hand labels is benchmark code (``benchmarks/clean_gold.py``).
"""

from .accept import MIN_ENGLISH_SHARE, clean_document, english_share
from .language import LanguageGuess, guess_language, language_problem
from .page import (
    NOTICE_MAX_WORDS,
    Cleaned,
    LineDecision,
    analyse_lines,
    classify_lines,
    clean,
    clean_html,
    clean_text,
    page_problem,
)

__all__ = [
    "MIN_ENGLISH_SHARE",
    "NOTICE_MAX_WORDS",
    "Cleaned",
    "LanguageGuess",
    "LineDecision",
    "analyse_lines",
    "classify_lines",
    "clean",
    "clean_document",
    "clean_html",
    "clean_text",
    "english_share",
    "guess_language",
    "language_problem",
    "page_problem",
]
