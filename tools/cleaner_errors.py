"""Where the learned cleaner errs on the TUNING half: out-of-fold, by the rules' kind.

Five folds by site (``train_cleaner.fold_of``), each fold's pages scored by a model
trained on the other folds (plus the samples and Multi-News batch 1) with the shipped
model's hyper-parameters; then, for the labelled lines, which rule kind the boilerplate
lines that were kept and the body lines that were dropped had, and the snippet F1 when
one of the kinds the model may not overturn (``model.FIRM_KINDS``) is let go. Reads no
blind page. About 20 s.

    PYTHONPATH=src .venv/bin/python tools/cleaner_errors.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_cleaner as T  # noqa: E402  (tools/)

from storyweave.clean.model import FIRM_KINDS, MODEL_FILE, load, viterbi  # noqa: E402
from storyweave.clean.page import _analyse  # noqa: E402
from storyweave.clean.pagedata import pages_of_half  # noqa: E402


def main() -> int:
    shipped = load()
    trained = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["trained"]
    raw = pages_of_half(T.PAGES, T.SPLIT, "tuning")
    tuning = [T.snippet_page(p) for p in raw]
    kinds = [[it.kind for it in _analyse(p["text"].splitlines())] for p in raw]
    extra = T.seed_pages() + T.multinews_pages(batch=1)
    probs: list = [None] * len(tuning)
    for k in range(T.FOLDS):
        train = [p for p in tuning if T.fold_of(p.group) != k] + extra
        model = T.fit_model(train, trained["penalty"], trained["trees"], trained["min_sites"])
        for i, page in enumerate(tuning):
            if T.fold_of(page.group) == k:
                probs[i] = model.probabilities(T.full(page, model.scores), page.words)
    kept, dropped = Counter(), Counter()
    for page, prob, page_kinds in zip(tuning, probs, kinds, strict=True):
        path = viterbi(prob, shipped.stay, shipped.threshold)
        keep = [a and not f for a, f in zip(path, page.firm, strict=True)]
        for y, k, kind in zip(page.y, keep, page_kinds, strict=True):
            kept[kind] += int(y == 0 and k)
            dropped[kind] += int(y == 1 and not k)
    print("boilerplate lines kept, by rule kind:", [kv for kv in kept.most_common() if kv[1]])
    print("body lines dropped, by rule kind:", [kv for kv in dropped.most_common() if kv[1]])
    for let_go in ((), ("duplicate",), ("title_repeat",), ("no_text",)):
        firm = FIRM_KINDS - set(let_go)
        for page, page_kinds in zip(tuning, kinds, strict=True):
            page.firm = [k in firm for k in page_kinds]
        english, every = T.score(tuning, probs, shipped.stay, shipped.threshold)
        print(f"out-of-fold snippet F1, firm kinds less {list(let_go)}: English {english.f1:.4f}, "
              f"all {every.f1:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
