"""Quality and speed of the cleaning stage: the learned cleaner beside its baselines.

Four ways to keep lines, run on the same lines in the same process:
* ``learned``: the shipped cleaner (the rules' verdicts as features of a learned model,
  ``storyweave.clean.model``);
* ``rules``: today's rule cleaner alone (``clean_text(..., learned=False)``);
* ``jusText``: jusText's paragraph classifier, each line wrapped in ``<p>``, with the
  stop-word list of the page's language (the list that covers most of its words);
* ``keep all``: every non-empty line.

Data:
1. the five bundled samples against their gold (examples/aleppo-2016/gold): body-line
   P/R/F1 (a kept line is body when its normalised form is a gold body line; neutral
   lines and the title are ignored), and whether title and outlet were recognised
   (the issue's floor: F1 >= 0.97, 5/5). The samples are in the model's training data.
2. the hand-labelled Multi-News lines (tests/data/clean_heldout, when shared/data is
   present): batch 1 is in the model's training data, batch 2 is not.
3. the BLIND half of shared/data/trafilatura-eval-text.jsonl (benchmarks/data/clean_split.json,
   split by site before any tuning; the model never saw these sites): snippet P/R/F1 on
   the English pages and, apart, on all pages (trafilatura's own benchmark rule).

Speed: milliseconds per page of ``clean_text`` (mean and 95th percentile) over the set's
English pages, its blind pages and the Multi-News documents. Writes benchmarks/results/clean.json.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_clean.py
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"
HELDOUT = ROOT / "tests" / "data" / "clean_heldout"
SHARED = ROOT.parent / "shared" / "data"
MULTINEWS = SHARED / "multinews-dev.jsonl"
PAGES = SHARED / "trafilatura-eval-text.jsonl"
SPLIT = ROOT / "benchmarks" / "data" / "clean_split.json"
OUT = ROOT / "benchmarks" / "results" / "clean.json"
#: trafilatura on the same pages' HTML, English pages (issue 18): a reference, not rerun here.
TRAFILATURA_HTML_F1 = 0.917

Keeper = Callable[[Sequence[str]], list[bool]]


def _cleaner(learned: bool) -> Keeper:
    from storyweave.clean import classify_lines

    return lambda lines: classify_lines(lines, learned=learned)


def _keep_all(lines: Sequence[str]) -> list[bool]:
    return [bool(line.strip()) for line in lines]


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext

    return {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}


def _justext(lines: Sequence[str]) -> list[bool]:
    import justext

    words = " ".join(lines).lower().split()
    best = max(_stoplists().items(), key=lambda kv: sum(w in kv[1] for w in words))[1]
    index = [i for i, line in enumerate(lines) if line.strip()]
    page = "<html><body>" + "".join(f"<p>{html.escape(lines[i].strip())}</p>" for i in index)
    paragraphs = justext.justext(page + "</body></html>", best) if index else []
    keep = [False] * len(lines)
    # jusText gives one paragraph a <p>; match them back in order by text
    at = 0
    for para in paragraphs:
        text = " ".join(para.text.split())
        while at < len(index) and " ".join(lines[index[at]].split()) != text:
            at += 1
        if at < len(index):
            keep[index[at]] = not para.is_boilerplate
            at += 1
    return keep


def main() -> None:
    from clean_gold import Counts, load_heldout, score_gold, score_heldout  # benchmarks/

    from storyweave.clean import clean_text
    from storyweave.clean.pagedata import SnippetCounts, pages_of_half, score_snippets
    from storyweave.records import normalize

    methods: dict[str, Keeper] = {
        "learned": _cleaner(True),
        "rules": _cleaner(False),
        "jusText": _justext,
        "keep all": _keep_all,
    }
    result: dict = {"methods": list(methods)}

    # 1. the bundled samples
    seed: dict[str, Counts] = {m: Counts() for m in methods}
    titles = {"learned": 0, "rules": 0}
    outlets = {"learned": 0, "rules": 0}
    golds = sorted((EXAMPLES / "gold").glob("*.json"))
    for gold_file in golds:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (EXAMPLES / gold["file"]).read_text(encoding="utf-8")
        lines = text.splitlines()
        for name, keeper in methods.items():
            if name in titles:
                cleaned = clean_text(text, learned=name == "learned")
                kept = list(cleaned.paragraphs)
                titles[name] += (normalize(cleaned.title) if cleaned.title else None) == gold["title"]
                outlets[name] += cleaned.outlet == (gold["syndicated_from"] or gold["outlet"]) and (
                    cleaned.syndicated_from == gold["syndicated_from"]
                )
            else:
                kept = [line.strip() for line, k in zip(lines, keeper(lines), strict=True) if k]
            seed[name] += score_gold(kept, gold)
    print(f"1. bundled samples ({len(golds)}; in the model's training data): body lines")
    print(f"   {'method':<10} {'P':>6} {'R':>6} {'F1':>6}  titles  outlets")
    for name, c in seed.items():
        extra = f"  {titles[name]}/{len(golds)}     {outlets[name]}/{len(golds)}" if name in titles else ""
        print(f"   {name:<10} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}{extra}")
    result["samples"] = {
        name: {
            "precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
            **({"titles_ok": titles[name], "outlets_ok": outlets[name]} if name in titles else {}),
            "n": len(golds),
        }
        for name, c in seed.items()
    }  # fmt: skip

    # 2. hand-labelled Multi-News lines
    if MULTINEWS.exists():
        held: dict[tuple[str, str], Counts] = {}
        docs: dict[str, int] = {}
        for label_file in sorted(HELDOUT.glob("*.json")):
            batch = f"batch {json.loads(label_file.read_text(encoding='utf-8'))['batch']}"
            lines, labels = load_heldout(label_file, MULTINEWS)
            for key in (batch, "all"):
                docs[key] = docs.get(key, 0) + 1
            for name, keeper in methods.items():
                counts = score_heldout(keeper(lines), labels)
                for key in (batch, "all"):
                    held[name, key] = held.get((name, key), Counts()) + counts
        notes = {"batch 1": "in training", "batch 2": "NOT in training", "all": ""}
        print("\n2. hand-labelled Multi-News lines: body-line F1 (P / R)")
        keys = sorted(docs, key=lambda k: (k == "all", k))
        print(f"   {'method':<10} " + " ".join(f"{k + ' (' + str(docs[k]) + ' docs)':>24}" for k in keys))
        for name in methods:
            cells = [held[name, k] for k in keys]
            print(f"   {name:<10} " + " ".join(
                f"{c.f1:>8.3f} ({c.precision:.3f}/{c.recall:.3f})" for c in cells
            ))  # fmt: skip
        print("   " + "; ".join(f"{k}: {v}" for k, v in notes.items() if v))
        result["multinews"] = {
            name: {
                k: {"documents": docs[k], "precision": round(held[name, k].precision, 4),
                    "recall": round(held[name, k].recall, 4), "f1": round(held[name, k].f1, 4),
                    "note": notes[k]}
                for k in keys
            }
            for name in methods
        }  # fmt: skip
    else:
        print(f"\n2. Multi-News labels: skipped, {MULTINEWS} not found")

    # 3. the blind half of the snippet pages
    blind = pages_of_half(PAGES, SPLIT, "blind") if PAGES.exists() else []
    if blind:
        english = sum(p["english"] for p in blind)
        print(f"\n3. BLIND half of trafilatura-eval-text ({len(blind)} pages of sites never used "
              f"in training or tuning, {english} English): snippet P / R / F1")
        print(f"   {'method':<10} {'English P':>9} {'R':>6} {'F1':>6}   {'all P':>6} {'R':>6} {'F1':>6}")
        snippets = {}
        for name, keeper in methods.items():
            en = every = SnippetCounts()
            for page in blind:
                lines = page["text"].splitlines()
                kept = [line for line, k in zip(lines, keeper(lines), strict=True) if k]
                counts = score_snippets(kept, page)
                every += counts
                if page["english"]:
                    en += counts
            snippets[name] = {"english": en.as_dict(), "all": every.as_dict()}
            print(f"   {name:<10} {en.precision:9.3f} {en.recall:6.3f} {en.f1:6.3f}   "
                  f"{every.precision:6.3f} {every.recall:6.3f} {every.f1:6.3f}")
        print(f"   (trafilatura on these pages' HTML, all 181 English pages: F1 {TRAFILATURA_HTML_F1}; "
              "not rerun here)")
        result["blind"] = {"pages": len(blind), "english_pages": english, "snippets": snippets,
                           "trafilatura_html_english_f1_reference": TRAFILATURA_HTML_F1}
    else:
        print(f"\n3. snippet pages: skipped, {PAGES} not found")

    # speed: every English page of the set (speed needs no labels, so both halves),
    # the blind pages (all languages) and the Multi-News documents
    corpora = {}
    if PAGES.exists():
        from storyweave.clean.pagedata import read_pages

        corpora["English pages"] = [p["text"] for p in read_pages(PAGES) if p["english"]]
    if blind:
        corpora["blind pages"] = [p["text"] for p in blind]
    if MULTINEWS.exists():
        with MULTINEWS.open(encoding="utf-8") as fh:
            corpora["multinews-dev documents"] = [d for line in fh for d in json.loads(line)["documents"]]
    if not corpora:
        corpora["bundled samples x20"] = [
            (EXAMPLES / json.loads(g.read_text(encoding="utf-8"))["file"]).read_text(encoding="utf-8")
            for g in golds
        ] * 20
    clean_text("Warm up the stop words and the model. It is loaded once.")
    print("\nspeed of clean_text per page: mean and 95th percentile of the wall time, mean CPU "
          "(2 shared cores, other work running: pessimistic)")
    result["speed"] = {}
    for corpus, texts in corpora.items():
        lines = sum(1 for t in texts for x in t.splitlines() if x.strip())
        row = {"documents": len(texts), "lines": lines}
        for learned in (True, False):
            name = "learned" if learned else "rules"
            walls = []
            cpu = time.process_time()
            for text in texts:
                start = time.perf_counter()
                clean_text(text, learned=learned)
                walls.append(time.perf_counter() - start)
            walls.sort()
            row[f"{name}_ms_per_page"] = round(1000 * sum(walls) / len(texts), 3)
            row[f"{name}_p95_ms"] = round(1000 * walls[int(0.95 * (len(walls) - 1))], 3)
            row[f"{name}_cpu_ms_per_page"] = round(1000 * (time.process_time() - cpu) / len(texts), 3)
        print(f"   {corpus} ({len(texts)}, {lines / len(texts):.0f} lines each): learned "
              f"{row['learned_ms_per_page']:.2f} ms/page, p95 {row['learned_p95_ms']:.2f} "
              f"(CPU {row['learned_cpu_ms_per_page']:.2f}); rules {row['rules_ms_per_page']:.2f}, "
              f"p95 {row['rules_p95_ms']:.2f} (CPU {row['rules_cpu_ms_per_page']:.2f})")
        result["speed"][corpus] = row

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
