"""First view of the biggest stories: a story page from stored briefs against briefing it on first view.

Builds a resampled corpus of ``--size`` documents (bench_scale's generator: the real
multinews-dev + TAC articles with made-up replica stories and planted copies), ingests it
into a fresh store, then briefs the ``--stories`` biggest stories into the store
(``corpus.briefs.refresh_briefs``, what ``storyweave ingest`` does at its end) and times,
in a fresh web app each time (no cache; one untimed view of a small story first pays the
process's imports), the first request of each story page:

* stored: the app reads the brief the store keeps (``Catalog.stored_config`` set);
* baseline: the app briefs the story on first view (as before issue 17), for the
  ``--baseline`` biggest stories (it takes seconds a story).

    .venv/bin/python benchmarks/bench_first_view.py [--size 10000] [--stories 20] [--baseline 5]

Prints p50 / p95 / max and writes benchmarks/results/first_view.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

OUT = ROOT / "benchmarks" / "results" / "first_view.json"


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--stories", type=int, default=20)
    parser.add_argument("--baseline", type=int, default=5)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    import bench_scale
    from fastapi.testclient import TestClient

    from storyweave.config import Config
    from storyweave.corpus import Store, briefs, ingest
    from storyweave.web import data as d
    from storyweave.web.app import create_app

    if not (bench_scale.DATA / "multinews-dev.jsonl").is_file():
        print(f"skipped: {bench_scale.DATA} does not hold the real articles")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        data, db = Path(tmp) / "docs.jsonl", Path(tmp) / "c.sqlite"
        bench_scale.build(args.size, data)
        t0 = time.perf_counter()
        with Store(db) as store:
            ingest([str(data)], store)
            ingest_s = time.perf_counter() - t0
            top = store.story_ids()[: args.stories]
            sizes = [store.story(s).size for s in top]
            t0 = time.perf_counter()
            briefed = briefs.refresh_briefs(store, limit=args.stories)
            brief_s = time.perf_counter() - t0

        def first_view(story: str, stored: bool) -> float:
            source = d.StoreSource.open(db)
            app = create_app(source)
            if not stored:
                app.state.catalog.stored_config = None
            client = TestClient(app)
            start = time.perf_counter()
            res = client.get(f"/stories/{story}")
            took = time.perf_counter() - start
            assert res.status_code == 200, res.status_code
            source.store.close()
            return took

        # one untimed view first: the process's imports (templates, views) are paid once
        # by any server at start, not by a story's first view
        with Store(db, readonly=True) as store:
            warm = store.story_ids()[-1]
        first_view(warm, True)
        stored = [first_view(s, True) for s in top]
        baseline = [first_view(s, False) for s in top[: args.baseline]]
        with Store(db, readonly=True) as store:
            fresh = sum(briefs.stored_brief(store, s, Config()) is not None for s in top)
    result = {
        "benchmark": "first_view", "size": args.size, "stories": len(top), "story_sizes": sizes,
        "ingest_seconds": round(ingest_s, 1), "briefed": briefed, "brief_seconds": round(brief_s, 1),
        "stored_current": fresh,
        "stored_each_ms": [round(1000 * x, 1) for x in stored],
        "baseline_each_ms": [round(1000 * x, 1) for x in baseline],
        "stored_ms": {"p50": round(1000 * statistics.median(stored), 1),
                      "p95": round(1000 * _p(stored, 0.95), 1), "max": round(1000 * max(stored), 1)},
        "baseline_ms": {"p50": round(1000 * statistics.median(baseline), 1),
                        "p95": round(1000 * _p(baseline, 0.95), 1), "max": round(1000 * max(baseline), 1),
                        "stories": len(baseline)},
    }
    print(f"{args.size} documents ingested in {ingest_s:.1f} s; the {len(top)} biggest stories "
          f"({min(sizes)}-{max(sizes)} articles) briefed into the store in {brief_s:.1f} s")
    for name in ("stored", "baseline"):
        m = result[f"{name}_ms"]
        print(f"  first view, {name:<8}: p50 {m['p50']:.0f} ms, p95 {m['p95']:.0f} ms, max {m['max']:.0f} ms")
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
