"""Speed of the core brief: warm (models loaded) and cold (the CLI from start to exit).

Targets (core issue): under 1 s warm and under 10 s cold for the five bundled
articles, on a 2-core machine. Prints a table, writes benchmarks/results/brief.json.

    .venv/bin/python benchmarks/bench_brief.py [--runs 5] [--long]

``--long`` also briefs one very long story, every article of
../shared/data/multinews-dev.jsonl that the cleaner keeps poured together (about 370
articles, 150k+ words, the size of the biggest stories of a 100k-article store), with
the shipped word budget (``Config.read_words``) and read whole, with and without facts.
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
DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples" / "aleppo-2016"
OUT = ROOT / "benchmarks" / "results" / "brief.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--long", action="store_true", help="also brief one very long story")
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
                **({"long_story": long_story()} if args.long else {}),
            },
            indent=2,
        )
        + "\n"
    )


def long_story() -> dict | None:
    """Seconds to brief one very long story, within the word budget and read whole."""
    from storyweave import nlp
    from storyweave.budget import within_budget
    from storyweave.clean import clean
    from storyweave.config import Config
    from storyweave.pipeline import brief_articles
    from storyweave.records import Article, RawDocument

    path = DATA / "multinews-dev.jsonl"
    if not path.is_file():
        print(f"long story skipped: {path} is missing")
        return None
    articles = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            for k, text in enumerate(json.loads(line)["documents"], 1):
                doc = clean(RawDocument(path=f"{n}#{k}", content=text, kind="text"))
                if isinstance(doc, Article):
                    articles.append(doc)
    words = sum(a.n_words for a in articles)
    nlp.pipeline()
    out = {"articles": len(articles), "words": words, "read_words": Config().read_words}
    print(f"\nlong story: {len(articles)} articles, {words:,} words")
    print(f"{'what':<36}{'seconds':>10}{'words read':>12}")
    for name, config in (
        ("brief, within the budget", Config()),
        ("brief + facts, within the budget", Config(facts=True)),
        ("brief, read whole", Config(read_words=10**9)),
    ):
        nlp.embedder()._cache.clear()
        t0 = time.perf_counter()
        brief = brief_articles(articles, config)
        secs = time.perf_counter() - t0
        read = sum(a.n_words for a in within_budget(articles, config.read_words))
        print(f"{name:<36}{secs:>10.1f}{read:>12,}")
        out[name] = {"seconds": round(secs, 2), "words_read": read, "warnings": list(brief.warnings)}
    return out


if __name__ == "__main__":
    main()
