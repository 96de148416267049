"""Split the cleaning pages once by site into a tuning half and a blind half.

Writes benchmarks/data/clean_split.json (seed, rule, the sites of each half and the
page counts). Run once, before any tuning; the trainer and the benchmark read the file.
It refuses to overwrite an existing split unless given --force.

    PYTHONPATH=src .venv/bin/python tools/split_clean_pages.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "trafilatura-eval-text.jsonl"
OUT = ROOT / "benchmarks" / "data" / "clean_split.json"
SEED = 18


def main() -> int:
    from storyweave.clean.pagedata import read_pages, site, split_sites

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    if OUT.exists() and not args.force:
        print(f"{OUT}: the split exists; it is made once (--force to redo it)", file=sys.stderr)
        return 1
    if not args.data.exists():
        print(f"{args.data}: not found", file=sys.stderr)
        return 1
    pages = list(read_pages(args.data))
    tuning, blind = split_sites((site(p["url"]) for p in pages), SEED)
    halves = {"tuning": set(tuning), "blind": set(blind)}
    counts = {
        name: {
            "sites": len(sites),
            "pages": sum(site(p["url"]) in sites for p in pages),
            "english_pages": sum(site(p["url"]) in sites and p["english"] for p in pages),
        }
        for name, sites in halves.items()
    }
    split = {
        "data": "shared/data/trafilatura-eval-text.jsonl",
        "seed": SEED,
        "rule": "site = registrable domain of the url (storyweave.clean.pagedata.site); "
        "sites ordered by sha1(f'{seed}:{site}'), alternately tuning / blind",
        "counts": counts,
        "tuning": tuning,
        "blind": blind,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
