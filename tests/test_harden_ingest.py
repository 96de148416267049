"""Issue 14's table, row by row: hostile input gives a one-line skip or a good read, never a
traceback or a hang, through the library (``read_articles``) and the CLI (``brief``, ``ingest``).

Each row is built by ``tests/hostile.py``. A refused input is read next to a good file
(the good one is still read, the bad one is a skip naming it and the reason) and alone
(the CLI's one-line error, exit 1). A recovered input is read into an article.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import hostile
import pytest
from test_ingest_builders import ARTICLE, OTHER_ARTICLE, page

from storyweave.cli import main
from storyweave.errors import DataError, InputError, UsageError
from storyweave.ingest import iter_documents, read_inputs
from storyweave.limits import PARAGRAPH_MAX_CHARS
from storyweave.pipeline import read_articles
from storyweave.records import RawDocument, Skip

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def time_bound():
    """A hang fails the test instead of stopping the run (readers must be time-bounded)."""

    def fail(signum, frame):  # noqa: ANN001
        raise TimeoutError("no answer within 120 s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    hostile.deep_json(folder)
    hostile.deep_json(folder, "deep_object.jsonl", '{"a":')
    hostile.deep_json(folder, "deep_list.jsonl", "[")
    hostile.big_number(folder)
    hostile.lone_surrogate(folder)
    hostile.one_line(folder)
    hostile.no_space(folder)
    hostile.feed_charref(folder)
    hostile.feed_unknown_encoding(folder)
    hostile.feed_empty_width(folder)
    hostile.feed_stray_width(folder)
    hostile.long_paragraph(folder)
    hostile.long_paragraph_html(folder)
    hostile.truncated_warc(folder)
    hostile.plain_feed_description(folder)
    good = folder / "good"
    good.mkdir()
    (good / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (good / "b.txt").write_text(OTHER_ARTICLE + " " + OTHER_ARTICLE.replace("mackerel", "herring"),
                                encoding="utf-8")
    return folder


#: Inputs refused with a reason (file name -> what the reason says).
REFUSED = {
    "deep.json": "JSON nested too deeply",
    "deep_object.jsonl": "JSON nested too deeply",
    "deep_list.jsonl": "JSON nested too deeply",
    "oneline.txt": "line 1 is 12,000,000 characters long",
    "nospace.txt": "line 1 is 5,000,000 characters long",
    "paragraph.txt": "characters long, over the 1,000,000",
}
#: Inputs read into an article despite the damage (file name -> a word of the article).
RECOVERED = {
    "bignum.json": "Lowmoor",  # the 5,000-digit `published` is no date
    "surrogate.jsonl": "\ufffd",  # the lone surrogate becomes U+FFFD
    "charref.xml": "Lowmoor",
    "encoding.xml": "Lowmoor",
    "width.xml": "Lowmoor",
    "stray_width.xml": "Lowmoor",
    "plainfeed.xml": "Lowmoor",  # 540 words of plain text with no tags: not "empty"
    "paragraph.html": "Lowmoor",
}


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("storyweave: error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------- library


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_harden_refused_input_is_a_skip_beside_good_files(cases, name):
    articles, skipped = read_articles([str(cases / name), str(cases / "good")])
    assert len(articles) == 2
    mine = [s for s in skipped if s.path.startswith(str(cases / name))]
    assert mine and REFUSED[name] in mine[0].reason, skipped


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_harden_refused_input_alone_is_a_data_error(cases, name):
    with pytest.raises(DataError, match=REFUSED[name]):
        read_articles([str(cases / name)])


@pytest.mark.parametrize("name", sorted(RECOVERED))
def test_harden_damaged_input_is_still_read(cases, name):
    articles, skipped = read_articles([str(cases / name)])
    assert len(articles) == 1, skipped
    article = articles[0]
    assert RECOVERED[name] in article.text or RECOVERED[name] in (article.title or "")
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")  # storable, printable


def test_harden_big_number_is_not_a_date(cases):
    (article,), _ = read_articles([str(cases / "bignum.json")])
    assert article.published is None


def test_harden_lone_surrogate_in_metadata_is_replaced(cases):
    docs, _ = read_inputs([str(cases / "surrogate.jsonl")])
    assert docs[0].title == "T\ufffd"


def test_harden_long_paragraph_is_cut_before_spacy(cases):
    (article,), _ = read_articles([str(cases / "paragraph.html")])
    assert len(article.text) > 2_000_000
    assert max(len(p) for p in article.paragraphs) <= PARAGRAPH_MAX_CHARS
    assert "".join(article.paragraphs).replace(" ", "") == article.text.replace("\n", "").replace(" ", "")


def test_harden_sentences_of_a_stored_long_paragraph(monkeypatch):
    """An article stored before the cleaner cut paragraphs still splits (no E088).

    spaCy's limit is lowered to 30,000 characters (and the pieces to 20,000) so that a
    paragraph over the limit is quick to split; the real ones are 2,000,000 and 100,000.
    """
    from storyweave import nlp

    monkeypatch.setattr(nlp, "PARAGRAPH_MAX_CHARS", 20_000)
    monkeypatch.setattr(nlp.sentencizer(), "max_length", 30_000)
    text = "Short first paragraph here.\n" + ("Word after word, the council said. " * 3_000)
    assert len(text) > 100_000
    spans = nlp.split_spans(text)
    assert spans[0] == (0, len("Short first paragraph here."))
    assert len(spans) > 2_900
    assert all(text[a:b].strip() == text[a:b] and "\n" not in text[a:b] for a, b in spans)
    pieces = {text[a:b] for a, b in spans[1:]}  # whole sentences, or split at a piece's end
    assert "Word after word, the council said." in pieces
    assert all(p in "Word after word, the council said." for p in pieces)


def test_harden_truncated_plain_warc_warns_like_gzip(cases):
    docs, skips = read_inputs([str(cases / "cut.warc")])
    assert len(docs) == 1  # the whole first record
    (skip,) = skips
    assert skip.path == f"{cases / 'cut.warc'}#2"
    assert "truncated WARC record" in skip.reason and "record 1 was read" in skip.reason
    assert "bytes before the end the record declares" in skip.reason


def test_harden_fifo_in_a_folder_is_skipped_unopened(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.unknown")
    docs, skips = read_inputs([str(tmp_path)])
    assert [d.content for d in docs] == [ARTICLE]
    assert [(s.path, s.reason) for s in skips] == [
        (str(tmp_path / "pipe.txt"), "not a regular file but a named pipe (FIFO); not opened")
    ]


def test_harden_device_given_as_input_is_skipped_unopened():
    with pytest.raises(InputError, match="a character device; not opened"):
        read_inputs(["/dev/zero"])


def test_harden_socket_is_skipped(tmp_path):
    import socket

    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        docs, skips = read_inputs([str(path), str(good(tmp_path))])
    assert len(docs) == 1 and "a socket; not opened" in skips[0].reason


def good(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


NAMES = [b"line\nbreak.txt", b"-dash.txt", b"bad\xff\xfename.txt", b"\x1b[31mred\x1b[0m.txt",
         b"rtl\xe2\x80\xaetxt.exe.txt"]


def names_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "names"
    folder.mkdir()
    for i, name in enumerate(NAMES):
        text = ARTICLE.replace("4.2", str(i + 5)) + f"\n\nThe mayor said {i * 7 + 3} more bridges would be inspected."
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(text.encode("utf-8"))
    return folder


def test_harden_names_of_any_bytes_are_read_and_storable(tmp_path):
    folder = names_folder(tmp_path)
    docs, skips = read_inputs([str(folder)])
    assert not skips and len(docs) == len(NAMES)
    paths = sorted(d.path for d in docs)
    assert f"{folder}/bad\\xff\\xfename.txt" in paths  # undecodable bytes escaped
    assert f"{folder}/line\nbreak.txt" in paths  # other names kept as they are
    for path in paths:
        path.encode("utf-8")


def test_harden_url_input_says_urls_are_not_fetched():
    with pytest.raises(UsageError, match="URLs are not fetched .* save the page first") as info:
        iter_documents(["https://news.example/story.html"])
    assert info.value.exit_code == 2


# ---------------------------------------------------------------- the one display helper


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plain/path.txt", "plain/path.txt"),
        ("a\nb.txt", "a\\nb.txt"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("rtl\u202etxt", "rtl\\u202etxt"),
        (os.fsdecode(b"bad\xff.txt"), "bad\\xff.txt"),
        ("lone\ud800", "lone\\ud800"),
        ("C:\\Users\\x.txt", "C:\\Users\\x.txt"),
        ("caf\u00e9 \u00e0 Paris.txt", "caf\u00e9 \u00e0 Paris.txt"),
    ],
)
def test_harden_shown_escapes_what_would_drive_a_terminal(name, expected):
    from storyweave.display import shown

    assert shown(name) == expected
    assert shown(shown(name)) == shown(name)
    shown(name).encode("utf-8")


# ---------------------------------------------------------------- CLI


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_harden_cli_brief_refused_input_one_line_exit_1(cases, capsys, name):
    code, out, err = run_cli(capsys, "brief", str(cases / name))
    assert code == 1 and not out
    line = one_error_line(err)
    assert str(cases / name) in line and REFUSED[name] in line


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_harden_cli_ingest_refused_input_exit_1(cases, capsys, tmp_path, name):
    code, _, err = run_cli(capsys, "ingest", str(cases / name), "--db", str(tmp_path / "s.sqlite"),
                           "--no-progress")
    assert code == 1
    line = one_error_line(err)
    assert str(cases / name) in line and REFUSED[name] in line


def test_harden_cli_brief_warns_and_reads_the_good_files(cases, capsys):
    code, out, err = run_cli(capsys, "brief", str(cases / "deep.json"), str(cases / "nospace.txt"),
                             str(cases / "good"))
    assert code == 0 and "Brief of 2 articles" in out and "Traceback" not in err
    assert f"{cases / 'deep.json'}: skipped: JSON nested too deeply" in err
    assert f"{cases / 'nospace.txt'}: skipped: line 1 is 5,000,000 characters long" in err


@pytest.mark.parametrize("name", sorted(RECOVERED))
def test_harden_cli_ingest_recovered_input(cases, capsys, tmp_path, name):
    db = str(tmp_path / "s.sqlite")
    code, _, err = run_cli(capsys, "ingest", str(cases / name), "--db", db, "--no-progress")
    assert code == 0 and "1 added" in err and "Traceback" not in err
    code, out, _ = run_cli(capsys, "stories", "--db", db, "--format", "json")
    (story,) = json.loads(out)["stories"]
    code, out, err = run_cli(capsys, "brief", "--db", db, "--story", story["id"])
    assert code == 0 and out.startswith("Brief of 1 article"), err


def test_harden_cli_brief_recovered_feed(cases, capsys):
    code, out, err = run_cli(capsys, "brief", str(cases / "charref.xml"), str(cases / "plainfeed.xml"))
    assert code == 0 and "Brief of 2 articles" in out, err


def test_harden_cli_names_are_escaped_in_every_line(tmp_path, capsys):
    folder = names_folder(tmp_path)
    os.mkfifo(os.path.join(os.fsencode(folder), b"pipe\n\x1b[2J.txt"))
    db = str(tmp_path / "s.sqlite")
    code, _, err = run_cli(capsys, "ingest", str(folder), "--db", db, "--no-progress")
    assert code == 0 and "5 added" in err
    assert "pipe\\n\\x1b[2J.txt: skipped: not a regular file" in err
    code, out, err = run_cli(capsys, "brief", str(folder))
    assert code == 0
    for text in (out, err):
        assert "\x1b" not in text and "\u202e" not in text
        text.encode("utf-8")
    assert "bad\\xff\\xfename.txt" in out and "line\\nbreak.txt" in out and "\\x1b[31mred" in out


def test_harden_cli_url_exit_2(capsys, tmp_path):
    for argv in (["brief", "https://news.example/a"], ["ingest", "http://x.example/b", "--db",
                                                        str(tmp_path / "s.sqlite")]):
        code, out, err = run_cli(capsys, *argv)
        assert code == 2 and "URLs are not fetched" in one_error_line(err)
        assert "save the page first" in err
    assert not (tmp_path / "s.sqlite").exists()


def test_harden_cli_fifo_never_hangs(tmp_path):
    """Run as its own process: a regression would block on the pipe for ever."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for argv in (["brief", str(tmp_path / "b.txt")],
                 ["ingest", str(tmp_path), "--db", str(tmp_path / "s.sqlite"), "--no-progress"]):
        proc = subprocess.run([sys.executable, "-m", "storyweave", *argv], capture_output=True,
                              text=True, timeout=120, env=env)
        assert "Traceback" not in proc.stderr
        assert "not a regular file but a named pipe (FIFO); not opened" in proc.stderr
        assert proc.returncode == (1 if argv[0] == "brief" else 0), proc.stderr


