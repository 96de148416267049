"""How well the language check tells English from the rest, and what it costs.

On benchmarks/data/language_gold.jsonl (hand-labelled; split once by site, see its
first line): accuracy, precision and recall of "is English" on the blind half for
- "always English" (the simple baseline: no check at all),
- the function-word share at its shipped threshold (the check before py3langid),
- py3langid as shipped (``storyweave.clean.language.guess_language``),
- py3langid on the first 4,000 characters only, and
- a combination: the function-word share for texts of under 10 words, else py3langid;
with a table by kind of text, the time per text, the load time and the installed size
of each. ``--tune`` prints the same on the tuning half together with the choices made
there (how many characters py3langid reads, the combinations). Page texts come from
../shared/data/trafilatura-eval-text.jsonl; without it only the invented texts are
scored. Writes benchmarks/results/language.json.

    .venv/bin/python benchmarks/bench_language.py [--tune]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "data" / "language_gold.jsonl"
PAGES = ROOT.parent / "shared" / "data" / "trafilatura-eval-text.jsonl"
OUT = ROOT / "benchmarks" / "results" / "language.json"
_WORD = re.compile(r"[^\W\d_]+")


def load_gold(split: str | None = None) -> list[dict]:
    """The gold items of one split (or all) with their ``text`` resolved.

    ``clean`` items are the page through storyweave's cleaner; pages the cleaner
    skips (too short, not an article) never reach the language check and are left
    out. Page items are left out when the shared data is absent.
    """
    from storyweave.clean import clean
    from storyweave.config import Config
    from storyweave.records import RawDocument, Skip

    lines = GOLD.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines[1:]]
    pages: list[str] | None = None
    if PAGES.exists():
        with PAGES.open(encoding="utf-8") as f:
            pages = [json.loads(line)["text"] for line in f]
    config = Config()
    out = []
    for item in items:
        if split and item["split"] != split:
            continue
        if item["source"] == "invented":
            text = item["text"]
        elif pages is None:
            continue
        else:
            page = pages[item["page"]]
            if item["view"] == "raw":
                text = page
            elif item["view"] == "window":
                text = page[item["offset"]: item["offset"] + item["length"]]
            else:
                article = clean(RawDocument(path=item["id"], content=page), config)
                if isinstance(article, Skip) or article.n_words < config.min_article_words:
                    continue
                text = article.text
        out.append({**item, "text": text})
    return out


def score(predict: Callable[[str], bool], items: list[dict]) -> dict:
    """Accuracy, precision, recall and F1 of "is English", and the mean time per text
    (CPU time of this process, so that other work on a shared machine does not count)."""
    tp = fp = fn = tn = 0
    start = time.process_time()
    for item in items:
        said = predict(item["text"])
        if said and item["english"]:
            tp += 1
        elif said:
            fp += 1
        elif item["english"]:
            fn += 1
        else:
            tn += 1
    seconds = time.process_time() - start
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(items), "accuracy": (tp + tn) / len(items) if items else 0.0,
        "precision": precision, "recall": recall, "f1": f1,
        "false_english": fp, "missed_english": fn,
        "ms_per_text": 1000 * seconds / max(1, len(items)),
    }


def _package_size(name: str) -> int:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return 0
    folder = Path(next(iter(spec.submodule_search_locations)))
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def methods() -> dict[str, tuple[Callable[[str], bool], float, int]]:
    """Name -> (predict, load seconds, installed bytes)."""
    from storyweave.clean import language
    from storyweave.clean.accept import MIN_ENGLISH_SHARE, english_share

    start = time.perf_counter()
    identifier = language._get_identifier()
    load = time.perf_counter() - start
    size = _package_size("py3langid")

    def fw(text: str) -> bool:
        return english_share(text) >= MIN_ENGLISH_SHARE

    def shipped(text: str) -> bool:
        return language.guess_language(text).english

    def head(text: str) -> bool:
        return identifier.classify(text[: language.MAX_CHARS])[0] == "en"

    def combo(text: str) -> bool:
        return fw(text) if len(_WORD.findall(text)) < 10 else shipped(text)

    return {
        "always English (baseline)": (lambda text: True, 0.0, 0),
        f"function words >= {MIN_ENGLISH_SHARE} (before)": (fw, 0.0, 0),
        "py3langid, shipped": (shipped, load, size),
        f"py3langid, first {language.MAX_CHARS} chars": (head, load, size),
        "function words < 10 words, else py3langid": (combo, load, size),
    }


def tuning_choices(items: list[dict]) -> list[dict]:
    """The choices made on the tuning half: how much text py3langid reads, and how."""
    from storyweave.clean import language
    from storyweave.clean.accept import english_share

    identifier = language._get_identifier()
    rows = []
    for cap in (1000, 2000, 4000, 8000, None):
        for spread in (False, True):
            if cap is None and spread:
                continue

            def predict(text: str, cap: int | None = cap, spread: bool = spread) -> bool:
                if cap is None:
                    sample = text
                elif spread:
                    sample = language.sample_text(text, cap)
                else:
                    sample = text[:cap]
                return identifier.classify(sample)[0] == "en"

            name = "whole text" if cap is None else f"{'slices' if spread else 'first'} {cap}"
            rows.append({"choice": f"py3langid, {name}", **score(predict, items)})
    for threshold in (0.1, 0.3, 0.5, 0.9):
        def by_probability(text: str, threshold: float = threshold) -> bool:
            ranked = dict(identifier.rank(language.sample_text(text)))
            return ranked.get("en", 0.0) >= threshold

        rows.append({"choice": f"py3langid P(en) >= {threshold}", **score(by_probability, items)})
    for words in (5, 10, 20):
        def short_fw(text: str, words: int = words) -> bool:
            if len(_WORD.findall(text)) < words:
                return english_share(text) >= 0.15
            return language.guess_language(text).english

        rows.append({"choice": f"function words under {words} words, else py3langid",
                     **score(short_fw, items)})

    def either(text: str) -> bool:
        return language.guess_language(text).english or english_share(text) >= 0.25

    rows.append({"choice": "py3langid or function words >= 0.25", **score(either, items)})
    return rows


def by_case(predict: Callable[[str], bool], items: list[dict]) -> dict[str, dict]:
    cases = sorted({item["case"] for item in items})
    return {case: score(predict, [i for i in items if i["case"] == case]) for case in cases}


def kept_documents() -> dict:
    """The bundled samples and the multinews-dev documents that reach the language check
    (cleaned, long enough): how many each check keeps, and which ones change."""
    from storyweave.clean import MIN_ENGLISH_SHARE, clean, english_share, language_problem
    from storyweave.config import Config
    from storyweave.records import RawDocument, Skip

    docs = [(p.name, p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "examples" / "aleppo-2016").glob("*.txt"))]
    multinews = ROOT.parent / "shared" / "data" / "multinews-dev.jsonl"
    if multinews.exists():
        with multinews.open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                docs += [(f"multinews {row['id']}#{j}", d) for j, d in enumerate(row["documents"])]
    config = Config()
    checked = before = after = 0
    changed = []
    for name, text in docs:
        article = clean(RawDocument(path=name, content=text), config)
        if isinstance(article, Skip) or article.n_words < config.min_article_words:
            continue
        checked += 1
        old = english_share(article.text) >= MIN_ENGLISH_SHARE
        problem = language_problem(article.text)
        before += old
        after += problem is None
        if old != (problem is None):
            changed.append({"document": name, "before": "kept" if old else "skipped",
                            "now": problem or "kept"})
    return {"documents": len(docs), "checked": checked, "kept_before": before,
            "kept_now": after, "changed": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="score the tuning half and the choices")
    args = parser.parse_args()
    split = "tune" if args.tune else "blind"
    items = load_gold(split)
    n_en = sum(i["english"] for i in items)
    print(f"{split} half: {len(items)} texts ({n_en} English)"
          + ("" if PAGES.exists() else "; shared data absent: invented texts only"))
    results: dict = {"split": split, "n": len(items), "n_english": n_en, "methods": {}}
    print(f"{'method':<46} {'acc':>6} {'P':>6} {'R':>6} {'F1':>6} {'FP':>4} {'FN':>4}"
          f" {'ms/text':>8} {'load s':>7} {'size MB':>8}")
    table = methods()
    for name, (predict, load, size) in table.items():
        row = score(predict, items)
        row.update(load_seconds=round(load, 3), installed_mb=round(size / 1e6, 2))
        results["methods"][name] = row
        print(f"{name:<46} {row['accuracy']:6.4f} {row['precision']:6.4f} {row['recall']:6.4f}"
              f" {row['f1']:6.4f} {row['false_english']:4d} {row['missed_english']:4d}"
              f" {row['ms_per_text']:8.3f} {load:7.2f} {size / 1e6:8.2f}")
    before = next(k for k in table if k.startswith("function words >="))
    shipped = "py3langid, shipped"
    print(f"\naccuracy by kind of text ({split} half)")
    print(f"{'kind':<14} {'n':>5} {'before':>7} {'shipped':>8}")
    cases_before = by_case(table[before][0], items)
    cases_shipped = by_case(table[shipped][0], items)
    for case, row in cases_shipped.items():
        print(f"{case:<14} {row['n']:5d} {cases_before[case]['accuracy']:7.4f}"
              f" {row['accuracy']:8.4f}")
    results["by_case"] = {"before": cases_before, "shipped": cases_shipped}
    errors = [{"id": i["id"], "label": i["label"], "case": i["case"]}
              for i in items if table[shipped][0](i["text"]) != i["english"]]
    results["shipped_errors"] = errors
    print(f"\nshipped errors: {', '.join(e['id'] + ' (' + e['label'] + ')' for e in errors) or 'none'}")
    if not args.tune:
        kept = kept_documents()
        results["samples_and_multinews_dev"] = kept
        print(f"\nsamples + multinews-dev: {kept['checked']} of {kept['documents']} documents reach"
              f" the check; kept before {kept['kept_before']}, now {kept['kept_now']};"
              f" changed {len(kept['changed'])}"
              + "".join(f"\n  {c['document']}: {c['before']} -> {c['now']}" for c in kept["changed"]))
    if args.tune:
        print("\nchoices on the tuning half")
        rows = tuning_choices(items)
        for row in rows:
            print(f"{row['choice']:<52} acc {row['accuracy']:6.4f} P {row['precision']:6.4f}"
                  f" R {row['recall']:6.4f} FP {row['false_english']:3d}"
                  f" FN {row['missed_english']:3d} {row['ms_per_text']:6.3f} ms")
        results["choices"] = rows
    out = OUT if not args.tune else OUT.with_name("language_tune.json")
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
