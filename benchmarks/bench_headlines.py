"""Story headlines on real articles: prints each story's headline beside the old rule's.

Pours multinews-dev + TAC 2011 (bench_cluster's data) into a fresh store and prints,
for the first ``--n`` stories (all 128) in a seeded random order, the headline the store gives
(``corpus.headline``: the most central article's title, else its lead sentence) and
the baseline rule it replaced (the most copied article's title, else its first 12
words). The hand verdicts (good or not, for each) live in
benchmarks/data/headline_labels.jsonl; with them the shares of good headlines are printed.

    .venv/bin/python benchmarks/bench_headlines.py [--n 100]

Writes benchmarks/results/headlines.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_cluster import DATA, FILES, load  # noqa: E402

from storyweave.corpus import Store, ingest  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "headline_labels.jsonl"
SEED = 11
#: Stories read while the headline rules were written; those after them are the blind part.
SEEN = 100


def old_rule(store: Store, story_id: str) -> str:
    rows = store.db.query(
        "SELECT a.id, a.title, a.text, a.published, (SELECT count(*) FROM copies x WHERE x.article_id = a.id) "
        "FROM articles a WHERE a.story_id = ?", (story_id,))
    best = min(rows, key=lambda r: (-r[4], r[1] is None, r[3] or "9999", r[0]))
    words = best[2].split()
    return best[1] or (" ".join(words[:12]) + (" ..." if len(words) > 12 else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="stories shown (all 128 by default)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "headlines.json"))
    args = parser.parse_args()
    if not all((DATA / f).is_file() for f in FILES):
        print(f"skipped: {DATA} does not hold {', '.join(FILES)}")
        return 0
    docs, _ = load()
    labels = {}
    if LABELS.is_file():
        for line in LABELS.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            labels[row["headline"]] = row["good"]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.sqlite") as store:
        ingest(docs, store, batch_size=1000)
        stories = sorted(store.stories(), key=lambda s: s.id)
        random.Random(SEED).shuffle(stories)
        rows = [{"story": s.id, "size": s.size, "headline": s.headline, "old": old_rule(store, s.id)}
                for s in stories[: args.n]]
    for k, r in enumerate(rows, 1):
        mark = {True: "good", False: "BAD ", None: "?   "}
        print(f"{k:>3} {mark[labels.get(r['headline'])]} new: {r['headline']}")
        print(f"    {mark[labels.get(r['old'])]} old: {r['old']}")
    result = {"benchmark": "headlines", "seed": SEED, "stories": len(rows), "rows": rows}
    # the first SEEN stories were read while the rules were written (tuning); the rest
    # were labelled once, after the rules were fixed (blind)
    for split, part in (("tuning", rows[:SEEN]), ("blind", rows[SEEN:])):
        judged = [r for r in part if r["headline"] in labels and r["old"] in labels]
        if not judged:
            continue
        new = sum(labels[r["headline"]] for r in judged) / len(judged)
        old = sum(labels[r["old"]] for r in judged) / len(judged)
        result[split] = {"judged": len(judged), "good_new": round(new, 3), "good_old": round(old, 3)}
        print(f"good headlines, checked by hand, {split} stories: {new:.0%} (baseline, the most "
              f"copied article's title or first 12 words: {old:.0%}) of {len(judged)}")
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
