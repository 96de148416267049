"""Does `brief` say so when its inputs are several stories? False alarms and misses.

Single stories: every Multi-News dev cluster and TAC 2011 topic, cleaned as `brief` cleans
them (a warning there is a false alarm). Mixtures: seeded random pours of 2 to 6 whole
stories, and of a main story with one or two stray articles of others (a few strays are
not a mixture worth a warning, so these count neither way but are printed). The stories
are split once (seed 13) into a tuning half, where ``MAX_MAIN_SHARE`` was chosen from the
sweep printed here, and a blind half, whose figures are the ones to quote. Baselines in
the same run: "warn when the articles are more than 10" (size alone) and a plain TF-IDF
cosine average-link partition cut at its best tuning threshold.

    .venv/bin/python benchmarks/bench_mixture.py [--mixes 150]

Writes benchmarks/results/mixture.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from storyweave.config import Config  # noqa: E402
from storyweave.corpus import cluster, mixture  # noqa: E402
from storyweave.evaluate import load, to_articles  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SHARES = (0.5, 0.6, 0.67, 0.75, 0.85)


def stories() -> list[list]:
    config = Config()
    out = []
    for name in ("multinews-dev.jsonl", "tac2011-multiling-en.jsonl"):
        for rec in load(DATA / name):
            arts, _ = to_articles(rec, config)
            if len(arts) >= 2:
                out.append(arts)
    return out


def sizes_fixed(parts: list[list]) -> tuple[int, ...]:
    return mixture.stories_of([a for p in parts for a in p]).sizes


def several(sizes: tuple[int, ...], share: float) -> bool:
    total = sum(sizes)
    multi = sum(1 for s in sizes if s >= 2)
    return total >= 4 and multi >= mixture.MIN_STORIES and sizes[0] < share * total


def tfidf_sizes(articles: list) -> tuple[int, ...]:
    """Plain TF-IDF (raw term counts, idf from these articles) average link at 0.1."""
    vocab: dict[str, int] = {}
    rows = []
    for a in articles:
        counts: dict[int, float] = {}
        for term in cluster.term_counts(cluster.normalize_keep_lines(a.text), cluster.FEATURE_WORDS):
            j = vocab.setdefault(term, len(vocab))
            counts[j] = counts.get(j, 0) + 1
        rows.append(counts)
    m = np.zeros((len(rows), len(vocab)))
    for i, r in enumerate(rows):
        for j, c in r.items():
            m[i, j] = c
    df = (m > 0).sum(0)
    m = m * np.log((1 + len(rows)) / (1 + df) + 1)
    m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
    sim = m @ m.T
    ids = [f"{i:06d}" for i in range(len(rows))]
    edges = {(ids[i], ids[j]): float(sim[i, j]) for i in range(len(ids)) for j in range(i + 1, len(ids))}
    return tuple(sorted((len(g) for g in cluster.average_link(ids, edges, 0.1)), reverse=True))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mixes", type=int, default=150, help="mixtures per half (default 150)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "mixture.json"))
    args = ap.parse_args()
    if not (DATA / "multinews-dev.jsonl").exists():
        print("skipped: ../shared/data is not here")
        return 0
    t0 = time.perf_counter()
    all_stories = stories()
    order = list(range(len(all_stories)))
    random.Random(13).shuffle(order)
    halves = {"tuning": [all_stories[i] for i in order[::2]], "blind": [all_stories[i] for i in order[1::2]]}
    results: dict[str, dict] = {}
    for half, pool in halves.items():
        rng = random.Random(7 if half == "tuning" else 8)
        singles = [(sizes_fixed([s]), tfidf_sizes(s), len(s)) for s in pool]
        mixes = []
        for _ in range(args.mixes):
            k = rng.randint(2, 6)
            parts = rng.sample(pool, k)
            arts = [a for p in parts for a in p]
            mixes.append((sizes_fixed(parts), tfidf_sizes(arts), len(arts)))
        strays = []
        for _ in range(args.mixes // 3):
            main, *others = rng.sample(pool, 3)
            extra = [rng.choice(o) for o in others[: rng.randint(1, 2)]]
            strays.append(sizes_fixed([main, extra]))
        rows = {}
        for share in SHARES:
            rows[f"storyweave share<{share}"] = (
                sum(several(s, share) for s, _, _ in singles) / len(singles),
                sum(several(s, share) for s, _, _ in mixes) / len(mixes),
                sum(several(s, share) for s in strays) / len(strays),
            )
        rows["baseline: TF-IDF avg link, same rule at 0.75"] = (
            sum(several(t, 0.75) for _, t, _ in singles) / len(singles),
            sum(several(t, 0.75) for _, t, _ in mixes) / len(mixes), float("nan"))
        rows["baseline: warn when more than 10 articles"] = (
            sum(n > 10 for _, _, n in singles) / len(singles),
            sum(n > 10 for _, _, n in mixes) / len(mixes), float("nan"))
        results[half] = {"stories": len(pool), "mixtures": len(mixes), "rows": rows}
        print(f"\n{half} half: {len(pool)} single stories, {len(mixes)} mixtures of 2-6 stories, "
              f"{len(strays)} stories with 1-2 strays")
        print(f"{'rule':48} {'false alarms':>12} {'mixtures caught':>16} {'strays warned':>14}")
        for name, (fa, hit, st) in rows.items():
            mark = " <- shipped" if name == f"storyweave share<{mixture.MAX_MAIN_SHARE}" else ""
            print(f"{name:48} {fa:12.3f} {hit:16.3f} {st:14.3f}{mark}")
    print(f"\n{time.perf_counter() - t0:.1f} s")
    Path(args.out).write_text(json.dumps(
        {h: {"stories": r["stories"], "mixtures": r["mixtures"],
             "rows": {k: {"false_alarms": v[0], "mixtures_caught": v[1],
                          "strays_warned": None if v[2] != v[2] else v[2]} for k, v in r["rows"].items()}}
         for h, r in results.items()} | {"shipped_share": mixture.MAX_MAIN_SHARE}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
