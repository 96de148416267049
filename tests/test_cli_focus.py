"""The CLI's query-focused and update briefs: options reach the brief, bad values are a
one-line error with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import EXAMPLES, assert_one_line_error, run

FILES = sorted(Path(EXAMPLES).glob("*.txt"))


def test_cli_query_empty_is_a_usage_error(capsys):
    code, out, err = run(capsys, "brief", EXAMPLES, "--query", "")
    assert code == 2 and out == ""
    assert_one_line_error(err, "`query` must be a non-empty text")


def test_cli_since_bad_date_is_a_usage_error(capsys):
    code, out, err = run(capsys, "brief", EXAMPLES, "--since", "2016-13-45")
    assert code == 2 and out == ""
    assert_one_line_error(err, "`since` must be a date as YYYY-MM-DD", "2016-13-45")


def test_cli_since_brief_not_a_brief_is_a_usage_error(capsys, tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    code, out, err = run(capsys, "brief", EXAMPLES, "--since-brief", bad)
    assert code == 2 and out == ""
    assert_one_line_error(err, str(bad), "not a storyweave brief")
    code, out, err = run(capsys, "brief", EXAMPLES, "--since-brief", tmp_path / "missing.json")
    assert code == 2
    assert_one_line_error(err, "missing.json", "no such file")


@pytest.mark.parametrize("query", ["   ", "\t\n"])
def test_cli_query_blank_is_a_usage_error(capsys, query):
    code, out, err = run(capsys, "brief", EXAMPLES, "--query", query)
    assert code == 2 and out == ""
    assert_one_line_error(err, "`query` must be a non-empty text")


@pytest.mark.parametrize("since", ["", "2016/10/01", "yesterday", "2016-10-01T25:00", "2016-10-01junk", "2016-W40-1"])
def test_cli_since_malformed_dates_are_usage_errors(capsys, since):
    code, out, err = run(capsys, "brief", EXAMPLES, "--since", since)
    assert code == 2 and out == ""
    assert_one_line_error(err, "`since` must be a date as YYYY-MM-DD")


@pytest.mark.parametrize("content, why", [
    ("hello, not json", "cannot read it as JSON"),
    ("[1, 2]", "schema storyweave.brief/1"),
    (json.dumps({"schema": "storyweave.facts/1"}), "not a storyweave brief"),
])
def test_cli_since_brief_other_files_are_usage_errors(capsys, tmp_path, content, why):
    bad = tmp_path / "other.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "brief", EXAMPLES, "--since-brief", bad)
    assert code == 2 and out == ""
    assert_one_line_error(err, str(bad), why)


def test_cli_query_brief_json(capsys):
    code, out, err = run(capsys, "brief", EXAMPLES, "--query", "war crimes", "--format", "json", "--words", "80")
    assert code == 0
    data = json.loads(out)
    assert data["mode"] == "query" and data["query"] == "war crimes"
    assert sum(len(s["text"].split()) for s in data["summary"]) <= 80


def test_cli_since_articles_and_since_brief(capsys, tmp_path):
    code, out, err = run(capsys, "brief", *FILES[2:], "--since-articles", *FILES[:2], "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["mode"] == "update" and len(data["articles"]) == 3
    saved = tmp_path / "brief.json"
    code, _, _ = run(capsys, "brief", *FILES[:2], "--format", "json", "-o", saved)
    assert code == 0
    code, out, err = run(capsys, "brief", *FILES, "--since-brief", saved)
    assert code == 0 and "new since a saved brief" in out


def test_cli_brief_db_story_query_and_since(capsys, tmp_path):
    db = str(tmp_path / "c.sqlite")
    code, _, _ = run(capsys, "ingest", EXAMPLES, "--db", db, "--no-progress")
    assert code == 0
    code, out, _ = run(capsys, "stories", "--db", db, "--format", "json")
    story = json.loads(out)["stories"][0]["id"]
    code, out, err = run(capsys, "brief", "--db", db, "--story", story, "--query", "Amnesty war crimes",
                         "--format", "json", "--words", "80")
    assert code == 0
    data = json.loads(out)
    assert data["mode"] == "query" and any("Amnesty" in s["text"] for s in data["summary"])
    code, out, err = run(capsys, "brief", "--db", db, "--story", story, "--since", "2016-02-30")
    assert code == 2
    assert_one_line_error(err, "`since` must be a date")
    # the samples carry no date: every article counts as new, and the warning says so
    code, out, err = run(capsys, "brief", "--db", db, "--story", story, "--since", "2016-10-01")
    assert code == 0 and "no date: counted as published after 2016-10-01" in err
