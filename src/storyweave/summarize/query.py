"""Query-focused briefs: the story's sentences that answer a question, without repeats.

A query (a few words or a paragraph) ranks the sentences by a mix of three scores, and
maximal marginal relevance (Carbonell and Goldstein, 1998) keeps the brief from saying
one thing twice:

* *lexical relevance*: the TF-IDF cosine of content-word stems between the query and
  the sentence (names, numbers and key words the query shares; ``Params`` can make it
  BM25 and expand the query with the terms of its best sentences, pseudo-relevance
  feedback: both were tried and are off, see ``PARAMS``);
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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..config import Config
from . import lexical
from .base import Cluster


@dataclass(frozen=True)
class Params:
    """The query ranking's constants (``PARAMS`` holds the shipped ones).

    Attributes:
        lexical: ``"tfidf"`` (cosine of content-word stems) or ``"bm25"`` (Okapi BM25,
            k1 1.2, b 0.75, divided by the query's own best score, so in [0, 1]).
        prf_docs: pseudo-relevance feedback: the query gains the terms of its
            ``prf_docs`` best sentences by the plain lexical score (0: no expansion).
        prf_terms: how many of those sentences' heaviest terms are added ...
        prf_weight: ... at this weight against the query's own terms' 1.
        embedding_prf: the query's MiniLM embedding gains this weight of the mean
            embedding of its ``prf_docs`` best pool sentences (0: none).
        embedding_weight: weight of the MiniLM cosine against the lexical score's 1.
        centrality_weight: weight of centrality against relevance's 1.
        mmr_lambda: MMR trade-off: 1 = relevance only, 0 = novelty only.
        min_relevance: pool sentences below this relevance are not preferred: the
            generic method's order comes first after the ones that reach it.
        pool: eligible sentences embedded per query (by expanded lexical score).
        learned: rank the pool by the learned relevance (``learned_relevance``, a
            logistic regression over ``FEATURES``) instead of the mix above; the mix
            still decides ``coverage`` (the warning).
    """

    lexical: str = "tfidf"
    prf_docs: int = 0
    prf_terms: int = 10
    prf_weight: float = 0.5
    embedding_prf: float = 0.0
    embedding_weight: float = 1.0
    centrality_weight: float = 0.1
    mmr_lambda: float = 0.8
    min_relevance: float = 0.0
    pool: int = 40
    learned: bool = False


#: The round-2 constants (TF-IDF + MiniLM at equal weight, centrality 0.1, MMR 0.8, a
#: pool of 40, no expansion, no relevance floor), chosen then on 10 tuning clusters.
ROUND2 = Params()
# Round 3 grew the tuning clusters to 30 (49 queries) and tried 648 settings of the mix
# (BM25 against TF-IDF, pseudo-relevance feedback of 3 or 6 sentences in the lexical
# query and in the query's embedding, MiniLM weight 0.5-2, centrality 0 or 0.1, MMR
# 0.7-0.9, a relevance floor of 0.25; benchmarks/bench_query.py --tune,
# benchmarks/results/query_tuning.json): the best scored 0.528 against the round-2
# constants' 0.515 on all 30, but choosing it by 5-fold cross-validation over clusters
# scored 0.499 held out: hand-set mixes of these scores find noise. Learning the mix
# instead (a logistic regression over all of them, ``learned``;
# benchmarks/train_query_relevance.py) scored 0.553 held out in the same folds
# (+0.039 [-0.007, +0.090] over the round-2 constants), so the shipped constants are the
# round-2 ones with the learned relevance ranking the pool.
PARAMS = Params(learned=True)

#: Eligible sentences embedded per query (``Params.pool`` of the shipped constants).
POOL = PARAMS.pool
#: A sentence "answers" the query (for ``coverage``) when its relevance reaches this, and
#: fewer than FEW_ANSWERS such sentences make the pipeline warn that the articles hold
#: little on the query. Set on the tuning half, with each cluster's own query against the
#: other clusters' queries as queries the articles do not answer; benchmarks/bench_query.py
#: prints the counts.
ANSWER_RELEVANCE = 0.3
FEW_ANSWERS = 2
_K1, _B = 1.2, 0.75


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


def _features(cluster: Cluster) -> dict:
    """The query-independent views of a cluster (stems, TF-IDF, document frequencies,
    centrality), computed once per cluster."""
    if "query_features" not in cluster._cache:
        stems = [lexical.content_stems(s.text) for s in cluster.sentences]
        df: Counter = Counter()
        for d in stems:
            df.update(set(d))
        vectors = lexical.tfidf_vectors(stems, df, len(stems))
        cluster._cache["query_features"] = {
            "stems": stems, "df": df, "vectors": vectors,
            "tf": [Counter(d) for d in stems],
            "avglen": (sum(len(d) for d in stems) / len(stems)) if stems else 1.0,
            "central": _centrality(vectors, cluster),
        }
    return cluster._cache["query_features"]


def _idf(feat: dict, word: str, bm25: bool) -> float:
    n, df = len(feat["stems"]), feat["df"].get(word, 0)
    if bm25:
        return math.log((n - df + 0.5) / (df + 0.5) + 1.0)
    return math.log((1 + n) / (1 + df)) + 1.0


def _lexical(feat: dict, weights: dict[str, float], kind: str) -> list[float]:
    """Each sentence's lexical score for query term ``weights``, in [0, 1]."""
    if not weights:
        return [0.0] * len(feat["stems"])
    if kind == "bm25":
        idf = {w: _idf(feat, w, True) for w in weights}
        best = sum(weights[w] * idf[w] for w in weights) * (_K1 + 1.0) or 1.0
        out = []
        for tf, d in zip(feat["tf"], feat["stems"], strict=True):
            norm = _K1 * (1.0 - _B + _B * len(d) / (feat["avglen"] or 1.0))
            score = sum(weights[w] * idf[w] * tf[w] * (_K1 + 1.0) / (tf[w] + norm) for w in weights if w in tf)
            out.append(min(1.0, score / best))
        return out
    qvec = {w: x * _idf(feat, w, False) for w, x in weights.items()}
    norm = math.sqrt(sum(x * x for x in qvec.values())) or 1.0
    qvec = {w: x / norm for w, x in qvec.items()}
    return [lexical.cosine(qvec, v) for v in feat["vectors"]]


def _expansion(feat: dict, weights: dict[str, float], top: Sequence[int], p: Params) -> dict[str, float]:
    """The query terms plus the heaviest terms of its best sentences (Rocchio-style)."""
    centroid: Counter = Counter()
    for i in top:
        for w, x in feat["vectors"][i].items():
            centroid[w] += x
    extra = [(w, x) for w, x in centroid.most_common() if w not in weights][: p.prf_terms]
    if not extra:
        return weights
    peak = extra[0][1] or 1.0
    out = dict(weights)
    for w, x in extra:
        out[w] = p.prf_weight * x / peak
    return out


def relevance(cluster: Cluster, query: str, indices: Sequence[int]) -> dict[int, float]:
    """The relevance of each sentence in ``indices`` to ``query`` (embeds them)."""
    return _score(cluster, query, PARAMS, list(indices))[0]


def _score(cluster: Cluster, query: str, p: Params, pool: Sequence[int] | None = None,
           ok: Sequence[bool] | None = None) -> tuple[dict[int, float], np.ndarray, list[int]]:
    """Relevance of the pool's sentences, their embeddings, and the pool (chosen here
    when not given: the ``p.pool`` eligible sentences with the best expanded lexical score)."""
    from .. import nlp

    feat = _features(cluster)
    n = len(cluster)
    weights = dict(Counter(lexical.content_stems(query)))
    lex = _lexical(feat, weights, p.lexical)
    candidates = [i for i in range(n) if ok is None or ok[i]] or list(range(n))
    if p.prf_docs:
        top = sorted(candidates, key=lambda i: (-lex[i], i))[: p.prf_docs]
        lex = _lexical(feat, _expansion(feat, weights, top, p), p.lexical)
    if pool is None:
        pool = sorted(candidates, key=lambda i: (-lex[i], i))[: p.pool]
    if not pool:
        return {}, np.zeros((0, nlp.Embedder.dim), dtype=np.float32), []
    matrix = nlp.embedder().encode([query, *(cluster.sentences[i].text for i in pool)])
    q, emb = matrix[0], matrix[1:]
    w = p.embedding_weight

    def mix(qv: np.ndarray) -> dict[int, float]:
        sem = np.clip(emb @ qv, 0.0, None)
        return {i: (w * float(sem[k]) + lex[i]) / (1.0 + w) for k, i in enumerate(pool)}

    rel = mix(q)
    if p.embedding_prf and p.prf_docs:
        best = sorted(range(len(pool)), key=lambda k: (-rel[pool[k]], k))[: p.prf_docs]
        qv = q + p.embedding_prf * emb[best].mean(axis=0)
        rel = mix(qv / (np.linalg.norm(qv) or 1.0))
    return rel, emb, list(pool)


#: The learned relevance's features, in the model's order (``pool_features``).
FEATURES = ("tfidf", "bm25", "tfidf_expanded", "minilm", "minilm_expanded", "centrality",
            "log_length", "lead", "minilm_x_tfidf", "best_minilm")
#: Feedback used by the expanded features: the query's 3 best sentences by TF-IDF,
#: their heaviest 10 terms at weight 0.7, their mean embedding at weight 0.5.
FEATURE_PRF = Params(prf_docs=3, prf_weight=0.7, embedding_prf=0.5)
MODEL_FILE = "data/query_relevance.json"


def pool_features(cluster: Cluster, query: str, pool: Sequence[int], emb: np.ndarray) -> np.ndarray:
    """One row of ``FEATURES`` per pool sentence (``emb``: the pool's embeddings, in order).

    The lexical scores are over every sentence (cheap); the MiniLM ones only over the
    pool, already embedded. Shared by ``rank`` and the training script
    (benchmarks/train_query_relevance.py), so the model sees at run time what it was fit on.
    """
    from .. import nlp

    feat = _features(cluster)
    weights = dict(Counter(lexical.content_stems(query)))
    tf = _lexical(feat, weights, "tfidf")
    bm = _lexical(feat, weights, "bm25")
    top = sorted(pool, key=lambda i: (-tf[i], i))[: FEATURE_PRF.prf_docs]
    ex = _lexical(feat, _expansion(feat, weights, top, FEATURE_PRF), "tfidf")
    q = nlp.embedder().encode([query])[0]
    sem = emb @ q if len(pool) else np.zeros(0, dtype=np.float32)
    if len(pool):
        qe = q + FEATURE_PRF.embedding_prf * emb[np.argsort(-sem, kind="stable")[: FEATURE_PRF.prf_docs]].mean(axis=0)
        sem2 = emb @ (qe / (np.linalg.norm(qe) or 1.0))
    else:
        sem2 = sem
    top_sem = float(sem.max()) if len(pool) else 0.0
    rows = []
    for k, i in enumerate(pool):
        rows.append([tf[i], bm[i], ex[i], float(sem[k]), float(sem2[k]), feat["central"][i],
                     math.log(cluster.lengths[i] + 1), 1.0 / (1 + cluster.sentences[i].index),
                     float(sem[k]) * tf[i], float(sem[k] >= top_sem - 1e-9)])
    return np.asarray(rows, dtype=np.float64).reshape(len(pool), len(FEATURES))


_MODEL: dict | None = None


def model() -> dict:
    """The learned relevance (logistic regression on ``FEATURES``, standardised), from
    ``storyweave/data/query_relevance.json``."""
    global _MODEL
    if _MODEL is None:
        import json
        from importlib import resources

        _MODEL = json.loads(resources.files("storyweave").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
        if tuple(_MODEL["features"]) != FEATURES:
            raise ValueError(f"{MODEL_FILE}: features {_MODEL['features']} are not {FEATURES}")
    return _MODEL


def learned_relevance(x: np.ndarray, fitted: dict | None = None) -> np.ndarray:
    """The model's probability that each row's sentence answers the query."""
    m = fitted or model()
    z = ((x - np.asarray(m["mean"])) / np.asarray(m["scale"])) @ np.asarray(m["weights"]) + m["bias"]
    return 1.0 / (1.0 + np.exp(-z))


def rank(cluster: Cluster, config: Config, params: Params | None = None,
         generic: Sequence[int] | None = None) -> list[int]:
    """Sentence indices in order of preference for ``config.query``; the generic
    method's order follows the query's pool. Records the pool's relevance in
    ``cluster._cache["query_relevance"]`` (``coverage`` reads it).

    ``params`` overrides the shipped constants and ``generic`` the generic method's
    order (the tuning grid passes both)."""
    from .storyweave import eligible
    from .storyweave import rank as generic_rank

    p = params or PARAMS
    query = config.query or ""
    n = len(cluster)
    if not n:
        return []
    ok = [eligible(s.text, cluster.lengths[i]) for i, s in enumerate(cluster.sentences)]
    rel, emb, pool = _score(cluster, query, p, ok=ok)
    cluster._cache["query_relevance"] = rel
    central = _features(cluster)["central"]
    row = {i: k for k, i in enumerate(pool)}
    if generic is None:
        generic = generic_rank(cluster, config)
    c = p.centrality_weight
    if p.learned and pool:
        prob = dict(zip(pool, learned_relevance(pool_features(cluster, query, pool, emb)).tolist(), strict=True))

        def score(i: int) -> float:
            return prob[i]
    else:
        def score(i: int) -> float:
            return (rel[i] + c * central[i]) / (1.0 + c)

    focus = [i for i in pool if rel[i] >= p.min_relevance]
    chosen = _mmr(focus, score, lambda i, j: float(np.dot(emb[row[i]], emb[row[j]])), cluster,
                  config.words, p.mmr_lambda)
    taken = set(chosen)
    rest = [i for i in generic if i not in taken]
    return _dedupe([*chosen, *rest, *(i for i in pool if i not in taken)])


def _mmr(pool, score, similarity, cluster: Cluster, words: int, mmr_lambda: float | None = None) -> list[int]:
    """Greedy MMR within the budget: relevance against the highest similarity to the chosen."""
    lam = PARAMS.mmr_lambda if mmr_lambda is None else mmr_lambda
    chosen: list[int] = []
    left = list(pool)
    total = 0
    while left:
        best, best_value = -1, -math.inf
        for i in left:
            if total + cluster.lengths[i] > words:
                continue
            redundancy = max((similarity(i, j) for j in chosen), default=0.0)
            value = lam * score(i) - (1.0 - lam) * redundancy
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


def _vectors(cluster: Cluster, query: str) -> tuple[list[dict[str, float]], dict[str, float]]:
    """TF-IDF vectors of the sentences and of the query, with idf over the sentences and
    the query (the baseline's own view)."""
    stems = [lexical.content_stems(s.text) for s in cluster.sentences]
    vectors = lexical.tfidf_vectors([*stems, lexical.content_stems(query)])
    return vectors[:-1], vectors[-1]


#: The baseline's MMR trade-off and pool (as the round-2 method's, so that the two
#: differ in their relevance only).
BASELINE_LAMBDA = 0.8
BASELINE_POOL = 40


def tfidf_rank(cluster: Cluster, config: Config) -> list[int]:
    """The query-aware baseline: TF-IDF similarity to the query, then MMR (TF-IDF between
    sentences, ``BASELINE_LAMBDA``); without a query, the sentences in order."""
    n = len(cluster)
    if not config.query:
        return list(range(n))
    vectors, qvec = _vectors(cluster, config.query)
    rel = [lexical.cosine(qvec, v) for v in vectors]
    order = sorted(range(n), key=lambda i: (-rel[i], i))
    pool = order[:BASELINE_POOL]
    chosen = _mmr(pool, lambda i: rel[i], lambda i, j: lexical.cosine(vectors[i], vectors[j]),
                  cluster, config.words, BASELINE_LAMBDA)
    return _dedupe([*chosen, *order])
