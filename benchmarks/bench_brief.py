"""Speed of the core brief: warm (models loaded) and cold (the CLI from start to exit).

Targets (core issue): under 1 s warm and under 10 s cold for the five bundled
articles, on a 2-core machine. Prints a table, writes benchmarks/results/brief.json.

    .venv/bin/python benchmarks/bench_brief.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"
OUT = ROOT / "benchmarks" / "results" / "brief.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import storyweave
    from storyweave import nlp

    t0 = time.perf_counter()
    nlp.sentencizer()
    nlp.embedder()
    load_s = time.perf_counter() - t0
    storyweave.brief([EXAMPLES])  # warm caches that belong to the process, not the input
    warm = []
    for _ in range(args.runs):
        nlp.embedder()._cache.clear()  # no credit for having embedded these sentences before
        t0 = time.perf_counter()
        result = storyweave.brief([EXAMPLES], words=250)
        warm.append(time.perf_counter() - t0)

    cold = []
    cli = ROOT / ".venv" / "bin" / "storyweave"
    cmd = [str(cli)] if cli.exists() else [sys.executable, "-m", "storyweave"]
    for _ in range(max(2, args.runs // 2)):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [*cmd, "brief", str(EXAMPLES)], capture_output=True, text=True, env=os.environ.copy()
        )
        cold.append(time.perf_counter() - t0)
        if proc.returncode:
            sys.exit(f"cold run failed: {proc.stderr.strip()}")

    rows = [
        ("model load (once)", load_s, None),
        ("brief, warm (median)", statistics.median(warm), 1.0),
        ("CLI, cold (median)", statistics.median(cold), 10.0),
    ]
    print(f"brief of {len(result.articles)} articles, {result.n_words} words, {os.cpu_count()} cores")
    print(f"{'what':<24}{'seconds':>10}{'target':>10}{'ok':>6}")
    for name, secs, target in rows:
        ok = "" if target is None else ("yes" if secs < target else "NO")
        print(f"{name:<24}{secs:>10.3f}{'' if target is None else f'< {target:g}':>10}{ok:>6}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "articles": len(result.articles),
                "words": result.n_words,
                "cores": os.cpu_count(),
                "model_load_s": load_s,
                "warm_s": warm,
                "warm_median_s": statistics.median(warm),
                "cold_cli_s": cold,
                "cold_cli_median_s": statistics.median(cold),
                "targets": {"warm_s": 1.0, "cold_cli_s": 10.0},
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
