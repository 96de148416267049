"""The second pass over candidate merges (issue 17): fit and choose it on the tuning half only.

Pours the tuning half's documents (bench_cluster's blind split, seed 17; the blind half is
never read) into fresh stores with the second pass off, the first pass cut at each of
``TRAIN_LINKS`` (a looser cut leaves more pieces of one event apart, so there are more
same-event pairs of clusters to learn from than the shipped cut leaves), and takes every
pair of clusters of one component joined by a stored edge: its ``cluster.merge_features``
and whether the two clusters' majority stories agree.

Cross-validation over stories (``CV_FOLDS`` folds): a logistic model is fitted on the pairs
whose clusters both belong to the other folds' stories, then the second pass runs with it
over the shipped first-pass partition of every tuning article (so the held-out stories
meet the others as distractors, as unseen ones would) and the held-out fold's documents
are scored, each cluster counted whole. Printed beside it, in the same run: the first
pass alone, and plain TF-IDF average link with its cut chosen by the same CV. The model
and cut with the best mean CV F1 are then refitted on every tuning pair; the constants to
ship in ``corpus/cluster.py`` are printed.

    .venv/bin/python benchmarks/event_merge.py

Writes benchmarks/results/event_merge.json.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_cluster as bc  # noqa: E402
import event_pairs as ep  # noqa: E402

from storyweave.corpus import Store, cluster, ingest  # noqa: E402
from storyweave.corpus.cluster import Settings  # noqa: E402

TRAIN_LINKS = (0.10, 0.13, 0.16, 0.20)
CV_FOLDS = 3
RULE_CUTS = (0.08, 0.10, 0.12, 0.14, 0.16, 0.20, 0.25)
MERGE_CUTS = tuple(round(0.30 + 0.05 * k, 2) for k in range(14))
#: Feature subsets compared by the CV (names of ``cluster.MERGE_FEATURES``).
VARIANTS = {
    "all": cluster.MERGE_FEATURES,
    "no days": tuple(f for f in cluster.MERGE_FEATURES if f != "log_days"),
    "similarities only": ("mean_cos", "centroid_cos", "max_link", "link_density"),
    "mean + centroid + sizes": ("mean_cos", "centroid_cos", "log_small", "log_large"),
    "mean + centroid + keys + sizes": ("mean_cos", "centroid_cos", "shared_keys", "log_small", "log_large"),
}
#: Reach of the second pass: clusters are compared inside the connected components of
#: the stored links at or above this (``--reach``; the first pass's components by default).
REACH = None


def pour(docs, gold, link: float, join: float) -> dict:
    """A fresh store of ``docs`` with the second pass off, first pass cut at ``link``,
    components joined at ``join``."""
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.sqlite") as store:
        ingest(docs, store, batch_size=1000,
               settings=Settings(link=link, join=max(join, link), merge=False))
        part = store.partition()
        comp = dict(store.db.query("SELECT id, component FROM articles"))
        edges = {(a, b): s for a, b, s in store.db.query("SELECT a, b, sim FROM edges")}
        feats = {r[0]: cluster.Features.from_bytes(r[1], r[2])
                 for r in store.db.query("SELECT id, features, day FROM articles")}
        item_article = {c["path"]: a for a in part for c in store.copies(a)}
    first: dict[str, str] = {}
    for item, a in sorted(item_article.items()):
        first.setdefault(a, gold[item])
    return {"part": part, "comp": comp, "edges": edges, "feats": feats,
            "item_article": item_article, "gold_of": first}


def components(p: dict) -> dict[int, list[list[str]]]:
    """The first-pass clusters of each component (of the links at ``REACH`` or above
    when set, each holding whole first-pass clusters)."""
    comp = p["comp"]
    if REACH is not None:
        parent = {a: a for a in p["part"]}

        def find(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        links = [(a, b) for (a, b), s in sorted(p["edges"].items()) if s >= REACH]
        members: dict[str, list[str]] = defaultdict(list)
        for a, s in sorted(p["part"].items()):
            members[s].append(a)
        links += [(m[0], x) for m in members.values() for x in m[1:]]
        for a, b in links:
            if a in parent and b in parent:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        roots = sorted({find(a) for a in parent})
        number = {r: k for k, r in enumerate(roots)}
        comp = {a: number[find(a)] for a in parent}
    by: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a, s in p["part"].items():
        by[comp[a]][s].append(a)
    return {k: sorted(sorted(m) for m in v.values()) for k, v in sorted(by.items())}


def majority(members: list[str], gold_of: dict[str, str]) -> str:
    counts = Counter(gold_of[a] for a in members)
    return min(counts, key=lambda g: (-counts[g], g))


def candidate_pairs(p: dict) -> list[tuple[list[float], int, str, str]]:
    """Every pair of clusters of one component with a stored edge between them."""
    out = []
    for clusters in components(p).values():
        if len(clusters) < 2:
            continue
        owner = {a: k for k, cl in enumerate(clusters) for a in cl}
        cross: dict[tuple[int, int], list[float]] = defaultdict(list)
        for (a, b), sim in p["edges"].items():
            ka, kb = owner.get(a), owner.get(b)
            if ka is not None and kb is not None and ka != kb:
                cross[(min(ka, kb), max(ka, kb))].append(sim)
        groups = [cluster.Group.of(cl, [p["feats"][a] for a in cl]) for cl in clusters]
        for (ka, kb), links in sorted(cross.items()):
            ga, gb = majority(clusters[ka], p["gold_of"]), majority(clusters[kb], p["gold_of"])
            out.append((cluster.merge_features(groups[ka], groups[kb], links), int(ga == gb), ga, gb))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0,
        balanced: bool = True) -> tuple[list[float], list[float], list[float]]:
    """L2 logistic regression (classes balanced unless told) on standardised features, by
    Newton steps."""
    mean = x.mean(axis=0)
    scale = np.where(x.std(axis=0) > 1e-9, x.std(axis=0), 1.0)
    z = np.concatenate([(x - mean) / scale, np.ones((len(x), 1))], axis=1)
    pos = y.mean()
    weight = np.where(y > 0, 0.5 / max(pos, 1e-9), 0.5 / max(1 - pos, 1e-9)) if balanced else np.ones(len(y))
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    w = np.zeros(z.shape[1])
    for _ in range(50):
        prob = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (weight * (prob - y)) / len(y) + reg * w / len(y)
        hess = (z.T * (weight * prob * (1 - prob))) @ z / len(y) + np.diag(reg) / len(y)
        step = np.linalg.solve(hess + 1e-9 * np.eye(len(w)), grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return [float(v) for v in w], [float(v) for v in mean], [float(v) for v in scale]


def restrict(use: tuple[str, ...], x: np.ndarray) -> np.ndarray:
    return x[:, [cluster.MERGE_FEATURES.index(u) for u in use]]


def probability_for(use: tuple[str, ...], model):
    """A ``merge_clusters`` probability over the full feature row from a model of ``use``."""
    w, mean, scale = model
    cols = [cluster.MERGE_FEATURES.index(u) for u in use]
    return lambda row: cluster.merge_probability([row[k] for k in cols], w, mean, scale)


def second_pass(p: dict, prob, cut: float) -> dict[str, str]:
    """Article -> cluster label after the second pass over ``p``'s first-pass clusters."""
    label: dict[str, str] = {}
    feats = p["feats"].__getitem__
    for k, clusters in components(p).items():
        inside = {a for cl in clusters for a in cl}
        edges = {e: s for e, s in p["edges"].items() if e[0] in inside and e[1] in inside}
        merged = clusters if prob is None else cluster.merge_clusters(clusters, edges, feats, cut, prob)
        for n, cl in enumerate(merged):
            for a in cl:
                label[a] = f"{k}.{n}"
    return label


