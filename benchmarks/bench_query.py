"""Query-focused and update briefs (issue 19): answer recall, repeat share, speed.

Data (committed, labelled by hand before any system ran on it):

* ``benchmarks/data/query_dev.jsonl``: 20 Multi-News dev clusters (``cluster`` names the
  line of ../shared/data/multinews-dev.jsonl), each with a question a reader might ask
  about the story and the sentences of the cleaned articles that answer it (exact text,
  the shared splitter's sentences). Split once (seed 19, by cluster) into a tuning half
  and a blind half (``split``).
* ``benchmarks/data/update_dev.jsonl``: 20 other clusters, each split into earlier and
  later documents by their order (Multi-News carries no dates).

Printed, on the blind half (THE figures), with the baselines of the same run:

* answer recall at 250 words (the share of the answering sentences in the brief), on the
  blind half and on a fresh blind set of 10 more clusters (``split: fresh``, labelled
  after the blind half had been scored twice, so scored once), of the
  query-focused brief, the generic brief, the query-aware baseline (``query-tfidf``:
  TF-IDF similarity to the query, then MMR), Lead and LexRank;
* for updates: the share of the update brief's sentences that repeat an earlier
  document's content, by the support rule (``summarize.update.repeats``, the rule the
  update brief itself uses, so this checks the mechanism more than it measures it) and
  by an independent rule (a MiniLM cosine of at least ``NEAR_DUPLICATE`` with some
  earlier sentence), beside the generic brief's and the baselines' shares;
* seconds for a query-focused and an update brief of examples/aleppo-2016, models loaded.

    .venv/bin/python benchmarks/bench_query.py [--tune]

``--tune`` prints the grid over ``summarize.query``'s constants on the tuning half only
(the values in that module were chosen from it), writes
benchmarks/results/query_tuning.json and stops. Otherwise writes
benchmarks/results/query.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews-dev.jsonl"
QUERY_DEV = ROOT / "benchmarks" / "data" / "query_dev.jsonl"
UPDATE_DEV = ROOT / "benchmarks" / "data" / "update_dev.jsonl"
EXAMPLES = ROOT / "examples" / "aleppo-2016"
OUT = ROOT / "benchmarks" / "results" / "query.json"
#: MiniLM cosine at which a brief sentence counts as a near-duplicate of an earlier one
#: (the independent repeat check; paraphrases of one news claim score 0.8 and more).
NEAR_DUPLICATE = 0.8
QUERY_SYSTEMS = ["storyweave", "generic", "query-tfidf", "lead", "lexrank"]
UPDATE_SYSTEMS = ["storyweave", "generic", "lead", "lexrank"]


def _shared() -> dict[int, dict]:
    if not DATA.is_file():
        sys.exit(f"{DATA}: missing (the dev clusters are read from the shared data)")
    with DATA.open(encoding="utf-8") as fh:
        return {n: json.loads(line) for n, line in enumerate(fh, 1)}


def _line(ref: str) -> int:
    return int(ref.rsplit(":", 1)[1])


def query_records(split: str | None) -> list[dict]:
    shared = _shared()
    out = []
    for line in QUERY_DEV.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if split and rec["split"] != split:
            continue
        src = shared[_line(rec["cluster"])]
        out.append({"id": rec["id"], "documents": src["documents"], "references": [src["summary"]],
                    "query": rec["query"], "answers": rec["answers"], "split": rec["split"]})
    return out


def update_records() -> list[dict]:
    shared = _shared()
    out = []
    for line in UPDATE_DEV.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        docs = shared[_line(rec["cluster"])]["documents"]
        out.append({"id": rec["id"], "documents": [docs[i] for i in rec["later"]],
                    "earlier": [docs[i] for i in rec["earlier"]],
                    "references": [shared[_line(rec["cluster"])]["summary"]]})
    return out


def _table(title: str, rows: dict, key: str) -> None:
    print(f"\n{title}")
    print(f"{'system':<14}{'mean':>8}{'95% interval':>18}{'n':>5}")
    for s, row in rows.items():
        print(f"{s:<14}{row['mean']:>8.3f}   [{row['lo']:.3f}, {row['hi']:.3f}]{row['n']:>5}")


def near_duplicate_share(result: dict, instances: list, systems: list[str]) -> dict:
    """Per system, the share of brief sentences with a MiniLM cosine >= NEAR_DUPLICATE to
    some earlier sentence (every pair compared)."""
    import numpy as np

    from storyweave import nlp
    from storyweave.evaluate import bootstrap

    enc = nlp.embedder().encode
    shares: dict[str, list[float]] = {s: [] for s in systems}
    for entry, inst in zip(result["clusters"], instances, strict=True):
        old = enc([s.text for s in inst.cluster.earlier])
        for s in systems:
            sents = [t for t in entry["systems"][s]["summary"].split("\n") if t]
            if not sents or not len(old):
                shares[s].append(0.0)
                continue
            sims = enc(sents) @ old.T
            shares[s].append(float(np.mean(sims.max(axis=1) >= NEAR_DUPLICATE)))
    out = {}
    for s, v in shares.items():
        mean, lo, hi = bootstrap({s: v})[s]
        out[s] = {"mean": round(mean, 3), "lo": round(lo, 3), "hi": round(hi, 3), "n": len(v)}
    return out


def tune() -> dict:
    """The grid over summarize.query's constants, on the tuning half only."""
    from storyweave.config import Config
    from storyweave.evaluate import answer_recall, prepare_all
    from storyweave.summarize import query
    from storyweave.summarize.base import order_output, select

    config = Config()
    instances = prepare_all(query_records("tune"), config, progress=False)
    grid = {
        "EMBEDDING_WEIGHT": [0.5, 1.0, 2.0],
        "POOL_CENTRALITY": [0.0, 0.3, 1.0],
        "CENTRALITY_WEIGHT": [0.0, 0.1, 0.3],
        "GENERIC_WEIGHT": [0.0, 0.1],
        "MMR_LAMBDA": [0.7, 0.8, 0.9, 1.0],
        "LENGTH_POWER": [0.0, 0.15, 0.3],
    }
    saved = {k: getattr(query, k) for k in grid}
    rows = []
    for values in itertools.product(*grid.values()):
        for k, v in zip(grid, values, strict=True):
            setattr(query, k, v)
        recalls = []
        for inst in instances:
            cfg = config.with_(query=inst.query)
            chosen = order_output(inst.cluster, select(inst.cluster, query.rank(inst.cluster, cfg), 250))
            recalls.append(answer_recall([inst.cluster.sentences[i].text for i in chosen], inst.answers))
        rows.append((statistics.mean(recalls), dict(zip(grid, values, strict=True))))
    for k, v in saved.items():
        setattr(query, k, v)
    rows.sort(key=lambda r: -r[0])
    print("tuning half: answer recall at 250 words, best settings first")
    for score, setting in rows[:10]:
        print(f"  {score:.3f}  {setting}")
    current = next(score for score, setting in rows if setting == saved)
    print(f"  shipped setting {saved}: {current:.3f}")
    return {"best": rows[0][1], "best_recall": round(rows[0][0], 4), "shipped": saved,
            "shipped_recall": round(current, 4), "grid": grid}


