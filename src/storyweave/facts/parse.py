"""Parse each article once with the full spaCy pipeline and share the Docs.

Paragraphs are parsed separately (a line break inside a Doc confuses the parser),
so every extractor gets ``(offset, Doc)`` pairs whose character offsets, plus
``offset``, index into ``Article.text``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..limits import PARAGRAPH_MAX_CHARS
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


#: White space the tokenizer would keep inside a token or read as a token of its own
#: (no-break, thin, figure spaces): each is one character, replaced by one space, so
#: every offset into the parsed text is an offset into the article's own text.
_ODD_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u200a\u202f\u205f\u3000\t"})


def _spaces(text: str) -> str:
    return text.translate(_ODD_SPACES)


def parse(articles: Sequence[Article], nlp=None) -> list[Parsed]:  # noqa: ANN001
    """Parse every paragraph of every article in one ``nlp.pipe`` stream."""
    if nlp is None:
        from ..nlp import pipeline

        nlp = pipeline()
    jobs: list[tuple[int, int, str]] = []
    for a, art in enumerate(articles):
        offset = 0
        for para in art.paragraphs:
            # (a prefix keeps every offset right; the cleaner cuts longer paragraphs)
            jobs.append((a, offset, para[:PARAGRAPH_MAX_CHARS]))
            offset += len(para) + 1
    out = [Parsed(art, []) for art in articles]
    docs = nlp.pipe((_spaces(text) for _, _, text in jobs), batch_size=64)
    for (a, offset, _), doc in zip(jobs, docs, strict=True):
        out[a].paragraphs.append((offset, doc))
    return out
