"""Out-of-fold quote and speaker figures on the TUNING half of the quote gold, and the errors.

    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/quotes_oof.py [--errors]

The shipped models are trained on the whole tuning half, so ``bench_quotes.py
--tuning-only`` scores them on their own training data. This script gives the honest
tuning figure: the tuning clusters are cut into ``train_quotes.FOLDS`` folds (the
trainer's own folds, by cluster); for each fold, ``train_quotes``'s whole procedure (two
passes, thresholds by inner cross-validation) runs on the other folds and the resulting
models extract the fold's quotes (``storyweave.facts.extract``, as the benchmark does).
The blind half is never read. ``--errors`` prints each wrong speaker with its class and
whether the gold speaker was among the candidates, and the counts of each class.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def as_weights(model: dict) -> dict:
    return {"quote": model["quote"]["weights"] | {"threshold": model["quote"]["threshold"]},
            "speaker": model["speaker"]["weights"] | {"threshold": model["speaker"]["threshold"]}}


def out_of_fold(docs: list[dict], arts: dict, parsed: dict) -> tuple[dict, dict]:
    """``found`` as ``bench_quotes.storyweave_quotes`` gives it, each fold by models trained
    on the other folds; and the candidate rows of each article (``article_quotes``'s ``collect``)."""
    import train_quotes as tq

    from storyweave.facts import entities as ents
    from storyweave.facts import extraction, quote_model
    from storyweave.facts.quotes import article_quotes

    fold = tq.folds_of(list(arts))
    real_parse = extraction.parse

    def cached_parse(articles, nlp=None):  # noqa: ANN001, ANN202
        keyed = {(a.id, a.text): p for p, a in ((p, p.article) for p in parsed.values())}
        if all((a.id, a.text) in keyed for a in articles):
            return [keyed[(a.id, a.text)] for a in articles]
        return real_parse(articles, nlp)

    import bench_quotes as bq

    saved = quote_model.weights
    found: dict = {}
    rows_of: dict = {}
    extraction.parse = cached_parse
    try:
        for i in range(tq.FOLDS):
            train_docs = [d for d in docs if fold.get((d["corpus"], d["line"], d["doc"])) not in {i, None}]
            model = None
            for rnd in (1, 2):
                w = quote_model._DEFAULT if rnd == 1 else as_weights(model)
                quote_model.weights = lambda w=w: w
                spans, speakers = tq.collect(train_docs, arts, parsed)
                model = tq.train(spans, speakers)
            w = as_weights(model)
            quote_model.weights = lambda w=w: w
            held = {k: a for k, a in arts.items() if fold[k] == i}
            found.update(bq.storyweave_quotes(held))
            for k in held:
                rows: list = []
                article_quotes(parsed[k], ents.article_names(parsed[k]), collect=rows)
                rows_of[k] = rows
    finally:
        quote_model.weights = saved
        extraction.parse = real_parse
    return found, rows_of


def classify(gold: str, got: str | None, cands: list[str], feats: list[dict] | None = None) -> str:
    """One wrong named speaker's class (``feats``: the candidates' speaker features)."""
    import bench_quotes as bq

    how = ""
    if got and feats:
        mine = [f for c, f in zip(cands, feats, strict=True) if c == got]
        if any(f.get("pronoun_cue") or f.get("src_recent_person") for f in mine):
            how = ", by a pronoun"
        elif any(f.get("group") for f in mine):
            how = ", an organisation"

    if not got:
        return "no speaker given" + ("" if any(bq.same_speaker(c, gold) for c in cands) else " (gold not a candidate)")
    if not bq._looks_named(got) or got[:1].islower():
        return "role/description not resolved to the name"
    a, b = set(bq.fold(got)), set(bq.fold(gold))
    if a & b:
        return "partial name (truncated / extended)"
    in_c = any(bq.same_speaker(c, gold) for c in cands)
    return "another name" + how + (" (gold among candidates)" if in_c else " (gold not a candidate)")


def main() -> None:
    import bench_quotes as bq
    import train_quotes as tq

    from storyweave.facts.parse import parse
    from storyweave.nlp import pipeline

    if "--speaker-l2" in sys.argv:  # to choose train_quotes.SPEAKER_L2 by this figure
        tq.SPEAKER_L2 = float(sys.argv[sys.argv.index("--speaker-l2") + 1])
    if "--speaker-threshold" in sys.argv:
        tq.SPEAKER_THRESHOLD = float(sys.argv[sys.argv.index("--speaker-threshold") + 1])
    if "--pointwise" in sys.argv:
        tq.SPEAKER_LOSS = "pointwise"
    docs = [d for d in bq.load_gold() if d["split"] == "tuning"]
    arts, notes = bq.articles(docs)
    for n in notes:
        print(n)
    pipeline()
    keys = list(arts)
    parsed = dict(zip(keys, parse([arts[k] for k in keys]), strict=True))
    found, rows_of = out_of_fold(docs, arts, parsed)
    s = bq.score(docs, found)
    base = bq.score(docs, bq.baseline_quotes(arts))
    print(f"{'tuning, out of fold':<22} {'quotes':>6} {'recall':>7} {'precis':>7} {'speaker':>8} {'named':>6} "
          f"{'unnamed->name':>13} {'non-q':>6} {'reported':>9}")
    for name, r in (("storyweave", s), ("baseline", base)):
        print(f"{name:<22} {r['quotes']:>6} {r['recall']:>7.3f} {r['precision']:>7.3f} {r['speaker_accuracy']:>8.3f} "
              f"{r['speaker_named']:>6} {r['unnamed_given_a_name']:>13.3f} {r['non_quotes']:>6} "
              f"{r['non_quotes_reported']:>4} ({r['non_quote_rate']:.1%})")
    if "--errors" not in sys.argv:
        return
    # per wrong speaker: class, with the candidates the rules offered
    classes: Counter = Counter()
    lines = []
    for d in docs:
        key = (d["corpus"], d["line"], d["doc"])
        if key not in found:
            continue
        reps = [dict(r, chars=bq._chars(r["parts"])) for r in found[key] if r.get("kind") not in bq.NOT_QUOTE_KINDS]
        for lab in d["labels"]:
            if not lab["quote"]:
                continue
            g = bq._chars(lab["parts"])
            best = max(reps, key=lambda r: len(g & r["chars"]), default=None)
            if best is None or len(g & best["chars"]) < 0.5 * len(g):
                continue
            row = max(rows_of[key], key=lambda r: len(g & bq._chars(r["parts"])), default=None)
            cands = [c for c, _ in row["candidates"]] if row else []
            feats = [f for _, f in row["candidates"]] if row else []
            if lab["speaker"]:
                if bq.same_speaker(best["speaker"], lab["speaker"]):
                    continue
                c = classify(lab["speaker"], best["speaker"], cands, feats)
            else:
                if not (best["speaker"] and bq._looks_named(best["speaker"])):
                    continue
                c = "guessed a name, gold unnamed"
            classes[c] += 1
            lines.append(f"[{c}] {key[1]}#{key[2]} {lab['text'][:50]!r} gold {lab['speaker']!r}"
                         f" ({lab.get('speaker_description')}) got {best['speaker']!r} cands {cands[:6]}")
    for ln in lines:
        print(ln)
    print("non-quotes reported (tuning half, out of fold):")
    for ln in s["false_quotes"]:
        print("  " + ln)
    print("error classes (tuning half, out of fold):")
    for c, n in classes.most_common():
        print(f"  {n:>4}  {c}")


if __name__ == "__main__":
    main()
