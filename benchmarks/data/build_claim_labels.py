"""Build benchmarks/data/claim_labels.jsonl from the hand-written notes in claim_notes/.

The notes are what a reader wrote while reading each cluster of ../shared/data (before any
system output was looked at): one block per cluster (``@ FILE LINE``), one ``C ORIGIN | CLAIM``
line per claim (ORIGIN is ``article:K`` for a sentence taken from article K, ``summary`` for a
sentence of the reference summary, ``typed`` for a claim a user could type, some of them
deliberately wrong), then ``R K | EVIDENCE`` (article K reports it), ``D K | EVIDENCE`` (article
K disputes it), ``N K | NOTE``; every other article of the cluster is ``absent``. Several
evidence passages are separated by ``;;``; each must occur in the article (checked here).

The 625 pairs of the earlier attribution labels (a brief sentence against another article,
reports or not) are carried over as ``reports`` / ``absent``; their clusters tuned the current
rule, so they all belong to the tuning half. The new clusters are split ONCE, by cluster, with
``random.Random(SPLIT_SEED)``, half of each source file to ``tuning`` and half to ``blind``.
Clusters labelled after that split (notes files named ``late_*``, read to find more
disputes for training) all go to the tuning half; the blind half never changes.

    python benchmarks/data/build_claim_labels.py
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
NOTES = ROOT / "benchmarks" / "data" / "claim_notes"
OLD = [ROOT / "benchmarks" / "data" / "attribution_labels.jsonl",
       ROOT / "benchmarks" / "data" / "attribution_labels_heldout.jsonl"]
OUT = ROOT / "benchmarks" / "data" / "claim_labels.jsonl"
SPLIT_SEED = 16


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s)


def main() -> int:
    rows = {f: [json.loads(line) for line in open(DATA / f, encoding="utf-8")]
            for f in ("multinews-dev.jsonl", "tac2011-multiling-en.jsonl")}
    new: list[dict] = []
    errors = 0
    late: set[str] = set()
    for src in sorted(NOTES.glob("*.txt")):
        cur: tuple[str, int] | None = None
        claims: list[dict] = []
        for line in src.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            tag, rest = line.split(" ", 1)
            if tag == "@":
                f, n = rest.split()
                cur = (f, int(n))
            elif tag == "C":
                origin, text = (x.strip() for x in rest.split("|", 1))
                claims.append({"cluster": cur, "origin": origin, "claim": text, "marks": {}, "notes": {}})
            else:
                k, ev = (x.strip() for x in rest.split("|", 1))
                if tag == "N":
                    claims[-1]["notes"][int(k)] = ev
                else:
                    label = {"R": "reports", "D": "disputes"}[tag]
                    claims[-1]["marks"][int(k)] = (label, [e.strip() for e in ev.split(";;")])
        for c in claims:
            f, n = c["cluster"]
            docs = rows[f][n - 1]["documents"]
            own = int(c["origin"].split(":")[1]) if c["origin"].startswith("article:") else None
            if own is not None and norm(c["claim"]) not in norm(docs[own - 1]):
                print(f"claim not in article {own}: {f}:{n} {c['claim'][:60]}")
                errors += 1
            for k in range(1, len(docs) + 1):
                if k == own:
                    continue
                label, evidence = c["marks"].get(k, ("absent", []))
                for e in evidence:
                    if norm(e) not in norm(docs[k - 1]):
                        print(f"evidence not in article {k}: {f}:{n} {e[:60]}")
                        errors += 1
                if src.name.startswith("late_"):
                    late.add(f"{f}:{n}")
                new.append({"cluster": f"{f}:{n}", "spec": {"file": f, "line": n, "first": None},
                            "claim": c["claim"], "origin": c["origin"], "article": str(k),
                            "label": label, "evidence": evidence, "note": c["notes"].get(k, "")})
    if errors:
        return 1
    rng = random.Random(SPLIT_SEED)
    blind: set[str] = set()
    for f in sorted({r["spec"]["file"] for r in new}):
        clusters = sorted({r["cluster"] for r in new if r["spec"]["file"] == f and r["cluster"] not in late},
                          key=lambda c: int(c.rsplit(":", 1)[1]))
        rng.shuffle(clusters)
        blind.update(clusters[: len(clusters) // 2])
    old: list[dict] = []
    for path in OLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            lab = json.loads(line)
            old.append({"cluster": lab["cluster"], "spec": lab["spec"], "claim": lab["sentence"],
                        "origin": "brief", "article": lab["article"],
                        "label": "reports" if lab["reports"] else "absent",
                        "evidence": [lab["evidence"]] if lab["reports"] and lab.get("evidence") else [],
                        "note": lab.get("note", ""), "from": path.name})
    with open(OUT, "w", encoding="utf-8") as fh:
        for r in old:
            fh.write(json.dumps({**r, "split": "tuning", "split_seed": SPLIT_SEED}, ensure_ascii=False) + "\n")
        for r in new:
            split = "blind" if r["cluster"] in blind else "tuning"
            fh.write(json.dumps({**r, "split": split, "split_seed": SPLIT_SEED}, ensure_ascii=False) + "\n")
    from collections import Counter
    allrows = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines()]
    for split in ("tuning", "blind"):
        part = [r for r in allrows if r["split"] == split]
        print(split, len(part), "pairs", len({r["cluster"] for r in part}), "clusters",
              dict(Counter(r["label"] for r in part)))
    print("blind clusters:", sorted(blind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
