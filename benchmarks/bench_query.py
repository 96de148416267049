"""Query-focused and update briefs (issue 19): answer recall, repeat share, speed.

Data (committed, labelled by hand before any system ran on it):

* ``benchmarks/data/query_dev.jsonl``: queries on 70 Multi-News dev clusters
  (``cluster`` names the line of ../shared/data/multinews-dev.jsonl), each with the
  sentences of the cleaned articles that answer it (exact text, the shared splitter's
  sentences; round-3 records also give their offsets, ``answer_sentences``). Round 2:
  20 clusters split once (seed 19) into ``tune`` and ``blind``, then 10 ``fresh``.
  Round 3: 40 more clusters (drawn with seed 1919 from the unused clusters of 25-240
  sentences), 1-2 queries each (a few words, a question, a paragraph), split once
  (seed 1920) into 20 more ``tune`` and a new blind set ``blind2``. Round 4: a third
  blind set ``blind3``, the 20 clusters (of 20 or more sentences) in no other query or
  update record, 36 queries, labelled and committed with the method frozen, before any
  system ran on them (benchmarks/data/query_notes/round4.md).
* ``benchmarks/data/update_dev.jsonl``: 20 other clusters, each split into earlier and
  later documents by their order (Multi-News carries no dates).

Printed, with the baselines of the same run:

* answer recall at 250 words (the share of the answering sentences in the brief; a
  cluster's queries averaged, so every cluster counts once) of the query-focused brief,
  the generic brief, the query-aware baseline (``query-tfidf``: TF-IDF similarity to
  the query, then MMR), Lead and LexRank, on each split; then on the old blind
  clusters (``blind`` + ``fresh``), ``blind2``, ``blind3`` and all pooled, the paired
  difference of the query brief minus each system with a paired bootstrap 95%
  interval over clusters: "clearly above" means the interval lies above 0;
* for updates: the share of the update brief's sentences that repeat an earlier
  document's content, by the claim check (the issue's measure: some earlier document
  ``reports`` the sentence by the judge of ``storyweave.check``,
  ``summarize.update.claim_repeats``; the update brief filters with it too), by the support rule (``summarize.update.repeats``, the rule the
  update brief itself uses, so this checks the mechanism more than it measures it) and
  by an independent rule (a MiniLM cosine of at least ``NEAR_DUPLICATE`` with some
  earlier sentence), beside the generic brief's and the baselines' shares;
* seconds for a query-focused and an update brief of examples/aleppo-2016, models loaded.

    .venv/bin/python benchmarks/bench_query.py [--tune] [--speed] [--update-only]

``--tune`` scores the grid over ``summarize.query.Params`` on the tuning clusters only,
with a 5-fold cross-validation by cluster of choosing by it, writes
benchmarks/results/query_tuning.json and stops. ``--update-only`` re-runs just the update
part (about 2 minutes), ``--speed`` just the timings, into the existing results file.
Otherwise writes benchmarks/results/query.json.
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
        out.append({"id": rec["id"], "cluster": rec["cluster"], "documents": src["documents"],
                    "references": [src["summary"]],
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


def claim_repeat_share(result: dict, instances: list, systems: list[str]) -> dict:
    """Per system, the share of brief sentences that some earlier document ``reports`` by
    the claim check (``summarize.update.claim_repeats``: the claim judge of
    ``storyweave.claims``, each sentence as a claim against every earlier document)."""
    from storyweave.evaluate import bootstrap
    from storyweave.summarize.update import claim_repeats

    shares: dict[str, list[float]] = {s: [] for s in systems}
    for entry, inst in zip(result["clusters"], instances, strict=True):
        for s in systems:
            sents = [t for t in entry["systems"][s]["summary"].split("\n") if t]
            found = claim_repeats(sents, inst.cluster.earlier)
            shares[s].append(len(found) / len(sents) if sents else 0.0)
    out = {}
    for s, v in shares.items():
        mean, lo, hi = bootstrap({s: v})[s]
        out[s] = {"mean": round(mean, 3), "lo": round(lo, 3), "hi": round(hi, 3), "n": len(v)}
    return out


def _cluster_means(ids: list[str], values: list[float]) -> dict[str, float]:
    """Mean per cluster of per-query values (a cluster with two queries counts once)."""
    acc: dict[str, list[float]] = {}
    for c, v in zip(ids, values, strict=True):
        acc.setdefault(c, []).append(v)
    return {c: statistics.mean(v) for c, v in acc.items()}


def _by_cluster(series: dict[str, list[float]]) -> dict[str, dict]:
    """Mean and bootstrap 95% interval of each system's per-cluster values (paired)."""
    from storyweave.evaluate import bootstrap

    return {s: {"mean": round(m, 3), "lo": round(lo, 3), "hi": round(hi, 3), "n": len(series[s])}
            for s, (m, lo, hi) in bootstrap(series).items()}


