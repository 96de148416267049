"""The CLI: exit codes and one-line errors for every bad-input case, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storyweave.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"
ARTICLE = (EXAMPLES / "002_49603202833be986.txt").read_text(encoding="utf-8")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *needles: str):
    lines = [line for line in err.strip().splitlines() if line.startswith("storyweave: error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def test_cli_brief_json_on_sample(capsys):
    code, out, err = run(capsys, "brief", EXAMPLES, "--format", "json", "--words", "120")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "storyweave.brief/1" and len(data["articles"]) == 5


def test_cli_missing_path_is_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "brief", tmp_path / "nope")
    assert code == 2
    assert_one_line_error(err, "nope")


def test_cli_bad_option_is_usage_error(capsys):
    code, _, err = run(capsys, "brief", EXAMPLES, "--words", "-3")
    assert code == 2
    assert_one_line_error(err, "--words")


def test_cli_empty_folder(capsys, tmp_path):
    code, _, err = run(capsys, "brief", tmp_path)
    assert code in (1, 2)
    assert_one_line_error(err, str(tmp_path))


def test_cli_empty_file(capsys, tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("")
    code, _, err = run(capsys, "brief", f)
    assert code == 1
    assert_one_line_error(err, "empty.txt", "empty")


def test_cli_binary_file(capsys, tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = run(capsys, "brief", f)
    assert code == 1
    assert_one_line_error(err, "photo.txt", "binary")


def test_cli_not_utf8(capsys, tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(("Caf\u00e9 owners said the protest would go on. " * 10).encode("latin-1"))
    code, _, err = run(capsys, "brief", f)
    assert code == 1
    assert_one_line_error(err, "latin1.txt", "UTF-8")


def test_cli_no_text_left_after_cleaning(capsys, tmp_path):
    f = tmp_path / "furniture.txt"
    f.write_text("Advertisement\n\nSHARE THIS ARTICLE\n\nCopyright © 2024 Example News.\n")
    code, _, err = run(capsys, "brief", f)
    assert code == 1
    assert_one_line_error(err, "furniture.txt", "no article text left after cleaning")


def test_cli_bad_file_among_good_ones_is_skipped_with_warning(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00\x00binary\x00junk")
    (tmp_path / "c.txt").write_text("")
    code, out, err = run(capsys, "brief", tmp_path, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data["articles"]) == 1
    assert {Path(s["path"]).name for s in data["skipped"]} == {"b.txt", "c.txt"}
    assert "warning" in err and "b.txt" in err and "Traceback" not in err


def test_cli_malformed_json_line_is_skipped(capsys, tmp_path):
    f = tmp_path / "feed.jsonl"
    good = json.dumps({"title": "France seeks probe", "outlet": "Al Jazeera", "text": ARTICLE})
    f.write_text(good + "\n{not json\n", encoding="utf-8")
    code, out, err = run(capsys, "brief", f, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["articles"][0]["outlet"] == "Al Jazeera"
    assert any(s["path"].endswith(":2") for s in data["skipped"])
    assert "malformed JSON" in err


def test_cli_single_article_warns(capsys):
    code, out, err = run(capsys, "brief", EXAMPLES / "001_4505a0e3cb645be6.txt")
    assert code == 0 and out.strip()
    assert "only one article" in err


def test_cli_stdin(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "storyweave", "brief", "-", "--words", "60"],
        input=ARTICLE,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "[1]" in proc.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_cli_writes_output_file(capsys, tmp_path, fmt):
    out_file = tmp_path / f"brief.{fmt}"
    code, _, _ = run(capsys, "brief", EXAMPLES, "--format", fmt, "-o", out_file, "--words", "80")
    assert code == 0 and out_file.read_text(encoding="utf-8").strip()


def test_cli_no_command_prints_help_and_exits_2(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "usage" in err.lower()


def test_cli_words_option_reaches_the_brief(capsys):
    code, out, _ = run(capsys, "brief", EXAMPLES, "--format", "json", "--words", "60")
    assert code == 0
    data = json.loads(out)
    assert data["words"] == 60
    assert sum(len(s["text"].split()) for s in data["summary"]) <= 60


def test_cli_read_words_bounds_a_long_story_and_says_so(capsys):
    code, out, err = run(capsys, "brief", EXAMPLES, "--read-words", "500", "--format", "json")
    assert code == 0 and json.loads(out)["summary"]
    assert "articles were read from their start only" in err
    code, out, err = run(capsys, "facts", EXAMPLES, "--read-words", "500", "--format", "json")
    read = [a for a in json.loads(out)["articles"] if "facts_read_words" in a]
    assert code == 0 and read and all(a["facts_read_words"] < a["words"] for a in read)
    assert "read from their start only" in err
    code, _, err = run(capsys, "brief", EXAMPLES)
    assert code == 0 and "read from their start" not in err  # 2.7k words: under the default
    code, _, err = run(capsys, "brief", EXAMPLES, "--read-words", "0")
    assert code == 2 and "--read-words" in err
