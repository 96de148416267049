"""Quality floors of quote finding and speakers on the BLIND half of the issue-15 quote gold.

The gold (benchmarks/data/quotes_gold.jsonl) indexes the clean text of Multi-News
articles in ../shared/data; without that data the test skips and says why. The floors
sit a little under the figures ``benchmarks/bench_quotes.py`` measured when the models
were last trained, so that they cannot slip unnoticed; they are not the targets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from quotes_gold_tool import DATA, FILES  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (DATA / FILES["multinews"]).is_file(),
    reason=f"shared evaluation data not found ({DATA / FILES['multinews']})",
)

#: Floors: the blind figures of benchmarks/results/quotes.json less a margin of about
#: two quotes (recall, speakers) or one non-quote.
RECALL_FLOOR = 0.945
SPEAKER_FLOOR = 0.80
NON_QUOTE_CEILING = 0.135


@pytest.fixture(scope="module")
def blind():
    import bench_quotes as bq

    docs = [d for d in bq.load_gold() if d["split"] == "blind"]
    arts, notes = bq.articles(docs)
    if len(arts) < len(docs) // 2:
        pytest.skip(f"the cleaner changed: {len(notes)} of {len(docs)} blind articles no longer hash as labelled")
    return bq.score(docs, bq.storyweave_quotes(arts)), bq.score(docs, bq.baseline_quotes(arts))


def test_facts_quotes_gold_blind_recall_floor(blind):
    s, base = blind
    assert s["quotes"] >= 200
    assert s["recall"] >= RECALL_FLOOR, s["misses"][:20]
    assert s["recall"] > base["recall"]


def test_facts_quotes_gold_blind_speaker_floor(blind):
    s, base = blind
    assert s["speaker_named"] >= 180
    assert s["speaker_accuracy"] >= SPEAKER_FLOOR, s["speaker_errors"][:20]
    assert s["speaker_accuracy"] > base["speaker_accuracy"]


def test_facts_quotes_gold_blind_non_quotes_ceiling(blind):
    s, base = blind
    assert s["non_quotes"] >= 40
    assert s["non_quote_rate"] <= NON_QUOTE_CEILING, s["false_quotes"]
    assert s["non_quote_rate"] <= base["non_quote_rate"]


def test_facts_quotes_gold_labels_are_offsets_into_the_hashed_text():
    import hashlib

    import bench_quotes as bq

    gold = bq.load_gold()
    assert len(gold) >= 50
    assert {d["split"] for d in gold} == {"tuning", "blind"}
    # one split, by cluster: no Multi-News line (TAC topic) in both halves
    halves = {h: {(d["corpus"], d["line"]) for d in gold if d["split"] == h} for h in ("tuning", "blind")}
    assert not halves["tuning"] & halves["blind"]
    arts, _ = bq.articles(gold[:3])
    for d in gold[:3]:
        art = arts.get((d["corpus"], d["line"], d["doc"]))
        if art is None:
            continue
        assert hashlib.sha256(art.text.encode()).hexdigest() == d["text_sha256"]
        for lab in d["labels"]:
            assert " ".join(art.text[s:e] for s, e in lab["parts"]) == lab["text"]