def warnings_check(split: str) -> dict:
    """How often the "little on the query" warning fires for each cluster's own query,
    and for the other clusters' queries (which the articles do not answer)."""
    from storyweave.config import Config
    from storyweave.evaluate import prepare_all
    from storyweave.summarize import query

    instances = prepare_all(query_records(split), Config(), progress=False)
    own = other = pairs = 0
    for k, inst in enumerate(instances):
        for j, asker in enumerate(instances):
            query.rank(inst.cluster, Config(query=asker.query))
            warned = query.little_on(inst.cluster, asker.query) is not None
            if j == k:
                own += warned
            else:
                other += warned
                pairs += 1
    return {"own_query_warned": own, "own_queries": len(instances),
            "other_query_warned": other, "other_queries": pairs}


def speed(runs: int = 5) -> dict:
    import storyweave
    from storyweave import nlp

    files = sorted(EXAMPLES.glob("*.txt"))
    old, new = files[:2], files[2:]
    query = "how many civilians were killed and who is blamed"
    storyweave.brief([EXAMPLES], query=query)
    storyweave.brief(new, since_articles=old)
    out = {}
    for name, call in (
        ("query-focused brief", lambda: storyweave.brief([EXAMPLES], query=query)),
        ("update brief (3 new, 2 earlier)", lambda: storyweave.brief(new, since_articles=old)),
        ("generic brief", lambda: storyweave.brief([EXAMPLES])),
    ):
        times = []
        for _ in range(runs):
            nlp.embedder()._cache.clear()  # no credit for having embedded these sentences before
            t0 = time.perf_counter()
            call()
            times.append(time.perf_counter() - t0)
        out[name] = {"median_s": round(statistics.median(times), 3), "runs": [round(t, 3) for t in times]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="print the grid on the tuning half")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--speed", action="store_true",
                        help="only re-measure the speed (into the existing results file)")
    args = parser.parse_args()

    from storyweave import nlp
    from storyweave.config import Config
    from storyweave.evaluate import prepare_all, run

    nlp.sentencizer()
    nlp.embedder()
    config = Config()
    result: dict = {"data": {"query": str(QUERY_DEV.relative_to(ROOT)), "update": str(UPDATE_DEV.relative_to(ROOT))}}
    if args.speed:
        result = json.loads(OUT.read_text(encoding="utf-8")) if OUT.is_file() else {}
        result["speed"] = speed(args.runs)
        for name, row in result["speed"].items():
            print(f"  {name:<34}{row['median_s']:>7.3f} s")
        OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if args.tune:  # the tuning half only: the blind half is not looked at while tuning
        tuning = tune()
        OUT.with_name("query_tuning.json").write_text(json.dumps(tuning, indent=1) + "\n")
        return

    from storyweave.evaluate import bootstrap

    held_out: dict[str, list[float]] = {s: [] for s in QUERY_SYSTEMS}
    labels = {
        "tune": "tuning half (for reference)",
        "blind": "BLIND half (scored before tuning too)",
        "fresh": "FRESH blind set (labelled after tuning, scored once)",
    }
    for split, label in labels.items():
        recs = query_records(split)
        rep = run(recs, QUERY_SYSTEMS, config, progress=False)
        per_cluster = [
            {"id": e["id"], "query": e.get("query"),
             **{s: e["systems"][s]["answer_recall"] for s in QUERY_SYSTEMS}}
            for e in rep["clusters"]
        ]
        result[f"query_{split}"] = {"answer_recall": rep["answer_recall"],
                                    "rouge2": {s: rep["summary"][s]["rouge2"] for s in QUERY_SYSTEMS},
                                    "clusters": len(recs), "per_cluster": per_cluster}
        if split != "tune":
            for s in QUERY_SYSTEMS:
                held_out[s].extend(row[s] for row in per_cluster)
        _table(f"query-focused, {label}: answer recall at 250 words, {len(recs)} clusters",
               rep["answer_recall"], "answer_recall")
    pooled = bootstrap(held_out)
    result["query_held_out"] = {
        s: {"mean": round(m, 3), "lo": round(lo, 3), "hi": round(hi, 3), "n": len(held_out[s])}
        for s, (m, lo, hi) in pooled.items()
    }
    diffs = bootstrap({f"storyweave-{s}": [a - b for a, b in zip(held_out["storyweave"], held_out[s], strict=True)]
                       for s in QUERY_SYSTEMS if s != "storyweave"})
    result["query_held_out_differences"] = {
        k: {"mean": round(m, 3), "lo": round(lo, 3), "hi": round(hi, 3)} for k, (m, lo, hi) in diffs.items()
    }
    _table("query-focused, blind + fresh pooled (20 held-out clusters)", result["query_held_out"], "")
    print("storyweave minus system, paired bootstrap 95% interval:")
    for k, row in result["query_held_out_differences"].items():
        print(f"  {k:<26}{row['mean']:>+7.3f} [{row['lo']:+.3f}, {row['hi']:+.3f}]")

    warned = warnings_check("blind")
    result["query_blind"]["little_on_query_warning"] = warned
    print(f"\n'little on the query' warning, blind half: {warned['own_query_warned']} of "
          f"{warned['own_queries']} own queries, {warned['other_query_warned']} of "
          f"{warned['other_queries']} other clusters' queries")

    recs = update_records()
    instances = prepare_all(recs, config, progress=False)
    rep = run(recs, UPDATE_SYSTEMS, config, progress=False, instances=instances)
    near = near_duplicate_share(rep, instances, UPDATE_SYSTEMS)
    n_sents = sum(e["systems"]["storyweave"]["summary"].count("\n") + 1 for e in rep["clusters"])
    result["update"] = {"repeat_share": rep["repeat_share"], "near_duplicate_share": near,
                        "near_duplicate_cosine": NEAR_DUPLICATE, "clusters": len(recs),
                        "update_brief_sentences": n_sents}
    _table(f"update briefs, {len(recs)} splits: share of sentences repeating earlier content "
           "(support rule, as the claim check's `reports` will judge)", rep["repeat_share"], "repeat_share")
    _table(f"update briefs: share of sentences with a MiniLM cosine >= {NEAR_DUPLICATE} to an "
           "earlier sentence (independent check)", near, "near")

    result["speed"] = speed(args.runs)
    print("\nspeed, examples/aleppo-2016, models loaded (target < 1 s)")
    for name, row in result["speed"].items():
        print(f"  {name:<34}{row['median_s']:>7.3f} s")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
