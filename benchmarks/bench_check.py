"""Claim checking against hand labels: reports / disputes / absent, on the blind half.

``benchmarks/data/claim_labels.jsonl`` holds (claim, article) pairs labelled by reading
(``benchmarks/data/build_claim_labels.py`` says how): 1,129 tuning pairs (the 625 earlier
attribution pairs and 504 new ones) and 379 blind pairs in 7 clusters that nothing was
tuned on. For every pair this runs, in the same process:

- the shipped judge (``storyweave.claims.judge``, ``claims/model.json`` trained on the
  tuning half by ``python -m storyweave.claims.train``);
- the round-3 judge (``benchmarks/data/claims_model_round3.json``, the model shipped
  before round 4, on today's features: it reads none of the features added since);
- today's attribution rule: the best of the two best TF-IDF candidates (cosine >= 0.1)
  with support ``(MiniLM + 2 TF-IDF) / 3`` >= 0.37 reports, nothing disputes;
- a plain cosine baseline: the best MiniLM cosine over all the article's sentences
  >= 0.72 reports (the threshold the attribution notes measured for cosine alone).

It prints precision and recall of ``reports`` and of ``disputes`` on both halves (the
blind half is THE figure), how often the judge's evidence sentence is one a reader marked,
and the time per claim (judge only, sentences split beforehand; and ``storyweave.check``
end to end on the 5-article sample story, warm). Writes benchmarks/results/check.json.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_check.py
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyweave import nlp  # noqa: E402
from storyweave.claims import judge as J  # noqa: E402
from storyweave.claims.train import LABELS, cluster_articles, prf, read_labels  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "benchmarks" / "results" / "check.json"
PREVIOUS = ROOT / "benchmarks" / "data" / "claims_model_round3.json"
SAMPLE = ROOT / "examples" / "aleppo-2016"
RULE = 0.37
COSINE = 0.72


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def evidence_hit(predicted: tuple, marked: list[str]) -> bool:
    """A predicted evidence sentence holds, or lies inside, a passage the reader marked
    (or shares 60% of its words)."""
    for e in predicted:
        p = _norm(e.text)
        for m in marked:
            m = _norm(m)
            if m in p or p in m:
                return True
            mw, pw = set(m.split()), set(p.split())
            if mw and len(mw & pw) / len(mw) >= 0.6:
                return True
    return False


def run(labels: list[dict]) -> tuple[list[dict], list[float]]:
    by_cluster: dict[str, list[dict]] = defaultdict(list)
    for lab in labels:
        by_cluster[lab["cluster"]].append(lab)
    rows, times = [], []
    emb = nlp.embedder()
    previous = json.loads(PREVIOUS.read_text(encoding="utf-8")) if PREVIOUS.is_file() else None
    for _, labs in sorted(by_cluster.items()):
        arts = cluster_articles(labs[0]["spec"], DATA)
        keys = sorted(arts, key=int)
        articles = [arts[k] for k in keys]
        sentences = [nlp.sentences(a) for a in articles]
        all_vecs = [emb.encode([s.text for s in sents]) for sents in sentences]
        by_claim: dict[str, list[dict]] = defaultdict(list)
        for lab in labs:
            by_claim[lab["claim"]].append(lab)
        for claim, group in by_claim.items():
            emb.encode([claim])  # the claim's embedding is not part of the judge's time
            t0 = time.perf_counter()
            verdicts = J.judge(claim, articles, sentences)
            times.append(time.perf_counter() - t0)
            old = J.judge(claim, articles, sentences, model=previous) if previous else verdicts
            cvec = emb.encode([claim])[0]
            for lab in group:
                row = {"cluster": lab["cluster"], "label": lab["label"], "origin": lab["origin"]}
                if lab["article"] not in arts:
                    row.update(judge="absent", previous="absent", rule="absent", cosine="absent",
                               hit=False, unscored=True)
                    rows.append(row)
                    continue
                i = keys.index(lab["article"])
                v = verdicts[i]
                best_cos = float(np.max(all_vecs[i] @ cvec)) if len(all_vecs[i]) else 0.0
                row.update(
                    judge=v.label,
                    previous=old[i].label,
                    rule="reports" if v.support_rule >= RULE else "absent",
                    cosine="reports" if best_cos >= COSINE else "absent",
                    hit=v.label == lab["label"] and v.label != "absent"
                    and evidence_hit(v.evidence, lab["evidence"]),
                )
                rows.append(row)
    return rows, times


def table(rows: list[dict]) -> dict:
    truth = [r["label"] for r in rows]
    out = {}
    for method in ("judge", "previous", "rule", "cosine"):
        pred = [r[method] for r in rows]
        res = {}
        for label in ("reports", "disputes"):
            p, r, tp, fp, fn = prf(truth, pred, label)
            res[label] = {"precision": round(p, 3), "recall": round(r, 3), "tp": tp, "fp": fp, "fn": fn}
        out[method] = res
    right = [r for r in rows if r["judge"] == r["label"] and r["label"] != "absent"]
    out["judge"]["evidence_marked"] = round(sum(r["hit"] for r in right) / len(right), 3) if right else 0.0
    return out


def main() -> int:
    if not LABELS.is_file() or not (DATA / "multinews-dev.jsonl").is_file():
        print(f"skipped: needs {LABELS.relative_to(ROOT)} and {DATA}")
        return 0
    labels = read_labels()
    results: dict = {"labels": str(LABELS.relative_to(ROOT)),
                     "model": J.load_model()["thresholds"], "halves": {}}
    names = {"judge": "judge (shipped)", "previous": "judge of round 3", "rule": f"attribution rule {RULE}",
             "cosine": f"plain cosine {COSINE}"}
    all_times: list[float] = []
    for half in ("tuning", "blind"):
        part = [lab for lab in labels if lab["split"] == half]
        rows, times = run(part)
        all_times += times
        t = table(rows)
        counts = {k: sum(r["label"] == k for r in rows) for k in ("reports", "disputes", "absent")}
        print(f"\n{half} half: {len(rows)} pairs in {len({r['cluster'] for r in rows})} clusters "
              f"({counts['reports']} reports, {counts['disputes']} disputes, {counts['absent']} absent)"
              + ("  <- THE figure" if half == "blind" else "  (tuned on)"))
        print(f"{'method':<26}{'rep P':>7}{'rep R':>7}{'dis P':>7}{'dis R':>7}")
        for m in ("judge", "previous", "rule", "cosine"):
            r, d = t[m]["reports"], t[m]["disputes"]
            print(f"{names[m]:<26}{r['precision']:>7.3f}{r['recall']:>7.3f}{d['precision']:>7.3f}{d['recall']:>7.3f}")
        print(f"judge evidence is a sentence the reader marked: {t['judge']['evidence_marked']:.3f} "
              "of the pairs it labels right")
        if half == "blind":
            for origin in ("article", "typed", "summary"):
                sub = [r for r in rows if r["origin"].startswith(origin)]
                if sub:
                    s = table(sub)["judge"]
                    print(f"  claims from {origin:<8} ({len(sub):>3} pairs): reports P {s['reports']['precision']:.3f} "
                          f"R {s['reports']['recall']:.3f}; disputes P {s['disputes']['precision']:.3f} "
                          f"R {s['disputes']['recall']:.3f}")
        results["halves"][half] = {"pairs": len(rows), "counts": counts, **t,
                                   "unscored": sum(r.get("unscored", False) for r in rows)}
    ms = [1000 * x for x in all_times]
    results["judge_ms_per_claim"] = {"median": round(statistics.median(ms), 1),
                                     "max": round(max(ms), 1), "claims": len(ms)}
    print(f"\njudge time per claim (all articles of its cluster, sentences split before): "
          f"median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms over {len(ms)} claims")
    if SAMPLE.is_dir():
        import storyweave

        claim = "At least 290 people have been killed in eastern Aleppo since 22 September."
        storyweave.check(claim, [SAMPLE])  # warm: models loaded
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            storyweave.check(claim, [SAMPLE])
            runs.append(time.perf_counter() - t0)
        results["check_sample_s"] = round(min(runs), 3)
        print(f"storyweave.check on {SAMPLE.relative_to(ROOT)} (5 articles, warm): {min(runs):.3f} s")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