def tuning_grid() -> list:
    """The settings the tuning tries (round-2 constants first, so ties keep them)."""
    from storyweave.summarize import query

    out = [query.ROUND2]
    for lex in ("tfidf", "bm25"):
        prf = [(0, 0.5, 0.0)] + [(k, w, e) for k in (3, 6) for w in (0.3, 0.7) for e in (0.0, 0.5)]
        for (k, w, e), ew, cw, lam, mr in itertools.product(
                prf, (0.5, 1.0, 2.0), (0.0, 0.1), (0.7, 0.8, 0.9), (0.0, 0.25)):
            p = query.Params(lexical=lex, prf_docs=k, prf_weight=w, embedding_prf=e, embedding_weight=ew,
                             centrality_weight=cw, mmr_lambda=lam, min_relevance=mr)
            if p != query.ROUND2:
                out.append(p)
    return out


def tune(folds: int = 5) -> dict:
    """The grid over ``summarize.query.Params`` on the tuning clusters only, and a
    cross-validated figure of choosing by it: clusters in ``folds`` groups (seed 19), the
    best setting on the other groups scored on each group."""
    import dataclasses

    import numpy as np

    from storyweave import nlp
    from storyweave.config import Config
    from storyweave.evaluate import answer_recall, prepare_all
    from storyweave.summarize import query
    from storyweave.summarize.base import order_output, select
    from storyweave.summarize.storyweave import rank as generic_rank

    config = Config(words=250)
    recs = query_records("tune")
    instances = prepare_all(recs, config, progress=None)
    clusters = [r["cluster"] for r in recs]
    generic = [generic_rank(inst.cluster, config) for inst in instances]
    enc = nlp.embedder().encode
    for inst in instances:  # embed once; every setting then reads the embedder's cache
        enc([inst.query, *(s.text for s in inst.cluster.sentences)])

    def recall(order, inst) -> float:
        chosen = order_output(inst.cluster, select(inst.cluster, order, config.words))
        return answer_recall([inst.cluster.sentences[i].text for i in chosen], inst.answers)

    def per_cluster(params) -> dict[str, float]:
        vals = [recall(query.rank(inst.cluster, config.with_(query=inst.query), params, generic[k]), inst)
                for k, inst in enumerate(instances)]
        return _cluster_means(clusters, vals)

    grid = tuning_grid()
    t0 = time.perf_counter()
    table = [per_cluster(p) for p in grid]
    names = sorted(table[0])
    matrix = np.array([[row[c] for c in names] for row in table])
    baselines = {}
    for name, func in (("query-tfidf", query.tfidf_rank), ("generic", None)):
        vals = [recall(func(inst.cluster, config.with_(query=inst.query)) if func else generic[k], inst)
                for k, inst in enumerate(instances)]
        means = _cluster_means(clusters, vals)
        baselines[name] = float(np.mean([means[c] for c in names]))
    perm = np.random.default_rng(19).permutation(len(names))
    fold_of = np.empty(len(names), dtype=int)
    for k, chunk in enumerate(np.array_split(perm, folds)):
        fold_of[chunk] = k
    held = np.zeros(len(names))
    chosen_per_fold = []
    for k in range(folds):
        train = fold_of != k
        best = int(np.argmax(matrix[:, train].mean(axis=1)))  # ties: the earlier setting
        held[fold_of == k] = matrix[best, fold_of == k]
        chosen_per_fold.append(dataclasses.asdict(grid[best]))
    means = matrix.mean(axis=1)
    order = np.argsort(-means, kind="stable")
    print(f"tuning clusters: {len(names)} ({len(instances)} queries), {len(grid)} settings, "
          f"{time.perf_counter() - t0:.0f} s")
    print("answer recall at 250 words (mean over clusters), best settings first:")
    for i in order[:10]:
        print(f"  {means[i]:.3f}  {dataclasses.asdict(grid[i])}")
    print(f"  round-2 constants: {means[0]:.3f}; query-tfidf {baselines['query-tfidf']:.3f}; "
          f"generic {baselines['generic']:.3f}")
    print(f"{folds}-fold cross-validation by cluster (choose on 4/5, score the 5th): "
          f"{held.mean():.3f} (round-2 constants {means[0]:.3f})")
    return {
        "clusters": len(names), "queries": len(instances), "settings": len(grid),
        "best": dataclasses.asdict(grid[int(order[0])]), "best_recall": round(float(means[order[0]]), 4),
        "round2_recall": round(float(means[0]), 4), "baselines": {k: round(v, 4) for k, v in baselines.items()},
        "cv_folds": folds, "cv_recall": round(float(held.mean()), 4), "cv_chosen": chosen_per_fold,
        "top": [{"recall": round(float(means[i]), 4), **dataclasses.asdict(grid[i])} for i in order[:20]],
    }


