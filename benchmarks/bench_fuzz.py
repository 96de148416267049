"""Fuzz the readers and the cleaner with N mutated real inputs; count tracebacks and hangs.

Each input is a seed of one kind (the bundled sample's articles, and pages, feeds, WARCs,
JSON and JSON Lines built from them: ``tests/fuzz_inputs.py``) damaged by 1-4 random
byte-level or structured mutations, written to a file with the kind's extension and
read through ``ingest.iter_documents`` and ``clean``, as ``read_articles`` does. A
traceback is any exception that is not storyweave's own (``storyweave.errors``) or a
skip from the readers' catch-all for unexpected errors; a hang is an input that took
over ``--bound`` seconds (each is interrupted at three times the bound); "printed"
counts inputs during which something was written to stderr or stdout or a warning was
shown (a library must print nothing). Input ``i``
is made from ``random.Random(f"{seed}:{i}")``, so every failure can be rebuilt; failing
inputs are also saved under benchmarks/results/fuzz_failures/.

    nice -n 10 .venv/bin/python benchmarks/bench_fuzz.py            # 100,000 inputs
    .venv/bin/python benchmarks/bench_fuzz.py --n 2000 --workers 1

Prints a table per reader (inputs tried, tracebacks, hangs, printed, slowest input) and writes
benchmarks/results/fuzz.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "benchmarks" / "results" / "fuzz.json"
FAILURES = ROOT / "benchmarks" / "results" / "fuzz_failures"

_state: dict = {}


def _init(seed: int, bound: float) -> None:
    import fuzz_inputs

    fuzz_inputs.seeds()
    _state.update(seed=seed, bound=bound, tmp=tempfile.mkdtemp(prefix="sw-fuzz-"),
                  kinds=sorted(fuzz_inputs.KINDS))
    # Loaded once per process, not timed as an input's cost: dateparser compiles its
    # language data on first use (7-15 s here), trafilatura and feedparser import.
    from storyweave import clean  # noqa: F401
    from storyweave.ingest.fields import normalize_date

    normalize_date("13 octobre 2016")
    normalize_date("x 13 y 2016")  # no locale applies: each compiles its patterns once
    for kind in _state["kinds"]:
        path = os.path.join(_state["tmp"], f"warm{fuzz_inputs.KINDS[kind]}")
        with open(path, "wb") as fh:
            fh.write(fuzz_inputs.seeds()[kind][0])
        fuzz_inputs.check(path)


def _alarm(signum, frame):  # noqa: ANN001
    raise TimeoutError("interrupted: over three times the time bound")


def _one(i: int) -> tuple[int, str, float, str | None, int]:
    import fuzz_inputs

    kind = _state["kinds"][i % len(_state["kinds"])]
    rng = random.Random(f"{_state['seed']}:{i}")
    data = fuzz_inputs.mutate(rng, kind)
    path = os.path.join(_state["tmp"], f"input{fuzz_inputs.KINDS[kind]}")
    with open(path, "wb") as fh:
        fh.write(data)
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, _state["bound"] * 3)
    try:
        problem, took = fuzz_inputs.timed_check(path)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if problem and "TimeoutError: interrupted" in problem:
        problem, took = "hang", max(took, _state["bound"] * 3)
    if problem or took > _state["bound"]:
        FAILURES.mkdir(parents=True, exist_ok=True)
        (FAILURES / f"{i}-{kind}{fuzz_inputs.KINDS[kind]}").write_bytes(data)
    return i, kind, took, problem, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs to try (default 100,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bound", type=float, default=10.0, help="seconds an input may take (default 10)")
    args = parser.parse_args()

    import fuzz_inputs

    kinds = sorted(fuzz_inputs.KINDS)
    stats = {k: {"tried": 0, "tracebacks": 0, "hangs": 0, "printed": 0, "slowest_s": 0.0,
                 "slowest_input": None, "total_s": 0.0} for k in kinds}
    examples: list[dict] = []
    started = time.perf_counter()
    ctx = mp.get_context("fork")
    with ctx.Pool(args.workers, initializer=_init, initargs=(args.seed, args.bound),
                  maxtasksperchild=5000) as pool:
        for done, (i, kind, took, problem, size) in enumerate(
            pool.imap_unordered(_one, range(args.n), chunksize=50), 1
        ):
            row = stats[kind]
            row["tried"] += 1
            row["total_s"] += took
            if took > row["slowest_s"]:
                row["slowest_s"], row["slowest_input"] = took, {"index": i, "bytes": size}
            if problem == "hang" or took > args.bound:
                row["hangs"] += 1
                examples.append({"index": i, "kind": kind, "seconds": round(took, 2), "problem": "hang"})
            elif problem and problem.startswith("printed: "):
                row["printed"] += 1
                if len(examples) < 50:
                    examples.append({"index": i, "kind": kind, "problem": problem[:400]})
            elif problem:
                row["tracebacks"] += 1
                if len(examples) < 50:
                    examples.append({"index": i, "kind": kind, "problem": problem[-600:]})
            if done % 5000 == 0:
                print(f"  {done:,} inputs, {time.perf_counter() - started:,.0f} s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started

    print(f"{'reader':<10} {'inputs':>8} {'tracebacks':>11} {'hangs':>6} {'printed':>8} "
          f"{'slowest s':>10} {'(input)':>9} {'mean ms':>8}")
    for kind in kinds:
        r = stats[kind]
        where = r["slowest_input"]["index"] if r["slowest_input"] else "-"
        mean = 1000 * r["total_s"] / max(r["tried"], 1)
        print(f"{kind:<10} {r['tried']:>8,} {r['tracebacks']:>11} {r['hangs']:>6} {r['printed']:>8} "
              f"{r['slowest_s']:>10.2f} {where:>9} {mean:>8.1f}")
    total = {k: sum(stats[r][k] for r in kinds) for k in ("tried", "tracebacks", "hangs", "printed")}
    print(f"{'all':<10} {total['tried']:>8,} {total['tracebacks']:>11} {total['hangs']:>6} "
          f"{total['printed']:>8}")
    print(f"{elapsed:,.0f} s with {args.workers} workers (bound {args.bound:g} s an input; "
          f"seed {args.seed}; 2 shared cores, other work running)")
    for ex in examples[:5]:
        print(f"\n-- input {ex['index']} ({ex['kind']}): {ex['problem']}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "inputs": args.n, "seed": args.seed, "bound_s": args.bound, "workers": args.workers,
        "seconds": round(elapsed, 1), "total": total,
        "readers": {k: {**v, "slowest_s": round(v["slowest_s"], 3), "total_s": round(v["total_s"], 1)}
                    for k, v in stats.items()},
        "failures": examples,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
