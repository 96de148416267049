"""Quality and speed of the facts stage on the bundled Aleppo samples.

Quote recall and speaker accuracy against the hand-made gold quotes (text compared
after NFKC, white-space, case and accent folding; a gold quote is found when the
same article has a quotation with the same words, or one holding them, or 80% of
them), and figure recall (a figure of the same article with the gold value), for
the articles as the real pipeline reads and cleans them and for the gold body
lines; then the seconds ``extract`` takes for the five samples with the models
already loaded (median of 5 runs). Writes benchmarks/results/facts.json.

    .venv/bin/python benchmarks/bench_facts.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
EXAMPLES = ROOT / "examples" / "aleppo-2016"
OUT = ROOT / "benchmarks" / "results" / "facts.json"
RUNS = 5


def _pipeline_articles(golds: list[dict]) -> list:
    from storyweave.pipeline import read_articles

    articles, _ = read_articles([EXAMPLES])
    by_file = {Path(a.path or "").name: a for a in articles}
    return [by_file[g["file"]] for g in golds]


def main() -> None:
    from facts_helpers import gold_articles, score_figures, score_quotes

    from storyweave.facts import extract
    from storyweave.nlp import pipeline

    gold_arts, golds = gold_articles()
    t0 = time.perf_counter()
    pipeline()
    load_s = time.perf_counter() - t0
    sources = {"gold body lines": gold_arts}
    try:
        sources["pipeline (read_articles)"] = _pipeline_articles(golds)
    except Exception as exc:  # the cleaner may not be there yet: say so and go on
        print(f"pipeline articles unavailable: {exc}")
    rows = {}
    print(f"{'articles':<26} {'quotes':>7} {'recall':>7} {'speaker':>8} {'figures':>8} {'recall':>7} {'seconds':>8}")
    for name, arts in sources.items():
        extract(arts)  # warm: parser caches, lazy imports
        times = []
        facts = None
        for _ in range(RUNS):
            t = time.perf_counter()
            facts = extract(arts)
            times.append(time.perf_counter() - t)
        d = facts.to_dict()
        q = score_quotes(d, arts, golds)
        f = score_figures(d, arts, golds)
        secs = statistics.median(times)
        words = sum(a.n_words for a in arts)
        rows[name] = {
            "quotes_gold": q["total"], "quote_recall": round(q["recall"], 4),
            "speaker_accuracy": round(q["speaker_accuracy"], 4), "quote_misses": q["misses"],
            "speaker_errors": q["wrong"], "figures_gold": f["total"],
            "figure_recall": round(f["recall"], 4), "figure_misses": f["misses"],
            "seconds_median": round(secs, 3), "seconds_runs": [round(x, 3) for x in times],
            "words": words, "words_per_second": round(words / secs),
            "quotes_found": len(d["quotes"]), "figures_found": len(d["figures"]),
            "figure_groups": sorted({x["group"] for x in d["figures"] if x["group"]}),
            "disagreements": len(d["disagreements"]), "events": len(d["timeline"]),
            "entities": len(d["entities"]),
        }
        print(f"{name:<26} {q['total']:>7} {q['recall']:>7.3f} {q['speaker_accuracy']:>8.3f} "
              f"{f['total']:>8} {f['recall']:>7.3f} {secs:>8.3f}")
    print(f"spaCy pipeline load: {load_s:.2f} s (not counted); target: < 2 s for the five samples")
    print(f"machine: {os.cpu_count()} cores shared with other work, so timings are pessimistic")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"runs": RUNS, "model_load_seconds": round(load_s, 3), "results": rows},
                              indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
