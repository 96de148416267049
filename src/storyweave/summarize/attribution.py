"""Corroboration: for each summary sentence, every other article that reports the same content.

For each other article, a few candidate sentences are picked by lexical overlap (TF-IDF
cosine of content-word stems; a paraphrase of a news claim shares its names, numbers or
key words), then scored by their *support*: the mean of their all-MiniLM-L6-v2 cosine
with the summary sentence and, counted twice, their TF-IDF cosine. An article
corroborates the sentence when its best candidate's support reaches
``config.corroboration``.

Why both: measured against hand labels (``benchmarks/bench_attribution.py``: 337 pairs of
a summary sentence and another article of its cluster, 123 of which report the
sentence's main claim), the MiniLM cosine alone at 0.72 cited only 21% of the articles
that report a sentence (precision 0.93): an article that reports the main claim in a
shorter sentence, without every detail, scores 0.4-0.7. The shared names, numbers and
key words tell a report of the claim from a sentence on the same topic better than the
embedding does (ROC AUC 0.86 against 0.82), and the two together best (0.87).
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
#: The weight of the TF-IDF cosine against the MiniLM cosine's 1 in the support score.
LEXICAL_WEIGHT = 2.0


def support(embedding_cosine: float, lexical_cosine: float) -> float:
    """How well a sentence of another article supports a summary sentence, in [0, 1]
    (1 for the same sentence): the weighted mean of the two cosines."""
    return (embedding_cosine + LEXICAL_WEIGHT * lexical_cosine) / (1.0 + LEXICAL_WEIGHT)


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

    # candidates[(i, d)] = [(lexical similarity, j), ...] for summary sentence i, article d
    candidates: dict[tuple[int, int], list[tuple[float, int]]] = {}
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
                candidates[(i, d)] = scored[:CANDIDATES_PER_ARTICLE]

    needed = sorted({j for js in candidates.values() for _, j in js} | ({*chosen} if candidates else set()))
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
                for lexical_cosine, j in candidates.get((i, d), []):
                    sim = support(float(np.dot(emb[i], emb[j])), lexical_cosine)
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
    # disputes apart, copies counted once: the claim judge on the same sentences
    from ..claims.brief import judge_summary

    return judge_summary(cluster, out)