def test_harden_max_file_mb_limit_and_flag(tmp_path, capsys):
    big = tmp_path / "big.html"
    big.write_text(page(ARTICLE + "\n\n" + (OTHER_ARTICLE + " ") * 3000), encoding="utf-8")
    size_mb = big.stat().st_size / 1e6
    assert 0.4 < size_mb < 1
    code, _, err = run_cli(capsys, "brief", str(big), "--max-file-mb", "0.2")
    assert code == 1
    assert "larger than the 0.2 MB limit; raise it with --max-file-mb" in one_error_line(err)
    code, out, _ = run_cli(capsys, "brief", str(big), "--max-file-mb", "2")
    assert code == 0 and out.startswith("Brief of 1 article")
    code, _, err = run_cli(capsys, "brief", str(big), "--max-file-mb", "-1")
    assert code == 2 and "must be a positive number" in err


def test_harden_max_file_mb_applies_per_jsonl_line_and_stdin(tmp_path):
    import io

    f = tmp_path / "a.jsonl"
    long_line = json.dumps({"text": (OTHER_ARTICLE + " ") * 2000})
    f.write_text(json.dumps({"text": ARTICLE}) + "\n" + long_line + "\n" + json.dumps({"text": ARTICLE + " x"}) + "\n")
    docs, skips = read_inputs([str(f)], max_file_mb=0.1)
    assert len(docs) == 2 and skips == [Skip(f"{f}:2", skips[0].reason)]
    assert skips[0].reason.startswith("line of ") and "0.1 MB limit" in skips[0].reason
    with pytest.raises(InputError, match="larger than the 0.1 MB limit"):
        read_inputs(["-"], stdin=io.StringIO((OTHER_ARTICLE + "\n") * 2000), max_file_mb=0.1)


