"""A learned thread gate (issue 17), chosen by cross-validation over the tuning stories only.

Pours the tuning half's documents (bench_cluster's blind split, seed 17; the blind half is
never read) into a fresh store and reads its events' stored sides. Every pair of events
gets features the store has for any event (no text is re-read, no date indicator, since
only TAC is dated here): the damped centroid cosine (``threads.event_similarity``), the
number of shared keys, and the two sizes; its label is whether the two events' majority
stories agree (a TAC topic is one thread; two Multi-News stories never are). A logistic
model is fitted on the pairs of the other folds' stories, and threads are average-link
clusters of events over its probability, cut at a probability chosen by the CV. Each
fold is scored on its own documents (TAC thread B-cubed F1 and Multi-News thread
precision, every thread counted whole), beside the shipped rule in the same run; the
objective is the smaller of the two means.

    .venv/bin/python benchmarks/thread_learned.py
"""

from __future__ import annotations

import math
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_cluster as bc  # noqa: E402
import event_merge as em  # noqa: E402

from storyweave.corpus import Store, cluster, ingest  # noqa: E402
from storyweave.corpus import threads as th  # noqa: E402

CUTS = tuple(round(0.05 + 0.05 * k, 2) for k in range(19))
VARIANTS = {
    "cosine + keys + sizes": (0, 1, 2, 3),
    "cosine + keys": (0, 1),
    "cosine + sizes": (0, 2, 3),
}


def pair_row(a: th.EventSide, b: th.EventSide, na: int, nb: int) -> list[float]:
    return [th.event_similarity(a, b), float(len(a.keys & b.keys)),
            math.log(min(na, nb)), math.log(max(na, nb))]


def main() -> int:
    docs, gold = bc.load()
    tuning, _ = bc.blind_split(gold)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.sqlite") as store:
        ingest([d for d in docs if gold[d.path] in tuning], store, batch_size=1000)
        sides = {r[0]: th.side_from_bytes(bytes(r[1]), r[2])
                 for r in store.db.query("SELECT id, side, side_day FROM stories")}
        items = {}
        for a, s in store.partition().items():
            for copy in store.copies(a):
                items[copy["path"]] = s
    ids = sorted(sides)
    size = Counter(items.values())
    major = {}
    for s in ids:
        counts = Counter(gold[i] for i, e in items.items() if e == s)
        major[s] = min(counts, key=lambda g: (-counts[g], g))
    pairs = [(a, b) for k, a in enumerate(ids) for b in ids[k + 1:]]
    x = np.array([pair_row(sides[a], sides[b], size[a], size[b]) for a, b in pairs])
    y = np.array([major[a] == major[b] for a, b in pairs], dtype=np.float64)
    print(f"tuning half only: {len(ids)} events, {len(pairs)} pairs ({int(y.sum())} of one thread)")
    stories = sorted(tuning)
    random.Random(bc.BLIND_SEED).shuffle(stories)
    folds = [set(stories[k::3]) for k in range(3)]

    def scores(groups: list[list[str]]) -> tuple[float, float]:
        t_of = {s: g[0] for g in groups for s in g}
        pred = {i: t_of[s] for i, s in items.items()}
        got = [bc.thread_scores(pred, gold, fold) for fold in folds]
        tac = [g["tac_thread_f1"] for g, f in zip(got, folds, strict=True)
               if any(s.startswith(bc.FILES[1]) for s in f)]
        return sum(tac) / len(tac), sum(g["multinews_thread_precision"] for g in got) / len(got)

    for cut in (0.10, 0.12, 0.15, 0.18):
        tac, mn = scores(th.thread_groups(sides, cut=cut))
        print(f"  shipped rule, cut {cut:.2f}          TAC F1 {tac:.3f}  MN precision {mn:.3f}"
              + ("  (shipped)" if cut == th.CUT else ""))
    tac, mn = scores([[s] for s in ids])
    print(f"  every event its own thread        TAC F1 {tac:.3f}  MN precision {mn:.3f}")
    for (name, cols), balanced in [(v, b) for v in VARIANTS.items() for b in (True, False)]:
        name = f"{name}, {'balanced' if balanced else 'prior'}"
        res = {}
        for cut in CUTS:
            groups_per_fold = []
            for fold in folds:
                train = np.array([major[a] not in fold and major[b] not in fold for a, b in pairs])
                w, mean, scale = em.fit(x[train][:, cols], y[train], balanced=balanced)
                p = [cluster.merge_probability(list(r[list(cols)]), w, mean, scale) for r in x]
                edges = {pr: v for pr, v in zip(pairs, p, strict=True) if v >= cut}
                groups_per_fold.append(th._cut(ids, edges, cut))
            # each fold scored with the groups of its own model
            t_of = [{s: g[0] for g in gr for s in g} for gr in groups_per_fold]
            got = [bc.thread_scores({i: t_of[k][s] for i, s in items.items()}, gold, fold)
                   for k, fold in enumerate(folds)]
            tac = [g["tac_thread_f1"] for g, f in zip(got, folds, strict=True)
                   if any(s.startswith(bc.FILES[1]) for s in f)]
            res[cut] = (sum(tac) / len(tac), sum(g["multinews_thread_precision"] for g in got) / len(got))
        best = max(CUTS, key=lambda c: (min(res[c]), c))
        print(f"  learned, {name:<34} cut {best:.2f}  TAC F1 {res[best][0]:.3f}  MN precision "
              f"{res[best][1]:.3f}   curve " + " ".join(f"{c}:{min(res[c]):.3f}" for c in CUTS[::3]))
        w, mean, scale = em.fit(x[:, cols], y, balanced=balanced)
        print(f"      refitted on every pair: weights {[round(v, 3) for v in w]} mean "
              f"{[round(v, 4) for v in mean]} scale {[round(v, 4) for v in scale]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