def warnings_check(split: str) -> dict:
    """How often the "little on the query" warning fires for each cluster's own queries,
    and for the other clusters' first queries (which the articles do not answer)."""
    from storyweave.config import Config
    from storyweave.evaluate import prepare_all
    from storyweave.summarize import query

    recs = query_records(split)
    instances = prepare_all(recs, Config(), progress=None)
    clusters = [r["cluster"] for r in recs]
    first = {c: k for k, c in reversed(list(enumerate(clusters)))}
    own = other = pairs = 0
    for k, inst in enumerate(instances):
        query.rank(inst.cluster, Config(query=inst.query))
        own += query.little_on(inst.cluster, inst.query) is not None
        if first[clusters[k]] != k:
            continue
        for c, j in first.items():
            if c == clusters[k]:
                continue
            asker = instances[j].query
            query.rank(inst.cluster, Config(query=asker))
            other += query.little_on(inst.cluster, asker) is not None
            pairs += 1
    return {"own_query_warned": own, "own_queries": len(instances),
            "other_query_warned": other, "other_queries": pairs}


def update_section(config) -> dict:
    """The update briefs' repeat shares on the update splits, by three rules, with the
    generic brief and the baselines in the same run."""
    from storyweave.evaluate import prepare_all, run

    recs = update_records()
    instances = prepare_all(recs, config, progress=None)
    rep = run(recs, UPDATE_SYSTEMS, config, progress=None, instances=instances)
    t0 = time.perf_counter()
    claim = claim_repeat_share(rep, instances, UPDATE_SYSTEMS)
    claim_s = time.perf_counter() - t0
    near = near_duplicate_share(rep, instances, UPDATE_SYSTEMS)
    n_sents = sum(e["systems"]["storyweave"]["summary"].count("\n") + 1 for e in rep["clusters"])
    _table(f"update briefs, {len(recs)} splits: share of sentences some earlier document `reports` "
           f"by the claim check (claims.judge; {claim_s:.0f} s, loaded)", claim, "claim")
    _table(f"update briefs, {len(recs)} splits: share of sentences repeating earlier content "
           "(support rule summarize.update.repeats)", rep["repeat_share"], "repeat_share")
    _table(f"update briefs: share of sentences with a MiniLM cosine >= {NEAR_DUPLICATE} to an "
           "earlier sentence (independent check)", near, "near")
    return {"claim_check_repeat_share": claim, "repeat_share": rep["repeat_share"],
            "near_duplicate_share": near, "near_duplicate_cosine": NEAR_DUPLICATE,
            "clusters": len(recs), "update_brief_sentences": n_sents}


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
    parser.add_argument("--update-only", action="store_true",
                        help="only the update briefs' repeat shares (into the existing results file)")
    args = parser.parse_args()

    from storyweave import nlp
    from storyweave.config import Config
    from storyweave.evaluate import run

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
    if args.update_only:
        result = json.loads(OUT.read_text(encoding="utf-8")) if OUT.is_file() else {}
        result["update"] = update_section(config)
        OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if args.tune:  # the tuning half only: the blind half is not looked at while tuning
        tuning = tune()
        OUT.with_name("query_tuning.json").write_text(json.dumps(tuning, indent=1) + "\n")
        return

    from storyweave.evaluate import bootstrap

    labels = {
        "tune": "tuning clusters (10 of round 2 + 20 new; for reference)",
        "blind": "old BLIND half (round 2; scored before and after its tuning)",
        "fresh": "old FRESH blind set (round 2; scored once then)",
        "blind2": "blind set 2 (round 3, 20 clusters)",
        "blind3": "NEW blind set 3 (round 4, 20 clusters; scored once)",
    }
    per_split: dict[str, dict[str, dict[str, float]]] = {}  # split -> system -> cluster -> recall
    for split, label in labels.items():
        recs = query_records(split)
        rep = run(recs, QUERY_SYSTEMS, config, progress=None)
        clusters = [r["cluster"] for r in recs]
        per_query = [
            {"id": e["id"], "cluster": c, "query": e.get("query"),
             **{s: e["systems"][s]["answer_recall"] for s in QUERY_SYSTEMS}}
            for e, c in zip(rep["clusters"], clusters, strict=True)
        ]
        per_split[split] = {s: _cluster_means(clusters, [row[s] for row in per_query]) for s in QUERY_SYSTEMS}
        table = _by_cluster({s: list(per_split[split][s].values()) for s in QUERY_SYSTEMS})
        result[f"query_{split}"] = {"answer_recall_by_cluster": table,
                                    "rouge2": {s: rep["summary"][s]["rouge2"] for s in QUERY_SYSTEMS},
                                    "clusters": len(set(clusters)), "queries": len(recs),
                                    "per_query": per_query}
        _table(f"query-focused, {label}: answer recall at 250 words, mean over {len(set(clusters))} "
               f"clusters ({len(recs)} queries)", table, "")
    sets = {
        "old blind (blind + fresh, 20 clusters)": ("blind", "fresh"),
        "blind2 (20 clusters)": ("blind2",),
        "NEW blind3 (20 clusters)": ("blind3",),
        "pooled held-out (60 clusters)": ("blind", "fresh", "blind2", "blind3"),
    }
    result["query_tests"] = {}
    print("\n'clearly above' = the paired bootstrap 95% interval of the difference (over clusters)"
          " lies above 0")
    for name, splits in sets.items():
        series = {s: [v for sp in splits for v in per_split[sp][s].values()] for s in QUERY_SYSTEMS}
        summary = _by_cluster(series)
        diffs = bootstrap({f"storyweave-{s}": [a - b for a, b in zip(series["storyweave"], series[s], strict=True)]
                           for s in QUERY_SYSTEMS if s != "storyweave"}, seed=config.seed)
        tests = {k: {"mean": round(m, 3), "lo": round(lo, 3), "hi": round(hi, 3), "clearly_above": lo > 0}
                 for k, (m, lo, hi) in diffs.items()}
        result["query_tests"][name] = {"answer_recall": summary, "differences": tests}
        _table(f"query-focused, {name}", summary, "")
        print("  query brief minus system, paired bootstrap 95% interval over clusters:")
        for k, row in tests.items():
            verdict = "clearly above" if row["clearly_above"] else "not clearly above"
            print(f"    {k:<26}{row['mean']:>+7.3f} [{row['lo']:+.3f}, {row['hi']:+.3f}]  {verdict}")

    for split in ("blind2", "blind3"):
        warned = warnings_check(split)
        result[f"query_{split}"]["little_on_query_warning"] = warned
        print(f"\n'little on the query' warning, {split}: {warned['own_query_warned']} of "
              f"{warned['own_queries']} own queries, {warned['other_query_warned']} of "
              f"{warned['other_queries']} other clusters' queries")

    result["update"] = update_section(config)

    result["speed"] = speed(args.runs)
    print("\nspeed, examples/aleppo-2016, models loaded (target < 1 s)")
    for name, row in result["speed"].items():
        print(f"  {name:<34}{row['median_s']:>7.3f} s")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