def test_harden_config_max_file_mb_is_validated():
    from storyweave.config import Config
    from storyweave.errors import ConfigError

    assert Config().max_file_mb == 50
    with pytest.raises(ConfigError, match="`max_file_mb` must be a positive number, got 0"):
        Config(max_file_mb=0)


# ---------------------------------------------------------------- time bounds


def test_harden_reader_time_bound_skips_a_stalled_input(tmp_path, monkeypatch):
    """A reader that stalls is stopped; what it gave before is kept, the input is skipped."""
    import time as _time

    from storyweave import ingest, limits

    def stalling(source):  # noqa: ANN001, ANN202
        yield RawDocument(path=f"{source.name}#1", content=ARTICLE)
        while True:
            _time.sleep(0.01)

    monkeypatch.setattr(limits, "READ_SECONDS", 0.3)
    monkeypatch.setitem(ingest.READERS, "text", stalling)
    signal.alarm(0)  # (the module's own guard would disarm the bound: one timer at a time)
    docs, skips = read_inputs([str(good(tmp_path))])
    assert [d.path for d in docs] == [f"{tmp_path / 'good.txt'}#1"]
    assert skips == [Skip(str(tmp_path / "good.txt"),
                          "reading stopped: no result over 0.3 s (see storyweave.limits)")]


