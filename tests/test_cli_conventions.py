"""CLI conventions: -q / -v, -o on every command with output, rows as JSON Lines and CSV,
progress bars only on a terminal, help text and examples on every command, and file
names shown escaped."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from storyweave.cli import build_parser, main, output

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"


@pytest.fixture(autouse=True)
def _normal_verbosity():
    yield
    output.set_verbosity(output.NORMAL)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "s.sqlite"
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "-q"]) == 0
    return db


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_has_help_on_every_option_and_examples():
    commands = _subparsers(build_parser())
    assert {"brief", "facts", "eval", "ingest", "stories", "search", "serve"} <= set(commands)
    for name, parser in commands.items():
        assert parser.epilog and parser.epilog.startswith("examples:"), name
        assert f"storyweave {name}" in parser.epilog, name
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"


@pytest.mark.parametrize("command", ["brief", "facts", "stories", "search", "eval"])
def test_every_command_with_output_takes_dash_o(command):
    parser = _subparsers(build_parser())[command]
    flags = {flag for action in parser._actions for flag in action.option_strings}
    assert {"-o", "--output"} <= flags


def test_quiet_drops_warnings_not_errors(capsys, tmp_path):
    (tmp_path / "empty.txt").write_text("x\n", encoding="utf-8")
    code, out, err = run(capsys, "brief", "-q", tmp_path / "empty.txt", EXAMPLES, "--words", "60")
    assert code == 0 and out.strip()
    assert err == ""
    code, _, err = run(capsys, "brief", "-q", tmp_path / "empty.txt")
    assert code == 1 and err.startswith("storyweave: error:") and len(err.strip().splitlines()) == 1


def test_verbose_says_what_each_step_did(capsys):
    code, _, err = run(capsys, "-v", "facts", EXAMPLES, "-o", "/dev/null")
    assert code == 0
    assert "facts: 5 articles read" in err


def test_facts_rows_as_csv_and_jsonl(capsys):
    code, out, _ = run(capsys, "facts", EXAMPLES, "--format", "csv", "--rows", "figures")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) >= 10 and {"value", "sentence", "article", "start", "end"} <= set(rows[0])
    code, out, _ = run(capsys, "facts", EXAMPLES, "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert {line["table"] for line in lines} >= {"quotes", "figures", "timeline", "entities"}


def test_csv_needs_one_table(capsys):
    code, _, err = run(capsys, "facts", EXAMPLES, "--format", "csv")
    assert code == 2 and "--rows" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "facts", EXAMPLES, "--format", "csv", "--rows", "nonsense")
    assert code == 2 and "unknown table" in err


def test_brief_sentences_as_csv(capsys):
    code, out, _ = run(capsys, "brief", EXAMPLES, "--format", "csv", "--words", "80")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["text"] and r["sources"] for r in rows)


def test_stories_and_search_write_rows_to_a_file(capsys, store, tmp_path):
    target = tmp_path / "stories.csv"
    code, out, _ = run(capsys, "stories", "--db", store, "--format", "csv", "-o", target)
    assert code == 0 and out == ""
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["size"] == "5"
    code, out, _ = run(capsys, "search", "Putin", "--db", store, "--format", "jsonl")
    hits = [json.loads(line) for line in out.splitlines()]
    assert hits and all(h["article_id"] for h in hits)


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys, tmp_path):
    code, _, err = run(capsys, "ingest", EXAMPLES, "--db", tmp_path / "s.sqlite")
    assert code == 0
    assert "\r" not in err and "docs/s" not in err
    items = [1, 2, 3]
    assert output.progress_iter(items, "x") is items


def test_file_names_are_shown_escaped(capsys, tmp_path):
    bad = tmp_path / "a\x1b[31mred\nname.txt"
    bad.write_text("x\n", encoding="utf-8")
    code, _, err = run(capsys, "brief", bad, EXAMPLES, "--words", "60", "-o", tmp_path / "b.txt")
    assert code == 0
    assert "\x1b" not in err
    warning = [line for line in err.splitlines() if "skipped" in line]
    assert len(warning) == 1 and "\\x1b[31mred\\nname.txt" in warning[0]
