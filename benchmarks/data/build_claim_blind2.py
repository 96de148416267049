"""Build benchmarks/data/claim_labels_blind2.jsonl: a second blind set of claim labels.

The first blind half of claim_labels.jsonl has been scored several times, so this set was
labelled afresh, on clusters no file under benchmarks/data/ had referenced, and before any
system output on them was looked at (nothing of storyweave was run on them but the cleaner).

Clusters. TAC 2011 has none left (all ten are in claim_labels.jsonl). Of the 100 Multi-News
dev clusters only nine are referenced by no file under benchmarks/data/ (``FREE``; quotes_gold
counts its lines from 0); all nine are taken (tier ``unreferenced``). To reach 15-20 clusters,
``DRAWN`` adds 8 drawn with ``random.Random(DRAW_SEED).sample`` from the clusters with 3+
articles that only files of OTHER tasks reference (quotes_gold, query_dev, update_dev; never
claim_labels or the attribution labels, so never used to tune the claim judge or the
attribution rule): tier ``other-task``. :func:`draw` recomputes both lists from the files.

Notes, one file per cluster in claim_notes_blind2/, in the format of claim_notes/ (see
build_claim_labels.py): ``@ FILE LINE``; ``C ORIGIN | CLAIM`` (``article:K`` or ``typed``);
``R K | EVIDENCE`` reports, ``D K | EVIDENCE`` disputes, ``N K | NOTE``; every other article
is ``absent``; passages separated by ``;;``. Articles are read as the system sees them:
``storyweave.clean.clean`` of the raw document (as ``storyweave.claims.train.cluster_articles``
does, re-done here so that nothing under src/storyweave/claims runs on these clusters). Every
evidence passage must occur in the CLEAN text of its article, and every claim taken from an
article in that article's clean text; an article the cleaner drops gets no pair.

    PYTHONPATH=src python benchmarks/data/build_claim_blind2.py
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_claim_labels import DATA, ROOT, norm  # noqa: E402

NOTES = HERE / "claim_notes_blind2"
OUT = HERE / "claim_labels_blind2.jsonl"
FILE = "multinews-dev.jsonl"
DRAW_SEED = 20261206
#: Multi-News clusters (1-based lines) that no file under benchmarks/data/ referenced.
FREE = [3, 7, 11, 20, 29, 33, 37, 48, 58]
#: Drawn with DRAW_SEED from the 3+-article clusters referenced only by other tasks' files.
DRAWN = [6, 22, 26, 45, 51, 54, 74, 78]
N_DRAWN = 8
#: Files whose clusters tuned the claim judge or the attribution rule.
CLAIM_FILES = {"claim_labels.jsonl", "attribution_labels.jsonl", "attribution_labels_heldout.jsonl"}


def _referenced() -> dict[int, set[str]]:
    """Multi-News line (1-based) -> the benchmarks/data files that reference it."""
    import re

    refs: dict[int, set[str]] = {}
    for path in sorted(HERE.glob("*.jsonl")):
        if path == OUT:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            if isinstance(d.get("cluster"), str) and d["cluster"].startswith(FILE + ":"):
                refs.setdefault(int(d["cluster"].rsplit(":", 1)[1]), set()).add(path.name)
            if d.get("file") == FILE and isinstance(d.get("line"), int):  # quotes_gold: 0-based
                refs.setdefault(d["line"] + 1, set()).add(path.name)
    for path in sorted((HERE / "claim_notes").glob("*.txt")):
        for m in re.finditer(rf"^@ {re.escape(FILE)} (\d+)", path.read_text(encoding="utf-8"), re.M):
            refs.setdefault(int(m[1]), set()).add("claim_notes")
    return refs


def draw() -> tuple[list[int], list[int]]:
    """Recompute (FREE, DRAWN) from the files under benchmarks/data/ and the seed."""
    rows = [json.loads(line) for line in open(DATA / FILE, encoding="utf-8")]
    refs = _referenced()
    free = [n for n in range(1, len(rows) + 1) if n not in refs]
    pool = [n for n in range(1, len(rows) + 1)
            if n in refs and not refs[n] & (CLAIM_FILES | {"claim_notes"})
            and len(rows[n - 1]["documents"]) >= 3]
    return free, sorted(random.Random(DRAW_SEED).sample(pool, N_DRAWN))


def clean_texts(line: int) -> dict[int, str]:
    """The clean text of each article of a cluster that survives cleaning, by 1-based number."""
    from storyweave.clean import clean
    from storyweave.records import Article, RawDocument

    with open(DATA / FILE, encoding="utf-8") as fh:
        row = json.loads(fh.read().splitlines()[line - 1])
    titles = row.get("titles") or []
    out = {}
    for k, text in enumerate(row["documents"]):
        doc = RawDocument(path=f"{FILE}:{line}#{k + 1}", content=text, kind="text",
                          title=titles[k] if k < len(titles) else None)
        article = clean(doc)
        if isinstance(article, Article):
            out[k + 1] = article.text
    return out


def read_notes() -> list[dict]:
    claims: list[dict] = []
    for src in sorted(NOTES.glob("*.txt")):
        cur = None
        for line in src.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            tag, rest = line.split(" ", 1)
            if tag == "@":
                f, n = rest.split()
                cur = (f, int(n))
            elif tag == "C":
                origin, text = (x.strip() for x in rest.split("|", 1))
                claims.append({"cluster": cur, "origin": origin, "claim": text, "marks": {},
                               "notes": {}, "src": src.name})
            else:
                k, ev = (x.strip() for x in rest.split("|", 1))
                if tag == "N":
                    claims[-1]["notes"][int(k)] = ev
                else:
                    label = {"R": "reports", "D": "disputes"}[tag]
                    if int(k) in claims[-1]["marks"]:
                        raise ValueError(f"{src.name}: article {k} marked twice for {claims[-1]['claim'][:50]}")
                    claims[-1]["marks"][int(k)] = (label, [e.strip() for e in ev.split(";;")])
    return claims


def main() -> int:
    claims = read_notes()
    clusters = sorted({c["cluster"][1] for c in claims})
    if sorted(FREE + DRAWN) != clusters or any(c["cluster"][0] != FILE for c in claims):
        print(f"notes cover {clusters}, expected {sorted(FREE + DRAWN)}")
        return 1
    free, drawn = draw()
    if (free, drawn) != (FREE, DRAWN):
        print(f"note: the draw recomputed from today's files gives FREE={free} DRAWN={drawn} "
              "(files added since the labels were drawn); the labels keep the original lists")
    texts = {n: clean_texts(n) for n in clusters}
    errors = 0
    rows: list[dict] = []
    dropped: dict[int, list[int]] = {}
    for c in claims:
        n = c["cluster"][1]
        arts = texts[n]
        total = len(json.loads((DATA / FILE).read_text(encoding="utf-8").splitlines()[n - 1])["documents"])
        dropped[n] = [k for k in range(1, total + 1) if k not in arts]
        own = int(c["origin"].split(":")[1]) if c["origin"].startswith("article:") else None
        if c["origin"] != "typed" and own is None:
            print(f"unknown origin {c['origin']}: {n}")
            errors += 1
        if own is not None and (own not in arts or norm(c["claim"]) not in norm(arts[own])):
            print(f"claim not in clean article {own}: {n} {c['claim'][:70]}")
            errors += 1
        for k in set(c["marks"]) | set(c["notes"]):
            if k == own or k not in arts:
                print(f"mark on article {k} (own or dropped by the cleaner): {n} {c['claim'][:60]}")
                errors += 1
        for k in sorted(arts):
            if k == own:
                continue
            label, evidence = c["marks"].get(k, ("absent", []))
            for e in evidence:
                if norm(e) not in norm(arts[k]):
                    print(f"evidence not in clean article {k}: {n} {e[:70]}")
                    errors += 1
            rows.append({"cluster": f"{FILE}:{n}", "spec": {"file": FILE, "line": n, "first": None},
                         "claim": c["claim"], "origin": c["origin"], "article": str(k),
                         "label": label, "evidence": evidence, "note": c["notes"].get(k, ""),
                         "tier": "unreferenced" if n in FREE else "other-task",
                         "split": "blind2", "split_seed": DRAW_SEED})
    if errors:
        print(f"{errors} errors; nothing written")
        return 1
    with open(OUT, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} pairs, {len(claims)} claims, "
          f"{len(clusters)} clusters, {dict(Counter(r['label'] for r in rows))}")
    for tier in ("unreferenced", "other-task"):
        part = [r for r in rows if r["tier"] == tier]
        print(f"  {tier:<13} {len({r['cluster'] for r in part}):>2} clusters {len(part):>4} pairs "
              f"{dict(Counter(r['label'] for r in part))}")
    for origin in ("article", "typed"):
        part = [r for r in rows if r["origin"].startswith(origin)]
        print(f"  claims from {origin:<8} {len(part):>4} pairs {dict(Counter(r['label'] for r in part))}")
    # A dispute between outlets: the claim is an article's sentence, or another article reports it.
    backed = {(r["cluster"], r["claim"]) for r in rows if r["label"] == "reports" or r["origin"] != "typed"}
    cross = [r for r in rows if r["label"] == "disputes" and (r["cluster"], r["claim"]) in backed]
    print(f"  disputes between outlets (claim from an article, or reported by another): {len(cross)} "
          f"in {len({r['cluster'] for r in cross})} clusters; the other "
          f"{sum(r['label'] == 'disputes' for r in rows) - len(cross)} dispute a typed claim no article states")
    gone = {n: ks for n, ks in dropped.items() if ks}
    print(f"articles the cleaner drops (no pairs): {gone}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