def test_harden_clean_time_bound_skips(monkeypatch):
    import time as _time

    from storyweave import limits
    from storyweave.clean import page as cleaning

    def slow(doc, config=None, *, learned=True):  # noqa: ANN001, ANN202
        while True:
            _time.sleep(0.01)

    monkeypatch.setattr(limits, "CLEAN_SECONDS", 0.3)
    monkeypatch.setattr(cleaning, "_clean", slow)
    signal.alarm(0)
    result = cleaning.clean(RawDocument(path="x.txt", content=ARTICLE))
    assert result == Skip("x.txt", "cleaning stopped: no result over 0.3 s (see storyweave.limits)")


def test_harden_cli_leading_dash_file_gets_a_hint(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-dash.txt").write_text(ARTICLE, encoding="utf-8")
    code, _, err = run_cli(capsys, "brief", "-dash.txt")
    assert code == 2
    assert "write ./-dash.txt or put -- before it" in one_error_line(err)
    code, _, err = run_cli(capsys, "ingest", "--db", "s.sqlite", "--no-progress", "--", "-dash.txt")
    assert code == 0 and "1 added" in err


def test_harden_readers_print_nothing(tmp_path, capfd):
    """warcio's own warnings (a record not followed by a newline, a URI with spaces) and
    dateutil's unknown time zone warning went to standard error; a library prints nothing."""
    import warnings

    from test_ingest_builders import warc_bytes

    data = warc_bytes([{"url": "https://echo.example/a b", "body": page().encode()},
                       {"url": "https://echo.example/b", "body": page(title="Two").encode()}], gz=False)
    cut = data.index(b"WARC/1.0", 10)
    (tmp_path / "a.warc").write_bytes(data[:cut - 2] + b"junk\r\n" + data[cut:])
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": ARTICLE, "published": "13 Oct 2016 10:00 ZM"}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a shown warning fails the test
        docs, skips = read_inputs([str(tmp_path)])
    out, err = capfd.readouterr()
    assert docs and not out and not err
