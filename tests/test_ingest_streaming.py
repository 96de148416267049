"""Ingest is lazy and deterministic: streamed inputs are never read whole, order never varies."""

from __future__ import annotations

import builtins
import io
import json
import os
from itertools import islice

import pytest
from test_ingest_builders import ARTICLE, page, warc_bytes

from storyweave.ingest import iter_documents, read_inputs
from storyweave.records import RawDocument


class Endless(io.RawIOBase):
    """A binary stream that never ends, produced by ``make_line(n)``; it counts what was read."""

    def __init__(self, make_line) -> None:
        self.make_line = make_line
        self.pending = b""
        self.lines = 0
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer):
            self.lines += 1
            self.pending += self.make_line(self.lines)
        n = len(buffer)
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        self.bytes_read += n
        return n


def test_ingest_jsonl_is_streamed_from_an_endless_stream():
    source = Endless(lambda n: (json.dumps({"title": f"Story {n}", "text": ARTICLE}) + "\n").encode())
    first = list(islice(iter_documents(["-"], stdin=io.BufferedReader(source)), 3))
    assert [d.path for d in first] == ["-:1", "-:2", "-:3"]
    assert [d.title for d in first] == ["Story 1", "Story 2", "Story 3"]
    assert source.bytes_read < 1_000_000  # a few buffers, not the (infinite) whole


def test_ingest_warc_is_streamed_record_by_record():
    one = warc_bytes([{"url": "https://echo.example/a", "body": page().encode()}])
    source = Endless(lambda n: one)
    first = list(islice(iter_documents(["-"], stdin=io.BufferedReader(source)), 2))
    assert [d.path for d in first] == ["-#1", "-#2"]
    assert source.bytes_read < 1_000_000


def test_ingest_big_jsonl_file_first_item_without_reading_it_all(tmp_path, monkeypatch):
    f = tmp_path / "big.jsonl"
    line = (json.dumps({"text": ARTICLE}) + "\n").encode()
    with open(f, "wb") as fh:
        for _ in range(40_000):  # about 17 MB
            fh.write(line)
    opened = []
    real_open = open

    def spying_open(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        opened.append(handle)
        return handle

    monkeypatch.setattr(builtins, "open", spying_open)
    items = iter_documents([f])
    first = next(items)
    positions = [h.tell() for h in opened if not h.closed]
    monkeypatch.undo()
    assert first.path == f"{f}:1"
    assert positions and max(positions) < 1_000_000 < os.path.getsize(f)
    items.close()


def test_ingest_nothing_is_read_until_iteration(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("first version")
    items = iter_documents([f])
    f.write_text("second version")
    assert [d.content for d in items] == ["second version"]


def make_tree(root, names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{ARTICLE} ({name})", encoding="utf-8")


def test_ingest_folder_order_is_sorted_and_recursive(tmp_path):
    names = ["b.txt", "a/z.txt", "a/b/c.html", "c.json", "A.txt", "a.txt", ".hidden/x.txt", "skip.md"]
    make_tree(tmp_path, names)
    (tmp_path / "c.json").write_text(json.dumps({"text": ARTICLE}))
    (tmp_path / "a" / "b" / "c.html").write_text(page())
    docs, skips = read_inputs([tmp_path])
    assert not skips
    assert [os.path.relpath(d.path, tmp_path) for d in docs] == [
        "A.txt",
        "a/b/c.html",
        "a/z.txt",
        "a.txt",
        "b.txt",
        "c.json",
    ]


def test_ingest_order_does_not_depend_on_creation_order(tmp_path):
    names = [f"d{i % 3}/f{i:02d}.txt" for i in range(12)]
    make_tree(tmp_path / "one", names)
    make_tree(tmp_path / "two", list(reversed(names)))
    first = [os.path.relpath(d.path, tmp_path / "one") for d in read_inputs([tmp_path / "one"])[0]]
    second = [os.path.relpath(d.path, tmp_path / "two") for d in read_inputs([tmp_path / "two"])[0]]
    assert first == second == sorted(names)


def test_ingest_inputs_are_read_in_the_order_given(tmp_path):
    make_tree(tmp_path, ["x.txt", "y.txt"])
    docs, _ = read_inputs([tmp_path / "y.txt", tmp_path / "x.txt"])
    assert [os.path.basename(d.path) for d in docs] == ["y.txt", "x.txt"]


def test_ingest_paths_keep_the_users_spelling(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_tree(tmp_path, ["in/a.txt"])
    assert [d.path for d in read_inputs(["in"])[0]] == [os.path.join("in", "a.txt")]
    assert [d.path for d in read_inputs(["in/"])[0]] == ["in/a.txt"]
    assert [d.path for d in read_inputs(["./in/a.txt"])[0]] == ["./in/a.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_ingest_symlink_loop_is_walked_once(tmp_path):
    make_tree(tmp_path, ["a/x.txt"])
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    docs, _ = read_inputs([tmp_path])
    assert [os.path.relpath(d.path, tmp_path) for d in docs] == ["a/x.txt"]


def test_ingest_same_input_gives_equal_records(tmp_path):
    make_tree(tmp_path, ["a.txt", "b/c.txt"])
    assert read_inputs([tmp_path]) == read_inputs([tmp_path])
    assert all(isinstance(d, RawDocument) for d in read_inputs([tmp_path])[0])


def test_ingest_jsonl_with_a_malformed_first_line_is_still_streamed():
    def line(n: int) -> bytes:
        return b"{not json\n" if n == 1 else (json.dumps({"text": ARTICLE}) + "\n").encode()

    source = Endless(line)
    first = list(islice(iter_documents(["-"], stdin=io.BufferedReader(source)), 3))
    assert [i.path for i in first] == ["-:1", "-:2", "-:3"]
    assert first[0].reason.startswith("malformed JSON") and source.bytes_read < 1_000_000
