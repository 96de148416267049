"""Facts of a story across its articles: quotes, figures, timeline, entities, framing, coverage.

``extract(articles)`` parses each article once (spaCy's full pipeline, one
``nlp.pipe`` pass over all paragraphs) and hands the parses to each extractor:

- ``quotes``: direct quotations and their speakers, merged across articles;
- ``figures``: numbers with what they count, their scope and source, grouped
  across articles, with disagreements;
- ``timeline``: dated events, relative dates resolved against the publication
  date (inferred from the text, and marked so, when the article gives none);
- ``entities``: people, organisations and places merged across articles;
- ``framing``: each outlet's distinctive words, and the coverage matrix.
"""

from __future__ import annotations

from ..records import Facts
from .extraction import extract

__all__ = ["extract", "Facts"]
