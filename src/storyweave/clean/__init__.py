"""The cleaning stage: keep an article's body paragraphs, drop the page furniture.

``clean(RawDocument) -> Article | Skip`` is the entry point. The package holds:

* ``page``: the line filter and the title / outlet reading (``clean``, ``clean_text``,
  ``clean_html``, ``classify_lines``...);
* ``patterns``: the line patterns (captions, share bars, pitches, copyright lines...);
* ``prefilter``: the fast tables those patterns run from, each search skipped when the
  line lacks every substring a match must hold.

Scoring the cleaner against hand labels is benchmark code (``benchmarks/clean_gold.py``).
"""

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
    "NOTICE_MAX_WORDS",
    "Cleaned",
    "LineDecision",
    "analyse_lines",
    "classify_lines",
    "clean",
    "clean_html",
    "clean_text",
    "page_problem",
]
