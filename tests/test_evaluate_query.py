"""storyweave eval on query-focused and update data: the extra fields are read and checked,
the query-aware baseline and the generic brief join the run, answer recall and repeat share
are reported."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

pytest.importorskip("rouge_score")

from storyweave import evaluate  # noqa: E402
from storyweave.cli.evaluate import cmd_eval  # noqa: E402
from storyweave.errors import DataError  # noqa: E402

FLOOD = (
    "Floods swept through the river town of Marlow on Monday, killing at least 12 people, officials said.\n"
    "Rescue crews evacuated 300 residents from the flooded streets overnight, the fire service said.\n"
    "The river burst its banks after three days of heavy rain across the region, forecasters said.\n"
    "The mayor said the town's main bridge would stay closed until engineers had inspected it.\n"
)
LATER = (
    "Floods in the river town of Marlow have now killed at least 15 people, officials said on Wednesday.\n"
    "Rescue crews evacuated 300 residents from the flooded streets overnight, the fire service said.\n"
    "The government announced an emergency fund of two million pounds for families who lost their homes.\n"
    "Engineers said the main bridge into the town was safe and would reopen on Friday morning.\n"
)
BRIDGE = "The mayor said the town's main bridge would stay closed until engineers had inspected it."


def write(tmp_path, records):
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_evaluate_load_reads_query_answers_and_earlier(tmp_path, capsys):
    path = write(tmp_path, [
        {"id": "a", "documents": [FLOOD], "query": "the bridge", "answers": [BRIDGE]},
        {"id": "b", "documents": [LATER], "summary": "x", "earlier": [FLOOD]},
        {"id": "c", "documents": [FLOOD], "query": "", "answers": [BRIDGE]},
        {"id": "d", "documents": [FLOOD], "summary": "x", "earlier": "not a list"},
    ])
    skips: list[str] = []
    records = evaluate.load(path, on_skip=skips.append)
    assert [r["id"] for r in records] == ["a", "b"]
    assert records[0]["query"] == "the bridge" and records[0]["references"] == []
    assert records[1]["earlier"] == [FLOOD]
    assert len(skips) == 2
    assert "data.jsonl:3: skipped" in skips[0] and "data.jsonl:4: skipped" in skips[1]
    assert capsys.readouterr().err == ""  # the library prints nothing; the CLI warns


def test_evaluate_answer_recall_and_repeat_share_in_the_report(tmp_path, capsys):
    path = write(tmp_path, [
        {"id": "q", "documents": [FLOOD, LATER], "query": "Is the bridge closed, and when will it reopen?",
         "answers": [BRIDGE]},
        {"id": "u", "documents": [LATER], "summary": "The toll rose to 15.", "earlier": [FLOOD]},
    ])
    args = SimpleNamespace(data=str(path), systems="storyweave,lead", words=40, seed=0, limit=None,
                           no_progress=True, input="raw", output=str(tmp_path / "r.json"))
    assert cmd_eval(args) == 0
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["systems"] == ["storyweave", "lead", "query-tfidf", "generic"]
    assert result["answer_recall"]["storyweave"]["mean"] == 1.0
    assert result["answer_recall"]["storyweave"]["n"] == 1
    shares = result["repeat_share"]
    assert shares["storyweave"]["mean"] <= shares["generic"]["mean"]
    out = capsys.readouterr().out
    assert "answers:" in out and "repeats:" in out


def test_evaluate_answer_recall_counts_normalised_text():
    assert evaluate.answer_recall(["A\u00a0b c.", "d"], ["A b c.", "e"]) == 0.5
    assert evaluate.answer_recall([], ["x"]) == 0.0


def test_evaluate_load_record_without_reference_or_answers_is_skipped(tmp_path):
    path = write(tmp_path, [{"id": "a", "documents": [FLOOD], "query": "bridge"}])
    with pytest.raises(DataError):
        evaluate.load(path)
