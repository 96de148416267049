"""Parse each article once with the full spaCy pipeline and share the Docs.

Paragraphs are parsed separately (a line break inside a Doc confuses the parser),
so every extractor gets ``(offset, Doc)`` pairs whose character offsets, plus
``offset``, index into ``Article.text``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


@dataclass
class Parsed:
    """One article with its paragraphs parsed."""

    article: Article
    paragraphs: list[tuple[int, Doc]]

    def sentences(self) -> Iterator[tuple[int, int, Span]]:
        """``(paragraph index, paragraph offset, sentence)`` in reading order."""
        for p, (offset, doc) in enumerate(self.paragraphs):
            for sent in doc.sents:
                yield p, offset, sent


def parse(articles: Sequence[Article], nlp=None) -> list[Parsed]:  # noqa: ANN001
    """Parse every paragraph of every article in one ``nlp.pipe`` stream."""
    if nlp is None:
        from ..nlp import pipeline

        nlp = pipeline()
    jobs: list[tuple[int, int, str]] = []
    for a, art in enumerate(articles):
        offset = 0
        for para in art.paragraphs:
            jobs.append((a, offset, para))
            offset += len(para) + 1
    out = [Parsed(art, []) for art in articles]
    docs = nlp.pipe((text for _, _, text in jobs), batch_size=64)
    for (a, offset, _), doc in zip(jobs, docs, strict=True):
        out[a].paragraphs.append((offset, doc))
    return out
