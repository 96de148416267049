"""Query-focused briefs: the story's sentences that answer a question, without repeats.

A query (a few words or a paragraph) ranks the sentences by a mix of three scores, and
maximal marginal relevance (Carbonell and Goldstein, 1998) keeps the brief from saying
one thing twice:

* *lexical relevance*: the TF-IDF cosine of content-word stems between the query and
  the sentence (names, numbers and key words the query shares);
* *semantic relevance*: the all-MiniLM-L6-v2 cosine between the query and the
  sentence ("casualties" finds "killed" and "wounded"). Embedding every sentence of a
  story would cost seconds (about 150 sentences/s on two cores), so only a pool of the
  ``POOL`` most promising eligible sentences (by lexical relevance and centrality) is
  embedded;
* *centrality*: the TF-IDF cosine of the sentence with the story's centroid, times a
  lead prior: among sentences that answer the query equally, the one that carries the
  story's main facts.

Sentences the generic method finds unfit (fragments, captions, boilerplate:
``storyweave.eligible``) are never preferred. The ranking ends with the generic
method's own order, so a query the articles say little about still gets a full brief;
``coverage`` tells the caller how much of it answers the query (the pipeline warns).

The baseline the evaluator runs beside it (``tfidf_rank``): sentences by TF-IDF
similarity to the query, then MMR with TF-IDF similarity between sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..config import Config
from . import lexical
from .base import Cluster

# The constants below were chosen on the tuning half of benchmarks/data/query_dev.jsonl
# (answering-sentence recall at 250 words, benchmarks/bench_query.py --tune: a grid of
# 648 settings, benchmarks/results/query_tuning.json). Tuning half: 0.513 with these
# values, 0.346 with the first guess (pool and score both leaning 0.3 on centrality,
# MMR 0.7, length power 0.3); the query-aware baseline scored 0.349 there. Centrality
# hurt at every weight above 0.1 and in the pool at any weight: the reader asked about
# one aspect, and the story's central sentences are mostly about another.

#: Eligible sentences embedded per query (the rest are ranked after them), chosen by
#: TF-IDF relevance plus POOL_CENTRALITY times centrality, so that a sentence that shares
#: no word with the query but carries the story's main facts can still be embedded
#: (0.3 and 1.0 scored lower than 0: the pool is then the sentences closest to the query).
POOL = 40
POOL_CENTRALITY = 0.0
#: Weight of the MiniLM cosine against the TF-IDF cosine's 1 in the relevance score.
EMBEDDING_WEIGHT = 1.0
#: Weight of centrality against relevance's 1.
CENTRALITY_WEIGHT = 0.1
#: Weight of the generic method's preference (1 for its first choice, falling linearly
#: to 0 after its last) against relevance's 1 (0.1 scored lower than 0 on the tuning half).
GENERIC_WEIGHT = 0.0
#: MMR trade-off: 1 = relevance only, 0 = novelty only.
MMR_LAMBDA = 0.8
#: Gain is divided by (words / 20) ** LENGTH_POWER (0: a sentence's length does not
#: count; 0.15 and 0.3 scored lower on the tuning half).
LENGTH_POWER = 0.0
#: A sentence "answers" the query (for ``coverage``) when its relevance reaches this, and
#: fewer than FEW_ANSWERS such sentences make the pipeline warn that the articles hold
#: little on the query. Set on the tuning half, with each cluster's own query against the
#: 9 other clusters' queries as queries the articles do not answer: 0.3 and 2 warned on
#: 1 of 10 own queries and on 90 of 90 others (0.35: 4 of 10 own; 0.3 and 1: 0 of 10 own,
#: 87 of 90 others). benchmarks/bench_query.py prints the blind half's counts.
ANSWER_RELEVANCE = 0.3
FEW_ANSWERS = 2


def _centrality(vectors: list[dict[str, float]], cluster: Cluster) -> list[float]:
    """Cosine with the centroid of all sentence vectors, times a mild lead prior, in [0, 1]."""
    centroid: dict[str, float] = {}
    for v in vectors:
        for w, x in v.items():
            centroid[w] = centroid.get(w, 0.0) + x
    norm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    centroid = {w: x / norm for w, x in centroid.items()}
    raw = [
        lexical.cosine(v, centroid) * (1.0 + 1.0 / (1.0 + s.index))
        for v, s in zip(vectors, cluster.sentences, strict=True)
    ]
    top = max(raw, default=0.0) or 1.0
    return [r / top for r in raw]


def _vectors(cluster: Cluster, query: str) -> tuple[list[dict[str, float]], dict[str, float]]:
    """TF-IDF vectors of the sentences and of the query, with idf over the sentences."""
    stems = [lexical.content_stems(s.text) for s in cluster.sentences]
    vectors = lexical.tfidf_vectors([*stems, lexical.content_stems(query)])
    return vectors[:-1], vectors[-1]


def relevance(cluster: Cluster, query: str, indices: Sequence[int]) -> dict[int, float]:
    """The relevance of each sentence in ``indices`` to ``query`` (embeds them)."""
    sents, qvec = _vectors(cluster, query)
    return _relevance(cluster, query, sents, qvec, indices)[0]


def _relevance(
    cluster: Cluster,
    query: str,
    vectors: list[dict[str, float]],
    qvec: dict[str, float],
    indices: Sequence[int],
) -> tuple[dict[int, float], np.ndarray]:
    from .. import nlp

    if not indices:
        return {}, np.zeros((0, nlp.Embedder.dim), dtype=np.float32)
    matrix = nlp.embedder().encode([query, *(cluster.sentences[i].text for i in indices)])
    q, emb = matrix[0], matrix[1:]
    out = {}
    for k, i in enumerate(indices):
        sem = max(0.0, float(np.dot(q, emb[k])))
        out[i] = (EMBEDDING_WEIGHT * sem + lexical.cosine(qvec, vectors[i])) / (1.0 + EMBEDDING_WEIGHT)
    return out, emb


def rank(cluster: Cluster, config: Config) -> list[int]:
    """Sentence indices in order of preference for ``config.query``; the generic
    method's order follows the query's pool. Records the pool's relevance in
    ``cluster._cache["query_relevance"]`` (``coverage`` reads it)."""
    from .storyweave import eligible
    from .storyweave import rank as generic_rank

    query = config.query or ""
    n = len(cluster)
    if not n:
        return []
    vectors, qvec = _vectors(cluster, query)
    central = _centrality(vectors, cluster)
    lexical_rel = [lexical.cosine(qvec, v) for v in vectors]
    ok = [eligible(s.text, cluster.lengths[i]) for i, s in enumerate(cluster.sentences)]
    candidates = [i for i in range(n) if ok[i]] or list(range(n))
    candidates.sort(key=lambda i: (-(lexical_rel[i] + POOL_CENTRALITY * central[i]), i))
    pool = candidates[:POOL]
    rel, emb = _relevance(cluster, query, vectors, qvec, pool)
    cluster._cache["query_relevance"] = rel
    row = {i: k for k, i in enumerate(pool)}
    generic = generic_rank(cluster, config)
    preferred = {i: 1.0 - k / len(generic) for k, i in enumerate(generic)}

    def score(i: int) -> float:
        length = max(cluster.lengths[i], 1) / 20.0
        value = rel[i] + CENTRALITY_WEIGHT * central[i] + GENERIC_WEIGHT * preferred.get(i, 0.0)
        return value / (1.0 + CENTRALITY_WEIGHT + GENERIC_WEIGHT) / length**LENGTH_POWER

    chosen = _mmr(pool, score, lambda i, j: float(np.dot(emb[row[i]], emb[row[j]])), cluster, config.words)
    rest = [i for i in generic if i not in set(chosen)]
    return _dedupe([*chosen, *rest, *(i for i in pool if i not in set(chosen))])


def _mmr(pool, score, similarity, cluster: Cluster, words: int) -> list[int]:
    """Greedy MMR within the budget: relevance against the highest similarity to the chosen."""
    chosen: list[int] = []
    left = list(pool)
    total = 0
    while left:
        best, best_value = -1, -math.inf
        for i in left:
            if total + cluster.lengths[i] > words:
                continue
            redundancy = max((similarity(i, j) for j in chosen), default=0.0)
            value = MMR_LAMBDA * score(i) - (1.0 - MMR_LAMBDA) * redundancy
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            break
        chosen.append(best)
        left.remove(best)
        total += cluster.lengths[best]
    return chosen


def _dedupe(order: Sequence[int]) -> list[int]:
    return list(dict.fromkeys(order))


def coverage(cluster: Cluster) -> int:
    """How many sentences of the last ``rank`` call's pool answer its query."""
    rel = cluster._cache.get("query_relevance") or {}
    return sum(1 for r in rel.values() if r >= ANSWER_RELEVANCE)


def little_on(cluster: Cluster, query: str) -> str | None:
    """A warning when the articles hold little on ``query`` (after ``rank``), else None."""
    found = coverage(cluster)
    if found >= FEW_ANSWERS:
        return None
    short = query if len(query) <= 60 else query[:57] + "..."
    return (
        f"the articles hold little on the query {short!r} ({found} sentence"
        f"{'' if found == 1 else 's'} answer it): the rest of the brief is the story's main points"
    )


def tfidf_rank(cluster: Cluster, config: Config) -> list[int]:
    """The query-aware baseline: TF-IDF similarity to the query, then MMR (TF-IDF between
    sentences, ``MMR_LAMBDA``); without a query, the sentences in order."""
    n = len(cluster)
    if not config.query:
        return list(range(n))
    vectors, qvec = _vectors(cluster, config.query)
    rel = [lexical.cosine(qvec, v) for v in vectors]
    order = sorted(range(n), key=lambda i: (-rel[i], i))
    pool = order[:POOL]
    chosen = _mmr(pool, lambda i: rel[i], lambda i, j: lexical.cosine(vectors[i], vectors[j]),
                  cluster, config.words)
    return _dedupe([*chosen, *order])
