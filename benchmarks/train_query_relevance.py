"""Fit the query brief's learned relevance (``summarize.query.learned_relevance``).

A logistic regression (L2, class-balanced, Newton steps in numpy) over
``summarize.query.FEATURES`` of each query's pool of 40 sentences, the label being
"this sentence answers the query" (benchmarks/data/query_dev.jsonl). Trained on the
tuning clusters only (``split: tune``, 30 clusters, 49 queries); the blind sets are not
read. Prints, in the same run, a 5-fold cross-validation by cluster (seed 19) of the
answer recall at 250 words with the learned relevance against the round-2 mix of
TF-IDF and MiniLM, and writes src/storyweave/data/query_relevance.json.

    PYTHONPATH=src .venv/bin/python benchmarks/train_query_relevance.py
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
OUT = ROOT / "src" / "storyweave" / "data" / "query_relevance.json"
#: L2 strength (inverse) and the folds of the cross-validation.
C = 0.1
FOLDS = 5


def fit(x: np.ndarray, y: np.ndarray, c: float = C) -> dict:
    """Standardise, then L2 logistic regression with both classes weighted equally."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    a = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    yf = y.astype(float)
    pos = yf.mean()
    sw = np.where(yf > 0, 0.5 / pos, 0.5 / (1 - pos))
    d = a.shape[1]
    ridge = np.r_[np.ones(d - 1) / c, 1e-6]
    w = np.zeros(d)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-a @ w))
        grad = a.T @ (sw * (p - yf)) + ridge * w
        hess = (a * (sw * p * (1 - p))[:, None]).T @ a + np.diag(ridge)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"mean": mean.tolist(), "scale": scale.tolist(), "weights": w[:-1].tolist(), "bias": float(w[-1])}


def main(pool: int = 40, write: bool = True) -> None:
    import bench_query as bq

    from storyweave import nlp
    from storyweave.config import Config
    from storyweave.evaluate import answer_recall, bootstrap, prepare_all
    from storyweave.records import normalize
    from storyweave.summarize import query
    from storyweave.summarize.base import order_output, select
    from storyweave.summarize.storyweave import eligible
    from storyweave.summarize.storyweave import rank as generic_rank

    pooled = dataclasses.replace(query.ROUND2, pool=pool)
    config = Config(words=250)
    recs = bq.query_records("tune")
    instances = prepare_all(recs, config, progress=None)
    clusters = [r["cluster"] for r in recs]
    nlp.embedder()
    data = []
    for inst in instances:
        cl = inst.cluster
        ok = [eligible(s.text, cl.lengths[i]) for i, s in enumerate(cl.sentences)]
        _, emb, pool_ids = query._score(cl, inst.query, pooled, ok=ok)
        want = {normalize(a) for a in inst.answers}
        data.append({"x": query.pool_features(cl, inst.query, pool_ids, emb),
                     "y": np.array([normalize(cl.sentences[i].text) in want for i in pool_ids]),
                     "generic": generic_rank(cl, config)})

    def recall(k: int, params, fitted=None) -> float:
        inst = instances[k]
        if fitted is not None:
            query._MODEL = {**fitted, "features": list(query.FEATURES)}
        order = query.rank(inst.cluster, config.with_(query=inst.query), params, data[k]["generic"])
        chosen = order_output(inst.cluster, select(inst.cluster, order, config.words))
        return answer_recall([inst.cluster.sentences[i].text for i in chosen], inst.answers)

    names = sorted(set(clusters))
    perm = np.random.default_rng(19).permutation(len(names))
    fold = {}
    for k, chunk in enumerate(np.array_split(perm, FOLDS)):
        for j in chunk:
            fold[names[j]] = k
    learned = dataclasses.replace(pooled, learned=True)
    cv: dict[float, list[float]] = {}
    for c in (0.1, 1.0, 10.0):
        vals = [0.0] * len(instances)
        for f in range(FOLDS):
            train = [k for k, cname in enumerate(clusters) if fold[cname] != f]
            fitted = fit(np.vstack([data[k]["x"] for k in train]), np.concatenate([data[k]["y"] for k in train]), c)
            for k, cname in enumerate(clusters):
                if fold[cname] == f:
                    vals[k] = recall(k, learned, fitted)
        cv[c] = vals
    round2 = [recall(k, query.ROUND2) for k in range(len(instances))]
    per = {c: bq._cluster_means(clusters, v) for c, v in cv.items()}
    base = bq._cluster_means(clusters, round2)
    print(f"tuning clusters: {len(names)} ({len(instances)} queries); answers in the pool of {pool}: "
          f"{sum(d['y'].sum() for d in data) / sum(len(i.answers) for i in instances):.3f}")
    print(f"round-2 relevance (TF-IDF + MiniLM mix): {statistics.mean(base.values()):.3f}")
    for c, row in per.items():
        diff = bootstrap({"d": [row[n] - base[n] for n in names]})["d"]
        print(f"learned, C={c:<5} {FOLDS}-fold CV by cluster: {statistics.mean(row.values()):.3f}  "
              f"minus round-2 {diff[0]:+.3f} [{diff[1]:+.3f}, {diff[2]:+.3f}]")
    fitted = fit(np.vstack([d["x"] for d in data]), np.concatenate([d["y"] for d in data]), C)
    model = {"features": list(query.FEATURES), **fitted, "C": C,
             "trained_on": "benchmarks/data/query_dev.jsonl split=tune (30 clusters, 49 queries)",
             "cv_recall": round(statistics.mean(per[C].values()), 4),
             "round2_recall": round(statistics.mean(base.values()), 4)}
    if not write:
        return
    OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: " + ", ".join(
        f"{n} {w:+.2f}" for n, w in zip(query.FEATURES, fitted["weights"], strict=True)))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pool", type=int, default=40, help="sentences embedded per query (shipped: 40)")
    parser.add_argument("--no-write", action="store_true", help="print the cross-validation only")
    args = parser.parse_args()
    main(args.pool, not args.no_write)
