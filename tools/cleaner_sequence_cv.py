"""Cross-validation of the cleaner's sequence step on the TUNING half (no blind page read).

For each structure given (which groups of ``features.sequence`` the later stages read,
two or three stages) and each fold seed: five folds by site of the tuning half, each
fold's pages scored by a model trained (``train_cleaner.fit_model``'s recipe) on the
other folds plus the samples and Multi-News batch 1; then the snippet F1 of all held-out
pages at the best HMM stay / threshold, as the trainer chooses them. The fold seed
changes which sites share a fold (and LightGBM's seed): the folds' noise is about one
or two snippets of the ~300 of the English tuning pages, so a structure is chosen by the
mean over seeds. About 1-5 minutes per structure and seed on 2 shared cores.

    PYTHONPATH=src .venv/bin/python tools/cleaner_sequence_cv.py --seeds 18 7 3 \\
        "" "wide,runs,list,sim" "wide,runs,list,sim:3" ":3"

(a structure is ``groups[:stages]``; "" is last round's model: no sequence columns.)
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_cleaner as T  # noqa: E402  (tools/)

from storyweave.clean import features as F  # noqa: E402
from storyweave.clean.pagedata import pages_of_half  # noqa: E402

_GROUP_COLUMNS: dict[str, list[int]] = {}
_at = 0
for _group, _names in F.SEQUENCE.items():
    _GROUP_COLUMNS[_group] = list(range(_at, _at + len(_names)))
    _at += len(_names)


def _stack(x: np.ndarray, prob: np.ndarray, words, groups: list[str]) -> np.ndarray:
    rows = F.stacked(x, prob)
    chosen = [c for g in F.SEQUENCE if g in groups for c in _GROUP_COLUMNS[g]]
    return np.column_stack([rows, F.sequence(x, prob, words)[:, chosen]]) if chosen else rows


def _fit_predict(train, held, groups: list[str], stages: int, pen1: float, n_trees: int, min_sites: int):
    """``train_cleaner.fit_model`` with a subset of the sequence columns; the held pages'
    last-stage probabilities."""
    stats = T.WordStats(train, min_sites)
    xs = {}
    for page in train:
        vocab = set().union(*page.words) if page.words else set()
        xs[id(page)] = T.full(page, stats.scores(page.group, vocab))
    first = T.fit_linear(*T._rows(train, lambda p: xs[id(p)]), pen1)
    folds = [
        ([p for p in train if T.fold_of(p.group) != k], [p for p in train if T.fold_of(p.group) == k])
        for k in range(T.FOLDS)
    ]
    folds = [(a, b) for a, b in folds if b]
    oof1 = {}
    for inner, inner_held in folds:
        model_k = T.fit_linear(*T._rows(inner, lambda p: xs[id(p)]), pen1)
        for page in inner_held:
            oof1[id(page)] = model_k.prob(xs[id(page)])
    s2 = {id(p): _stack(xs[id(p)], oof1[id(p)], p.words, groups) for p in train}
    second = T.fit_trees(*T._rows(train, lambda p: s2[id(p)]), n_trees, T.DEPTH)
    scores = stats.scores()
    xh = [T.full(p, scores) for p in held]
    out = [second.prob(_stack(x, first.prob(x), p.words, groups)) for x, p in zip(xh, held, strict=True)]
    if stages == 3:
        oof2 = {}
        for inner, inner_held in folds:
            trees_k = T.fit_trees(*T._rows(inner, lambda p: s2[id(p)]), n_trees, T.DEPTH)
            for page in inner_held:
                oof2[id(page)] = trees_k.prob(s2[id(page)])
        s3 = {id(p): _stack(xs[id(p)], oof2[id(p)], p.words, groups) for p in train}
        third = T.fit_trees(*T._rows(train, lambda p: s3[id(p)]), n_trees, T.DEPTH)
        out = [third.prob(_stack(x, p2, p.words, groups)) for x, p2, p in zip(xh, out, held, strict=True)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("structures", nargs="+", help='groups[:stages], e.g. "wide,runs:3"')
    parser.add_argument("--seeds", type=int, nargs="+", default=[T.SEED])
    parser.add_argument("--penalty", type=float, default=1.0)
    parser.add_argument("--trees", type=int, default=150)
    args = parser.parse_args()
    tuning = [T.snippet_page(p) for p in pages_of_half(T.PAGES, T.SPLIT, "tuning")]
    extra = T.seed_pages() + T.multinews_pages(batch=1)
    for structure in args.structures:
        spec, _, stages = structure.partition(":")
        groups = [g for g in spec.split(",") if g]
        unknown = set(groups) - set(F.SEQUENCE)
        if unknown:
            parser.error(f"unknown groups {sorted(unknown)}; known: {list(F.SEQUENCE)}")
        crits = []
        for seed in args.seeds:
            T.SEED = seed  # (the folds and LightGBM's seed)
            start = time.perf_counter()
            probs: list = [None] * len(tuning)
            for k in range(T.FOLDS):
                train = [p for p in tuning if T.fold_of(p.group) != k] + extra
                held = [i for i, p in enumerate(tuning) if T.fold_of(p.group) == k]
                got = _fit_predict(train, [tuning[i] for i in held], groups, int(stages or 2),
                                   args.penalty, args.trees, 5)  # fmt: skip
                for i, prob in zip(held, got, strict=True):
                    probs[i] = prob
            best = None
            for stay, threshold in itertools.product(T.STAYS, T.THRESHOLDS):
                english, every = T.score(tuning, probs, stay, threshold)
                crit = (english.f1 + every.f1) / 2
                if best is None or crit > best[0] + 1e-9:
                    best = (crit, stay, threshold, english, every)
            crit, stay, threshold, english, every = best
            crits.append(crit)
            print(f"{structure or '(none)'!r:28} seed {seed:3}: English F1 {english.f1:.4f} "
                  f"(P {english.precision:.3f} R {english.recall:.3f}), all {every.f1:.4f}; "
                  f"stay {stay}, threshold {threshold} ({time.perf_counter() - start:.0f} s)", flush=True)  # fmt: skip
        print(f"{structure or '(none)'!r:28} mean criterion over seeds {args.seeds}: {np.mean(crits):.4f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
