"""Quality and speed of the cleaning stage.

Per bundled sample: precision, recall and F1 of kept body lines against the hand
labels in examples/aleppo-2016/gold (a kept line is body when its normalised form is
a gold body line; neutral lines and the title are ignored), whether the title and
the outlet were recognised; micro totals (the issue's floor: F1 >= 0.97); the same
figures on the held-out hand-labelled Multi-News lines (tests/data/clean_heldout,
when shared/data is present); and lines per second over the first 100 Multi-News
clusters (or the samples). Writes benchmarks/results/clean.json.

    .venv/bin/python benchmarks/bench_clean.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"
HELDOUT = ROOT / "tests" / "data" / "clean_heldout"
MULTINEWS = ROOT.parent / "shared" / "data" / "multinews-dev.jsonl"
OUT = ROOT / "benchmarks" / "results" / "clean.json"


def main() -> None:
    from clean_gold import (  # benchmarks/clean_gold.py
        Counts,
        load_heldout,
        score_gold,
        score_heldout,
    )

    from storyweave.clean import classify_lines, clean_text
    from storyweave.records import normalize

    rows = []
    total = Counts()
    titles_ok = outlets_ok = 0
    print(f"{'sample':<24} {'P':>6} {'R':>6} {'F1':>6}  title  outlet")
    for gold_file in sorted((EXAMPLES / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (EXAMPLES / gold["file"]).read_text(encoding="utf-8")
        cleaned = clean_text(text)
        counts = score_gold(cleaned.paragraphs, gold)
        total += counts
        title_ok = (normalize(cleaned.title) if cleaned.title else None) == gold["title"]
        outlet_ok = cleaned.outlet == (gold["syndicated_from"] or gold["outlet"]) and (
            cleaned.syndicated_from == gold["syndicated_from"]
        )
        titles_ok += title_ok
        outlets_ok += outlet_ok
        rows.append(
            {
                "file": gold["file"],
                "precision": round(counts.precision, 4),
                "recall": round(counts.recall, 4),
                "f1": round(counts.f1, 4),
                "title_ok": title_ok,
                "outlet_ok": outlet_ok,
                "title": cleaned.title,
                "outlet": cleaned.outlet,
                "syndicated_from": cleaned.syndicated_from,
            }
        )
        print(
            f"{gold['file'][:24]:<24} {counts.precision:6.3f} {counts.recall:6.3f} "
            f"{counts.f1:6.3f}  {'yes' if title_ok else 'NO':<5}  {'yes' if outlet_ok else 'NO'}"
        )
    print(
        f"{'total (micro)':<24} {total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f}  "
        f"{titles_ok}/{len(rows):<3}  {outlets_ok}/{len(rows)}"
    )

    heldout = None
    if MULTINEWS.exists():
        batches: dict[str, Counts] = {}
        docs: dict[str, int] = {}
        for label_file in sorted(HELDOUT.glob("*.json")):
            batch = f"batch {json.loads(label_file.read_text(encoding='utf-8'))['batch']}"
            lines, labels = load_heldout(label_file, MULTINEWS)
            counts = score_heldout(classify_lines(lines), labels)
            for key in (batch, "all"):
                batches[key] = batches.get(key, Counts()) + counts
                docs[key] = docs.get(key, 0) + 1
        heldout = {}
        notes = {
            "batch 1": "clusters 0-19, read while writing the rules",
            "batch 2": "clusters 80-99, not read before labelling",
            "all": "",
        }
        for key in sorted(batches, key=lambda k: (k == "all", k)):
            held = batches[key]
            heldout[key] = {
                "documents": docs[key],
                "precision": round(held.precision, 4),
                "recall": round(held.recall, 4),
                "f1": round(held.f1, 4),
                "note": notes.get(key, ""),
            }
            label = f"held-out {key}"
            print(
                f"{label:<24} {held.precision:6.3f} {held.recall:6.3f} {held.f1:6.3f}  "
                f"({docs[key]} hand-labelled Multi-News documents{'; ' if notes.get(key) else ''}"
                f"{notes.get(key, '')})"
            )
    else:
        print(f"held-out: skipped, {MULTINEWS} not found")

    texts = [(EXAMPLES / r["file"]).read_text(encoding="utf-8") for r in rows]
    corpus = "bundled samples x20"
    if MULTINEWS.exists():
        with MULTINEWS.open(encoding="utf-8") as fh:
            texts = [d for line in fh for d in json.loads(line)["documents"]]
        corpus = f"multinews-dev ({len(texts)} documents)"
    else:
        texts = texts * 20
    n_lines = sum(1 for t in texts for line in t.splitlines() if line.strip())
    clean_text(texts[0])  # load the stop-word list outside the timing
    start = time.perf_counter()
    for text in texts:
        clean_text(text)
    seconds = time.perf_counter() - start
    speed = n_lines / seconds
    print(f"speed: {n_lines} lines in {seconds:.2f} s = {speed:,.0f} lines/s on {corpus}")
    print("(2 shared cores, other work running: timings are pessimistic)")

    result = {
        "samples": rows,
        "total": {
            "precision": round(total.precision, 4),
            "recall": round(total.recall, 4),
            "f1": round(total.f1, 4),
            "titles_ok": titles_ok,
            "outlets_ok": outlets_ok,
            "n": len(rows),
        },
        "heldout": heldout,
        "speed": {"lines": n_lines, "seconds": round(seconds, 3), "lines_per_s": round(speed)},
        "corpus_for_speed": corpus,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
