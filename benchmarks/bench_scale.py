"""Scale: ingest + dedupe + cluster throughput, peak memory and the cost curve at 1k-100k articles.

The larger sets are built by resampling the 398 real articles of multinews-dev and
TAC 2011 (../shared/data) with light perturbation, so that duplicates and stories
are known:

* a *unit* is (real article b, replica r). Replica 0 is the article as it is;
  replica r > 0 is a made-up new story: nearly all (95%) of its rarer words (less frequent
  than 1 in 10^3.5 in English: names, places, topic words) get a suffix of the replica's
  own ("Aleppo" -> "Aleppoqe"), consistently across the replica, so the articles of
  one replica story still resemble each other as much as the real ones do, while
  replicas of different stories share only their function words; one paragraph is
  dropped;
* three quarters of the documents are distinct units; the rest are copies of units
  (one sentence dropped, one word changed, another outlet and url), which must fold.

Each size is written to a JSON Lines file and ingested in a fresh subprocess
(``storyweave.corpus.ingest`` on the path: read -> clean -> fold -> cluster -> SQLite),
so the peak RSS is that size's alone. Prints articles/s, peak RSS, the store size,
duplicates found against planted, and B-cubed F1 of the stories against the known
grouping; writes benchmarks/results/scale.json.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--workers 2]

``--uncapped`` lifts the candidate caps (``corpus.writer.MAX_POSTING``, ``corpus.writer.MAX_CANDIDATES``:
every holder of a key is looked up, every candidate compared) and also runs the capped
store on the same documents, then prints how far the two partitions are apart (B-cubed of
the capped stories against the uncapped ones, and how many articles sit in a different
story): what the caps, which keep the cost per document flat, change in the stories.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "benchmarks" / "results" / "scale.json"
_NAME = re.compile(r"(?<=[a-z,;:] )([A-Z][a-z]{2,})")


_WORD = re.compile(r"\b[a-z]{4,}\b")


def _renamed(word: str, r: int) -> bool:
    """Whether replica ``r`` renames ``word``: most rarer words (under 1 in 10^3.5), never
    common ones (a suffixed "said" would be a made-up rare word every story shares)."""
    import zlib

    from storyweave.corpus.cluster import _log10_rarity

    if _log10_rarity().get(word.lower(), 9.0) < 3.5:
        return False
    return zlib.crc32(f"{word}/{r}".encode()) % 100 < 95


def _suffix(r: int) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    vowels = "aeiou"
    out = ""
    while True:
        out += letters[r % 20] + vowels[(r // 20) % 5]
        r //= 100
        if not r:
            return out


def build(size: int, path: Path, seed: int = 0) -> dict[str, str]:
    """Write ``size`` documents to ``path`` (JSON Lines); returns url -> true story."""
    from bench_cluster import load

    docs, gold = load()
    rng = random.Random(seed)
    units = max(1, (size * 3) // 4)
    truth: dict[str, str] = {}

    def unit(u: int) -> tuple[str, str]:
        b, r = u % len(docs), u // len(docs)
        base = docs[b].content
        if r:
            tag = _suffix(r)
            base = _NAME.sub(lambda m: m.group(1) + tag if _renamed(m.group(1), -r) else m.group(1), base)
            base = _WORD.sub(lambda m: m.group(0) + tag if _renamed(m.group(0), r) else m.group(0), base)
            paras = [p for p in base.split("\n\n") if p.strip()]
            if len(paras) > 3:
                del paras[(r * 7) % len(paras)]
            base = "\n\n".join(paras)
        return base, f"{gold[docs[b].path]}/r{r}"

    order = list(range(size))
    rng.shuffle(order)
    with open(path, "w", encoding="utf-8") as fh:
        for i in order:
            if i < units:
                text, story = unit(i)
                kind = "unit"
            else:
                u = rng.randrange(units)
                text, story = unit(u)
                sentences = re.split(r"(?<=[.!?]) ", text)
                if len(sentences) > 6:
                    del sentences[rng.randrange(1, len(sentences))]
                text = " ".join(sentences).replace(" said ", " stated ", 1)
                kind = "copy"
            url = f"https://outlet{i % 97}.example/{i}"
            truth[url] = story
            fh.write(json.dumps({"text": text, "url": url, "outlet": f"Outlet {i % 97}",
                                 "kind": kind}) + "\n")
    return truth


def one(size: int, data: Path, db: Path, workers: int | None, uncapped: bool = False) -> dict:
    """Ingest ``data`` into ``db`` in this process; returns the measurements."""
    import storyweave.corpus.writer as writer
    from storyweave.corpus import Store, ingest

    if uncapped:  # read at call time by Writer._candidates
        writer.MAX_POSTING = writer.MAX_CANDIDATES = 10**9

    start = time.perf_counter()
    with Store(db) as store:
        report = ingest([str(data)], store, workers=workers)
        seconds = time.perf_counter() - start
        url_story = {}
        for row in store.db.query(
            "SELECT c.url, a.story_id FROM copies c JOIN articles a ON a.id = c.article_id"
        ):
            url_story[row[0]] = row[1]
        articles = store.count_articles()
        stories = store.count_stories()
        biggest = store.db.query(
            "SELECT count(*) FROM articles GROUP BY component ORDER BY 1 DESC LIMIT 1"
        )[0][0]
        stages = dict(store.stage_seconds)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # Dask workers, when local
    cpu = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime
    peak_kb = usage.ru_maxrss
    return {
        "documents": size, "seconds": round(seconds, 2),
        "docs_per_s": round(size / seconds, 1),
        # CPU seconds, all processes: on a machine shared with other jobs the wall clock
        # overstates the cost; documents per CPU-second per core is what 2 idle cores give
        "cpu_seconds": round(cpu, 2), "docs_per_cpu_s": round(size / cpu, 1),
        "added": report.added, "duplicates": report.duplicates, "skipped": len(report.skipped),
        "articles": articles, "stories": stories, "largest_component": biggest,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "db_mb": round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20, 1),
        # wall milliseconds per document in each stage (see corpus.writer.Clock): which parts grow
        "stage_ms_per_doc": {k: round(1000 * v / size, 3) for k, v in stages.items()},
        "url_story": url_story,
    }


def _measure(size: int, data: Path, db: Path, workers: int | None, uncapped: bool) -> dict | None:
    """``one`` in a fresh subprocess (so that its peak RSS is its own)."""
    cmd = [sys.executable, __file__, "--one", str(size), str(data), str(db)]
    if workers:
        cmd += ["--workers", str(workers)]
    if uncapped:
        cmd.append("--uncapped")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
    if proc.returncode:
        print(proc.stderr[-2000:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _moved(a: dict[str, str], b: dict[str, str]) -> int:
    """Documents whose story in ``a`` is not the one in ``b``: each story of ``a`` is
    matched to the story of ``b`` holding most of its documents; the rest moved."""
    overlap: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for doc, story in a.items():
        if doc in b:
            overlap[story][b[doc]] += 1
    return sum(sum(c.values()) - max(c.values()) for c in overlap.values())


def _commit() -> str:
    """The code measured (runs of older code stay in the results file until rerun)."""
    proc = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True)
    return proc.stdout.strip() or "?"


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    items = [i for i in pred if i in gold]
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items)
    p, r = p / len(items), r / len(items)
    return p, r, 2 * p * r / (p + r)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--workers", type=int, default=None, help="Dask local workers")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--uncapped", action="store_true",
                        help="lift the candidate caps, and compare with the capped stories")
    parser.add_argument("--one", nargs=3, metavar=("SIZE", "DATA", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = one(int(args.one[0]), Path(args.one[1]), Path(args.one[2]), args.workers,
                     args.uncapped)
        print(json.dumps(result))
        return 0
    if not (DATA / "multinews-dev.jsonl").is_file():
        print(f"skipped: {DATA} does not hold the real articles to resample")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]  # "" prints the stored curve only
    rows = []
    print(f"{'docs':>8}{'sec':>9}{'docs/s':>8}{'CPU s':>8}{'added':>8}{'dups':>7}{'planted':>8}{'skip':>6}"
          f"{'stories':>8}{'maxcomp':>8}{'RSS MB':>8}{'DB MB':>8}{'B3 F1':>7}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data, db = Path(tmp) / "docs.jsonl", Path(tmp) / "corpus.sqlite"
            truth = build(size, data)
            planted = size - max(1, (size * 3) // 4)
            result = _measure(size, data, db, args.workers, args.uncapped)
            capped = None
            if args.uncapped:
                db.unlink()
                for extra in db.parent.glob(db.name + "-*"):
                    extra.unlink()
                capped = _measure(size, data, db, args.workers, False)
        if result is None or (args.uncapped and capped is None):
            return 1
        url_story = result.pop("url_story")
        if capped is not None:
            cp, cr, cf1 = bcubed(capped["url_story"], url_story)
            moved = _moved(capped["url_story"], url_story)
            _, _, capped_f1 = bcubed(capped["url_story"], truth)
            result["caps_vs_uncapped"] = {
                "capped_seconds": capped["seconds"], "capped_docs_per_s": capped["docs_per_s"],
                "capped_bcubed_f1_against_truth": round(capped_f1, 4),
                "capped_stories": capped["stories"], "bcubed_precision": round(cp, 4),
                "bcubed_recall": round(cr, 4), "bcubed_f1": round(cf1, 4),
                "documents_moved": moved,
            }
            print(f"  capped: {capped['seconds']:.1f} s ({capped['docs_per_s']}/s), "
                  f"{capped['stories']} stories against {result['stories']} uncapped; "
                  f"B-cubed of capped against uncapped P {cp:.4f} R {cr:.4f} F1 {cf1:.4f}; "
                  f"{moved} of {len(url_story)} documents in a story that differs; "
                  f"capped B-cubed F1 against the truth {capped_f1:.3f}")
        p, r, f1 = bcubed(url_story, truth)
        result.update({"uncapped": args.uncapped, "planted_duplicates": planted, "bcubed_precision": round(p, 4),
                       "bcubed_recall": round(r, 4), "bcubed_f1": round(f1, 4),
                       "workers": args.workers or 1, "commit": _commit()})
        rows.append(result)
        print(f"{size:>8}{result['seconds']:>9.1f}{result['docs_per_s']:>8.1f}"
              f"{result['cpu_seconds']:>8.1f}{result['added']:>8}"
              f"{result['duplicates']:>7}{planted:>8}{result['skipped']:>6}{result['stories']:>8}"
              f"{result['largest_component']:>8}{result['peak_rss_mb']:>8.0f}{result['db_mb']:>8.0f}"
              f"{f1:>7.3f}")
        print("        ms per document by stage: " + ", ".join(
            f"{k} {v:.2f}" for k, v in result.get("stage_ms_per_doc", {}).items()))
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        growth = (b["seconds"] / a["seconds"]) / (b["documents"] / a["documents"])
        print(f"cost per document grew {growth:.2f}x from {a['documents']} to {b['documents']} "
              "(1.00 = linear)")
    out = Path(args.out)
    previous = json.loads(out.read_text()) if out.exists() else {}
    def key(r: dict) -> tuple:
        return r["documents"], r.get("workers", 1), r.get("uncapped", False)

    by_key = {key(r): r for r in previous.get("runs", [])}
    for r in rows:
        by_key[key(r)] = r
    result = {
        "benchmark": "scale",
        "runs": sorted(by_key.values(), key=lambda r: (r.get("uncapped", False), r.get("workers", 1),
                                                      r["documents"])),
        "machine": "2 cores shared with other engineers' jobs (timings pessimistic)",
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_curve(result["runs"])
    print(f"wrote {out}")
    return 0


def print_curve(runs: list[dict]) -> None:
    """The cost curve over every stored run, per number of workers."""
    runs = [r for r in runs if not r.get("uncapped")]  # those are in caps_vs_uncapped
    for workers in sorted({r.get("workers", 1) for r in runs}):
        points = sorted((r for r in runs if r.get("workers", 1) == workers),
                        key=lambda r: r["documents"])
        print(f"curve, {workers} process(es): documents -> seconds (docs/s; cost per document "
              "relative to the smallest run, wall and CPU)")
        base = points[0]["seconds"] / points[0]["documents"]
        base_cpu = points[0].get("cpu_seconds", 0) / points[0]["documents"]
        for r in points:
            rel = (r["seconds"] / r["documents"]) / base
            cpu = ""
            if r.get("docs_per_cpu_s") and base_cpu:
                cpu = (f", {r['docs_per_cpu_s']} docs per CPU-s; CPU "
                       f"x{(r['cpu_seconds'] / r['documents']) / base_cpu:.2f}")
            print(f"  {r['documents']:>7} -> {r['seconds']:>8.1f} s ({r['docs_per_s']}/s; "
                  f"wall x{rel:.2f}{cpu})")


if __name__ == "__main__":
    sys.exit(main())
