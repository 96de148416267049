"""The split check (issue 17): should a first-pass cluster with a weak internal link be cut in two?

Tuning half only (bench_cluster's blind split, seed 17; the blind half is never read).
Training clusters come from first passes cut at ``TRAIN_LINKS`` (looser cuts merge more
events, so there are more clusters that should be split than the shipped cut leaves).
For each cluster of two or more articles: its average-link split in two over the true
similarities of its members, and the features of that split (the mean cosine across it,
each side's own mean, the sizes); the label is whether the two sides' majority stories
differ. Cross-validation over stories as in event_merge.py: fit on the clusters whose
stories all belong to the other folds, apply to the shipped first-pass partition, score
the held-out fold, the first pass alone beside it.

    .venv/bin/python benchmarks/event_split.py
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_cluster as bc  # noqa: E402
import event_merge as em  # noqa: E402

from storyweave.corpus import cluster  # noqa: E402

TRAIN_LINKS = (0.06, 0.08, 0.10)
SPLIT_CUTS = tuple(round(0.30 + 0.05 * k, 2) for k in range(14))
FEATURES = ("cross_mean", "side_mean_min", "side_mean_max", "ratio", "log_small", "log_large")


def best_split(members: list[str], feats) -> tuple[list[str], list[str], list[float]] | None:
    if len(members) < 2:
        return None
    n = len(members)
    sim = np.array([[cluster.similarity(feats[a], feats[b]) for b in members] for a in members])
    if n == 2:
        sides = [0, 1]
    else:
        from scipy.cluster.hierarchy import fcluster, linkage

        dist = np.clip(1.0 - sim, 0.0, None)
        np.fill_diagonal(dist, 0.0)
        tree = linkage(np.round(dist[np.triu_indices(n, k=1)], 9), method="average")
        sides = [int(x) - 1 for x in fcluster(tree, t=2, criterion="maxclust")]
    a = [k for k in range(n) if sides[k] == sides[0]]
    b = [k for k in range(n) if sides[k] != sides[0]]
    if not b:
        return None

    def inner(ix: list[int]) -> float:
        if len(ix) < 2:
            return float("nan")
        s = sim[np.ix_(ix, ix)]
        return float((s.sum() - np.trace(s)) / (len(ix) * (len(ix) - 1)))

    cross = float(sim[np.ix_(a, b)].mean())
    ia, ib = inner(a), inner(b)
    known = [v for v in (ia, ib) if not math.isnan(v)] or [cross]
    lo, hi = min(known), max(known)
    x = [cross, lo, hi, cross / max(1e-6, math.sqrt(lo * hi)) if lo > 0 else 1.0,
         math.log(min(len(a), len(b))), math.log(max(len(a), len(b)))]
    return [members[k] for k in a], [members[k] for k in b], x


def candidates(p: dict):
    out = []
    clusters: dict[str, list[str]] = {}
    for a, s in p["part"].items():
        clusters.setdefault(s, []).append(a)
    for s in sorted(clusters):
        members = sorted(clusters[s])
        got = best_split(members, p["feats"])
        if got is None:
            continue
        a, b, x = got
        ga, gb = em.majority(a, p["gold_of"]), em.majority(b, p["gold_of"])
        out.append((x, int(ga != gb), {p["gold_of"][m] for m in members}, s, a, b))
    return out


def main() -> int:
    docs, gold = bc.load()
    tuning, _ = bc.blind_split(gold)
    tdocs = [d for d in docs if gold[d.path] in tuning]
    pours = {link: em.pour(tdocs, gold, link, cluster.JOIN) for link in TRAIN_LINKS}
    base = pours[cluster.LINK]
    rows = [r for link in TRAIN_LINKS for r in candidates(pours[link])]
    x_all = np.array([r[0] for r in rows])
    y_all = np.array([r[1] for r in rows], dtype=np.float64)
    print(f"tuning half only: {len(rows)} candidate splits ({int(y_all.sum())} should split) "
          f"from first passes cut at {TRAIN_LINKS}")
    base_rows = candidates(base)
    stories = sorted(tuning)
    random.Random(bc.BLIND_SEED).shuffle(stories)
    folds = [set(stories[k::em.CV_FOLDS]) for k in range(em.CV_FOLDS)]
    first = {a: s for a, s in base["part"].items()}
    alone = em.mean3([em.score_fold(first, base["item_article"], gold, f) for f in folds])
    print(f"  first pass alone  P {alone[0]:.3f} R {alone[1]:.3f} F1 {alone[2]:.3f}")
    per_fold = []
    for fold in folds:
        train = np.array([not (r[2] & fold) for r in rows])
        w, mean, scale = em.fit(x_all[train], y_all[train])
        got = {}
        for cut in SPLIT_CUTS:
            label = dict(first)
            for x, _, _, s, _, b in base_rows:
                if cluster.merge_probability(x, w, mean, scale) >= cut:
                    for m in b:
                        label[m] = s + "/b"
            got[cut] = em.score_fold(label, base["item_article"], gold, fold)
        per_fold.append(got)
    means = {c: em.mean3([pf[c] for pf in per_fold]) for c in SPLIT_CUTS}
    for c in SPLIT_CUTS:
        print(f"  split at p >= {c:.2f}: P {means[c][0]:.3f} R {means[c][1]:.3f} F1 {means[c][2]:.3f}")
    w, mean, scale = em.fit(x_all, y_all)
    print("weights", dict(zip(FEATURES + ("intercept",), [round(v, 3) for v in w], strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
