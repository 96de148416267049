"""The second blind set of claim labels (benchmarks/data/claim_labels_blind2.jsonl), its
builder and its scorer. Nothing here scores the blind2 set: the scorer is tested on three
pairs copied from the tuning half of claim_labels.jsonl (tests/data/claims_tuning3.jsonl)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(DATA))

import build_claim_blind2 as builder  # noqa: E402

BLIND2 = DATA / "claim_labels_blind2.jsonl"
TUNING3 = ROOT / "tests" / "data" / "claims_tuning3.jsonl"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_blind2_clusters_never_tuned_the_judge():
    tuned = {r["cluster"] for r in _rows(DATA / "claim_labels.jsonl")}
    for name in ("attribution_labels.jsonl", "attribution_labels_heldout.jsonl"):
        tuned |= {r["cluster"] for r in _rows(DATA / name)}
    blind2 = {r["cluster"] for r in _rows(BLIND2)}
    assert len(blind2) == len(builder.FREE) + len(builder.DRAWN) == 17
    assert not blind2 & tuned


def test_blind2_rows_have_the_claim_label_fields():
    old = _rows(DATA / "claim_labels.jsonl")
    fields = set(old[-1])  # a row of the new claim labels (no "from")
    rows = _rows(BLIND2)
    assert len(rows) >= 250
    for r in rows:
        assert fields <= set(r) and r["split"] == "blind2"
        assert r["label"] in ("reports", "disputes", "absent")
        assert bool(r["evidence"]) == (r["label"] != "absent")
        assert r["origin"] != f"article:{r['article']}"  # a claim is never judged against its own article
    assert sum(r["label"] == "disputes" for r in rows) >= 50


def test_scorer_refuses_the_blind2_set_without_the_flag(capsys):
    import score_claims_blind2

    assert score_claims_blind2.main([]) == 2
    assert "--score-blind2" in capsys.readouterr().err


def test_scorer_on_three_tuning_pairs(shared_data, tmp_path):
    import score_claims_blind2

    rows = _rows(TUNING3)
    assert {r["split"] for r in rows} == {"tuning"}
    out = tmp_path / "res.json"
    assert score_claims_blind2.main(["--labels", str(TUNING3), "--out", str(out)]) == 0
    res = json.loads(out.read_text())
    assert res["all"]["pairs"] == 3
    assert res["all"]["counts"] == {"reports": 1, "disputes": 1, "absent": 1}
    for method in ("judge", "rule", "cosine"):
        rep = res["all"][method]["reports"]
        assert rep["tp"] + rep["fn"] == 1  # the one gold reports pair
    assert res["disputes_between_outlets"]["gold"] == 1
