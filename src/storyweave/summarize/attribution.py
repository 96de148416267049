"""Corroboration: for each summary sentence, every other article that reports the same content.

For each other article, a few candidate sentences are picked by lexical overlap (TF-IDF
cosine of content-word stems; a paraphrase of a news claim shares its names, numbers or
key words), then compared with the summary sentence by all-MiniLM-L6-v2 cosine. An
article corroborates the sentence when its best candidate reaches ``config.corroboration``.
Embedding only the candidates keeps the cost to a few dozen sentences per brief instead of
every sentence of every article (about 150 sentences/s on two cores).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..config import Config
from ..records import Evidence, SummarySentence, normalize
from . import lexical
from .base import Cluster

#: Candidate sentences per other article that are embedded and compared. Measured on 28
#: clusters (25 Multi-News, 3 TAC) with the six best lexical candidates embedded: of the
#: 72 pairs at or above the 0.72 cosine threshold, 64 were the first or second lexical
#: candidate (49 the first); more candidates cost embedding time for little gain.
CANDIDATES_PER_ARTICLE = 2
#: A candidate must share at least this TF-IDF cosine with the summary sentence to be
#: embedded at all (in the same measurement, 95% of the accepted pairs had 0.12 or more).
MIN_LEXICAL = 0.1


def attribute(cluster: Cluster, chosen: Sequence[int], config: Config) -> list[SummarySentence]:
    """Summary sentences (in the given order) with their sources and evidence.

    Raises:
        AssertionError: never, unless a span stopped matching its article (a bug).
    """
    if not chosen:
        return []
    sents = cluster.sentences
    stems = [lexical.content_stems(s.text) for s in sents]
    vectors = lexical.tfidf_vectors(stems)
    keys = [normalize(s.text).lower() for s in sents]

    # candidates[(i, d)] = [(j, lexical similarity), ...] for summary sentence i, article d
    candidates: dict[tuple[int, int], list[int]] = {}
    exact: dict[tuple[int, int], int] = {}
    by_doc: dict[int, list[int]] = {}
    for j, d in enumerate(cluster.doc):
        by_doc.setdefault(d, []).append(j)
    for i in chosen:
        for d, members in by_doc.items():
            if d == cluster.doc[i]:
                continue
            same = [j for j in members if keys[j] == keys[i]]
            if same:
                exact[(i, d)] = same[0]
                continue
            scored = [(lexical.cosine(vectors[i], vectors[j]), j) for j in members]
            scored = [t for t in scored if t[0] >= MIN_LEXICAL]
            scored.sort(key=lambda t: (-t[0], t[1]))
            if scored:
                candidates[(i, d)] = [j for _, j in scored[:CANDIDATES_PER_ARTICLE]]

    needed = sorted({j for js in candidates.values() for j in js} | ({*chosen} if candidates else set()))
    emb: dict[int, np.ndarray] = {}
    if needed:
        from .. import nlp

        matrix = nlp.embedder().encode([sents[j].text for j in needed])
        emb = {j: matrix[k] for k, j in enumerate(needed)}

    out = []
    for i in chosen:
        s = sents[i]
        article = cluster.articles[cluster.doc[i]]
        assert article.text[s.start : s.end] == s.text, "summary sentence is not verbatim"
        evidence = [Evidence(article.id, s.start, s.end, s.text, 1.0)]
        for d in sorted(by_doc):
            if d == cluster.doc[i]:
                continue
            best: tuple[float, int] | None = None
            if (i, d) in exact:
                best = (1.0, exact[(i, d)])
            else:
                for j in candidates.get((i, d), []):
                    sim = float(np.dot(emb[i], emb[j]))
                    if best is None or sim > best[0]:
                        best = (sim, j)
            if best is not None and best[0] >= config.corroboration:
                t = sents[best[1]]
                evidence.append(
                    Evidence(cluster.articles[d].id, t.start, t.end, t.text, min(best[0], 1.0))
                )
        sources = tuple(dict.fromkeys(e.article for e in evidence))
        out.append(
            SummarySentence(
                text=s.text,
                article=article.id,
                sources=sources,
                start=s.start,
                end=s.end,
                evidence=tuple(evidence),
            )
        )
    return out
