"""The cleaner against hand labels: the five bundled samples (pinned floor) and held-out lines."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storyweave.clean import classify_lines, clean_text
from storyweave.records import normalize

# The scoring code is benchmark code (benchmarks/clean_gold.py), shared with bench_clean.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from clean_gold import Counts, load_heldout, score_gold, score_heldout  # noqa: E402

HELDOUT = Path(__file__).resolve().parent / "data" / "clean_heldout"

#: The issue's floor: F1 of kept body lines over the five samples.
GOLD_F1_FLOOR = 0.97
#: Held-out Multi-News lines (8 documents, labelled before tuning); measured 0.995.
HELDOUT_F1_FLOOR = 0.93


@pytest.fixture(scope="module")
def cleaned(examples_dir, gold):
    return {name: clean_text((examples_dir / name).read_text(encoding="utf-8")) for name in gold}


def test_clean_gold_body_f1_meets_floor(cleaned, gold):
    total = Counts()
    for name, labels in gold.items():
        total += score_gold(cleaned[name].paragraphs, labels)
    assert total.tp > 50  # the five samples hold 84 body lines: the score is not vacuous
    assert total.f1 >= GOLD_F1_FLOOR, (total.precision, total.recall)


@pytest.mark.parametrize("name", [f"00{i}" for i in range(5)])
def test_clean_gold_each_sample_keeps_most_body(cleaned, gold, name):
    (key,) = [k for k in gold if k.startswith(name)]
    counts = score_gold(cleaned[key].paragraphs, gold[key])
    assert counts.f1 >= 0.9, (key, counts)


def test_clean_gold_keeps_body_in_order(cleaned, gold):
    for name, labels in gold.items():
        body = [normalize(x) for x in labels["body_lines"]]
        kept = [normalize(p) for p in cleaned[name].paragraphs if normalize(p) in set(body)]
        assert kept == body, name


def test_clean_gold_title_recognised(cleaned, gold):
    for name, labels in gold.items():
        title = cleaned[name].title
        assert (normalize(title) if title else None) == labels["title"], name


def test_clean_gold_outlet_and_reprint_recognised(cleaned, gold):
    for name, labels in gold.items():
        # a reprint is its origin's article: the origin is also the outlet
        expected = labels["syndicated_from"] or labels["outlet"]
        assert cleaned[name].outlet == expected, name
        assert cleaned[name].syndicated_from == labels["syndicated_from"], name


def test_clean_gold_title_is_neither_kept_nor_dropped(cleaned, gold):
    for name, labels in gold.items():
        if labels["title"]:
            assert labels["title"] not in {normalize(p) for p in cleaned[name].paragraphs}
            assert labels["title"] not in {normalize(p) for p in cleaned[name].dropped}


@pytest.mark.slow
def test_clean_heldout_multinews_f1(shared_data):
    files = sorted(HELDOUT.glob("*.json"))
    assert len(files) >= 8
    total = Counts()
    for label_file in files:
        lines, labels = load_heldout(label_file, shared_data / "multinews-dev.jsonl")
        total += score_heldout(classify_lines(lines), labels)
    assert total.tp > 100
    assert total.f1 >= HELDOUT_F1_FLOOR, (total.precision, total.recall)
