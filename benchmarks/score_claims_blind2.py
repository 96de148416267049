"""Score the shipped claim judge on the SECOND blind set, benchmarks/data/claim_labels_blind2.jsonl.

That set (540 pairs, 17 Multi-News clusters; build_claim_blind2.py says how they were drawn
and labelled) was labelled by reading, with no system output looked at, after the first blind
half of claim_labels.jsonl had been scored several times. It is meant to be scored ONCE, by
the lead, after the judge is frozen: scoring it needs ``--score-blind2``; every other run
must pass ``--labels FILE`` (e.g. a few pairs copied from the tuning half) to test the script.

For every pair it runs, in one process and through bench_check.py's own functions, the
shipped judge (``storyweave.claims.judge``) beside bench_check's two baselines (today's
attribution rule, nothing disputes; a plain MiniLM cosine threshold), and prints precision
and recall of ``reports`` and of ``disputes`` for the whole set, for each tier of clusters
(``unreferenced``: no file under benchmarks/data/ had named them; ``other-task``: only other
tasks' labels had), for claims taken from an article and typed claims, and the recall of the
disputes between outlets (a claim an article states or another article reports, which a
third article contradicts). Writes benchmarks/results/claims_blind2.json (``--out`` elsewhere;
with ``--labels`` it writes only where ``--out`` says).

    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/score_claims_blind2.py --score-blind2
    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/score_claims_blind2.py --labels FILE --out FILE
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

import bench_check as B  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "claim_labels_blind2.jsonl"
OUT = ROOT / "benchmarks" / "results" / "claims_blind2.json"
NAMES = {"judge": "judge (shipped)", "rule": f"attribution rule {B.RULE}", "cosine": f"plain cosine {B.COSINE}"}


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def in_run_order(labels: list[dict]) -> list[dict]:
    """The labels in the order bench_check.run emits its rows (cluster, then claim, then pair),
    so that each row can be matched back to its label."""
    by_cluster: dict[str, list[dict]] = defaultdict(list)
    for lab in labels:
        by_cluster[lab["cluster"]].append(lab)
    out = []
    for _, labs in sorted(by_cluster.items()):
        by_claim: dict[str, list[dict]] = defaultdict(list)
        for lab in labs:
            by_claim[lab["claim"]].append(lab)
        for group in by_claim.values():
            out.extend(group)
    return out


def between_outlets(labels: list[dict]) -> set[int]:
    """Indexes of the gold disputes whose claim an article states (its own sentence, or
    another article reports it)."""
    backed = {(lab["cluster"], lab["claim"]) for lab in labels
              if lab["label"] == "reports" or lab["origin"] != "typed"}
    return {i for i, lab in enumerate(labels)
            if lab["label"] == "disputes" and (lab["cluster"], lab["claim"]) in backed}


def print_table(title: str, rows: list[dict]) -> dict:
    t = B.table(rows)
    counts = {k: sum(r["label"] == k for r in rows) for k in ("reports", "disputes", "absent")}
    print(f"\n{title}: {len(rows)} pairs in {len({r['cluster'] for r in rows})} clusters "
          f"({counts['reports']} reports, {counts['disputes']} disputes, {counts['absent']} absent)")
    print(f"{'method':<26}{'rep P':>7}{'rep R':>7}{'dis P':>7}{'dis R':>7}")
    for m in ("judge", "rule", "cosine"):
        r, d = t[m]["reports"], t[m]["disputes"]
        print(f"{NAMES[m]:<26}{r['precision']:>7.3f}{r['recall']:>7.3f}{d['precision']:>7.3f}{d['recall']:>7.3f}")
    return {"pairs": len(rows), "counts": counts, **t}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, help="score this file instead of the blind2 set (to test the script)")
    ap.add_argument("--out", type=Path, help=f"where to write the results (default {OUT.relative_to(ROOT)})")
    ap.add_argument("--score-blind2", action="store_true",
                    help="score the blind2 set itself (meant to be done once, after the judge is frozen)")
    args = ap.parse_args(argv)
    if args.labels is None and not args.score_blind2:
        print("the blind2 set is scored once, by the lead: pass --score-blind2 to score it, "
              "or --labels FILE to test this script on other labels", file=sys.stderr)
        return 2
    path = args.labels or LABELS
    if not path.is_file() or not (B.DATA / "multinews-dev.jsonl").is_file():
        print(f"skipped: needs {path} and {B.DATA}")
        return 0
    labels = in_run_order(read(path))
    rows, times = B.run(labels)
    aligned = len(rows) == len(labels) and all(
        r["cluster"] == lab["cluster"] and r["label"] == lab["label"] and r["origin"] == lab["origin"]
        for r, lab in zip(rows, labels, strict=True))
    results: dict = {"labels": str(path), "model": B.J.load_model()["thresholds"],
                     "unscored": sum(r.get("unscored", False) for r in rows)}
    results["all"] = print_table(f"blind2 ({path.name})" + ("  <- THE figure" if args.labels is None else ""),
                                 rows)
    right = [r for r in rows if r["judge"] == r["label"] and r["label"] != "absent"]
    if right:
        print(f"judge evidence is a passage the reader marked: {results['all']['judge']['evidence_marked']:.3f} "
              "of the pairs it labels right")
    if aligned:
        for tier in ("unreferenced", "other-task"):
            sub = [r for r, lab in zip(rows, labels, strict=True) if lab.get("tier") == tier]
            if sub:
                results[tier] = print_table(f"tier {tier}", sub)
        for origin in ("article", "typed"):
            sub = [r for r, lab in zip(rows, labels, strict=True) if lab["origin"].startswith(origin)]
            if sub:
                s = B.table(sub)
                results[f"claims_from_{origin}"] = {"pairs": len(sub), **s}
                print(f"  claims from {origin:<8} ({len(sub):>3} pairs) judge: reports P "
                      f"{s['judge']['reports']['precision']:.3f} R {s['judge']['reports']['recall']:.3f}; "
                      f"disputes P {s['judge']['disputes']['precision']:.3f} R {s['judge']['disputes']['recall']:.3f}")
        cross = between_outlets(labels)
        if cross:
            found = {m: sum(rows[i][m] == "disputes" for i in cross) for m in ("judge", "rule", "cosine")}
            as_reports = sum(rows[i]["judge"] == "reports" for i in cross)
            results["disputes_between_outlets"] = {"gold": len(cross), "found": found,
                                                   "judge_says_reports": as_reports}
            print(f"disputes between outlets: {len(cross)} gold; judge finds {found['judge']} "
                  f"(recall {found['judge'] / len(cross):.3f}), calls {as_reports} of them reports; "
                  f"rule {found['rule']}, cosine {found['cosine']}")
    else:
        print("(rows could not be matched back to labels: bench_check.run's order changed; "
              "tiers and subsets not printed)")
    if times:
        ms = [1000 * x for x in times]
        results["judge_ms_per_claim"] = {"median": round(statistics.median(ms), 1),
                                         "max": round(max(ms), 1), "claims": len(ms)}
        print(f"judge time per claim: median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms "
              f"over {len(ms)} claims")
    out = args.out or (OUT if args.labels is None else None)
    if out is None:
        print(f"not written (--labels without --out never overwrites {OUT.relative_to(ROOT)})")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