def score_fold(label: dict[str, str], item_article: dict[str, str], gold: dict[str, str],
               fold: set[str]) -> tuple[float, float, float]:
    """B-cubed over the documents of ``fold``'s stories, each cluster counted whole."""
    items = {i: label[a] for i, a in item_article.items() if a in label}
    members: dict[str, list[str]] = defaultdict(list)
    for i, c in items.items():
        members[c].append(i)
    size = Counter(gold[i] for i in items)
    mine = [i for i in items if gold[i] in fold]
    p = sum(sum(gold[j] == gold[i] for j in members[items[i]]) / len(members[items[i]]) for i in mine)
    r = sum(sum(gold[j] == gold[i] for j in members[items[i]]) / size[gold[i]] for i in mine)
    p, r = p / len(mine), r / len(mine)
    return p, r, 2 * p * r / (p + r)


def mean3(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(sum(r[k] for r in rows) / len(rows) for k in range(3))  # type: ignore[return-value]


def main() -> int:
    if not all((bc.DATA / f).is_file() for f in bc.FILES):
        print(f"skipped: {bc.DATA} does not hold {', '.join(bc.FILES)}")
        return 0
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--join", type=float, default=cluster.JOIN,
                        help="the similarity at which links join components (the first pass's)")
    parser.add_argument("--reach", type=float, default=None,
                        help="compare clusters inside components of the links at this or above")
    args = parser.parse_args()
    global REACH
    REACH = args.reach
    docs, gold = bc.load()
    tuning, _ = bc.blind_split(gold)
    tdocs = [d for d in docs if gold[d.path] in tuning]
    pours = {link: pour(tdocs, gold, link, args.join) for link in TRAIN_LINKS}
    base = pours[cluster.LINK]
    pairs = [row for link in TRAIN_LINKS for row in candidate_pairs(pours[link])]
    x_all = np.array([r[0] for r in pairs])
    y_all = np.array([r[1] for r in pairs], dtype=np.float64)
    print(f"tuning half only: {len(tuning)} stories, {len(base['part'])} articles; "
          f"{len(pairs)} candidate cluster pairs ({int(y_all.sum())} same story) "
          f"from first passes cut at {TRAIN_LINKS}")
    stories = sorted(tuning)
    random.Random(bc.BLIND_SEED).shuffle(stories)
    folds = [set(stories[k::CV_FOLDS]) for k in range(CV_FOLDS)]
    out: dict = {"join": args.join, "reach": args.reach, "folds": CV_FOLDS, "train_links": list(TRAIN_LINKS), "pairs": len(pairs),
                 "positive_pairs": int(y_all.sum()), "methods": {}}

    def report(name: str, prf, **extra) -> None:
        out["methods"][name] = {"precision": round(prf[0], 4), "recall": round(prf[1], 4),
                                "f1": round(prf[2], 4), **extra}
        print(f"  {name:<40} P {prf[0]:.3f} R {prf[1]:.3f} F1 {prf[2]:.3f}  "
              + " ".join(f"{k}={v}" for k, v in extra.items()))

    # baselines in the same run
    ids = sorted(base["part"])
    arts = []
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.sqlite") as store:
        ingest(tdocs, store, batch_size=1000, settings=Settings(join=args.join, merge=False))
        arts = [store.article(a) for a in ids]
    vec = ep.plain_vectors(arts)
    sim = vec @ vec.T
    per_cut = {c: ep.average_link_matrix(sim, c) for c in bc.CUTS}
    best_plain = None
    for c in bc.CUTS:
        label = {a: str(lab) for a, lab in zip(ids, per_cut[c], strict=True)}
        f = [score_fold(label, base["item_article"], gold, fold) for fold in folds]
        if best_plain is None or mean3(f)[2] > best_plain[1][2]:
            best_plain = (c, mean3(f))
    report("plain TF-IDF average link (cut by CV)", best_plain[1], cut=best_plain[0])
    first = second_pass(base, None, 1.0)
    report("first pass alone (shipped before)", mean3([score_fold(first, base["item_article"], gold, f)
                                                      for f in folds]))
    # one parameter, no model: merge while the exact mean cosine across two clusters
    # (every cross pair at its true value, where average link counts uncompared pairs 0)
    # reaches a cut chosen by the same CV
    per_cut = {c: mean3([score_fold(second_pass(base, lambda row: row[0], c), base["item_article"], gold, f)
                         for f in folds]) for c in RULE_CUTS}
    cut = max(RULE_CUTS, key=lambda c: (round(per_cut[c][2], 6), c))
    report("second pass, exact mean cosine >= cut", per_cut[cut], cut=cut,
           curve=" ".join(f"{c}:{per_cut[c][2]:.3f}" for c in RULE_CUTS))
    best = None
    for name, use in VARIANTS.items():
        x = restrict(use, x_all)
        per_fold = []
        for fold in folds:
            train = np.array([r[2] not in fold and r[3] not in fold for r in pairs])
            model = fit(x[train], y_all[train])
            prob = probability_for(use, model)
            per_fold.append({c: score_fold(second_pass(base, prob, c), base["item_article"], gold, fold)
                             for c in MERGE_CUTS})
        means = {c: mean3([pf[c] for pf in per_fold]) for c in MERGE_CUTS}
        cut = max(MERGE_CUTS, key=lambda c: (round(means[c][2], 6), c))
        report(f"second pass, {name}", means[cut], cut=cut,
               curve=" ".join(f"{c}:{means[c][2]:.3f}" for c in MERGE_CUTS[::2]))
        if best is None or means[cut][2] > best[2] + 1e-9:
            best = (name, cut, means[cut][2])
    name, cut, _ = best
    use = VARIANTS[name]
    model = fit(restrict(use, x_all), y_all)
    full_w = [0.0] * len(cluster.MERGE_FEATURES) + [model[0][-1]]
    full_mean = [0.0] * len(cluster.MERGE_FEATURES)
    full_scale = [1.0] * len(cluster.MERGE_FEATURES)
    for k, u in enumerate(use):
        j = cluster.MERGE_FEATURES.index(u)
        full_w[j], full_mean[j], full_scale[j] = model[0][k], model[1][k], model[2][k]
    out["chosen"] = {"variant": name, "cut": cut, "weights": [round(v, 4) for v in full_w],
                     "mean": [round(v, 4) for v in full_mean], "scale": [round(v, 4) for v in full_scale]}
    print(f"chosen: {name}, cut {cut}; refitted on every tuning pair:")
    print(f"MERGE_WEIGHTS = {tuple(round(v, 4) for v in full_w)}")
    print(f"MERGE_MEAN = {tuple(round(v, 4) for v in full_mean)}")
    print(f"MERGE_SCALE = {tuple(round(v, 4) for v in full_scale)}")
    print(f"MERGE_CUT = {cut}")
    shipped = second_pass(base, lambda row: cluster.merge_probability(row, full_w, full_mean, full_scale), cut)
    every = set(tuning)
    report("refitted, on all tuning (in-sample)", score_fold(shipped, base["item_article"], gold, every))
    path = ROOT / "benchmarks" / "results" / f"event_merge_join{args.join}_reach{args.reach}.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
