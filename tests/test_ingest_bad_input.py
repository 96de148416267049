"""Bad input: a usage error at once, or a Skip naming the input and the reason, never a traceback."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest
from test_ingest_builders import ARTICLE, OTHER_ARTICLE, page, rss, warc_bytes

from storyweave.errors import DataError, InputError, UsageError
from storyweave.ingest import iter_documents, read_inputs
from storyweave.records import RawDocument, Skip


def read(*inputs, stdin=None):
    return read_inputs([str(i) for i in inputs], stdin=stdin)


def good_file(tmp_path, name="good.txt", text=ARTICLE):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def only_skip(tmp_path, name: str, data: bytes) -> Skip:
    """The one skip a bad file gives when read next to a good one (which is still read)."""
    bad = tmp_path / name
    bad.write_bytes(data)
    docs, skips = read(good_file(tmp_path), bad)
    assert [d.content for d in docs] == [ARTICLE]
    assert len(skips) == 1 and skips[0].path == str(bad), skips
    return skips[0]


# ---------------------------------------------------------------- usage errors


def test_ingest_missing_path_is_usage_error_before_anything_is_read(tmp_path):
    good = good_file(tmp_path)
    missing = tmp_path / "nope.txt"
    with pytest.raises(UsageError, match=f"^{missing}: no such file or directory$") as info:
        iter_documents([good, missing])  # raised by the call itself, not on iteration
    assert info.value.exit_code == 2


def test_ingest_no_input_is_usage_error():
    with pytest.raises(UsageError, match="no input"):
        iter_documents([])


def test_ingest_stdin_twice_is_usage_error():
    with pytest.raises(UsageError, match="standard input"):
        iter_documents(["-", "-"], stdin=io.StringIO(ARTICLE))


# ---------------------------------------------------------------- nothing readable: DataError


def test_ingest_empty_folder_is_data_error(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(DataError) as info:
        read(folder)
    message = str(info.value)
    assert message.startswith(f"{folder}: no readable articles (looked for .txt")
    assert ".warc.gz" in message and ".html" in message and info.value.exit_code == 1


def test_ingest_folder_of_unknown_and_hidden_files_is_data_error(tmp_path):
    (tmp_path / "notes.md").write_text(ARTICLE)
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    hidden = tmp_path / ".cache"
    hidden.mkdir()
    (hidden / "a.txt").write_text(ARTICLE)
    with pytest.raises(DataError, match="1 other file ignored"):
        read(tmp_path)


def test_ingest_empty_folder_among_good_inputs_is_a_skip(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    docs, skips = read(good_file(tmp_path), folder)
    assert len(docs) == 1
    assert [s.path for s in skips] == [str(folder)] and "no readable articles" in skips[0].reason


def test_ingest_only_file_empty_is_input_error_naming_it(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    with pytest.raises(InputError) as info:
        read(f)
    assert str(info.value) == f"{f}: empty file" and info.value.exit_code == 1


def test_ingest_several_bad_files_and_nothing_good_lists_reasons(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    with pytest.raises(DataError) as info:
        read(tmp_path)
    assert "a.txt: empty file" in str(info.value) and "b.txt: binary file" in str(info.value)


# ---------------------------------------------------------------- a bad file among good ones


def test_ingest_empty_file_is_skipped(tmp_path):
    assert only_skip(tmp_path, "empty.txt", b"").reason == "empty file"


def test_ingest_whitespace_only_file_is_skipped(tmp_path):
    assert "empty" in only_skip(tmp_path, "blank.txt", b" \n\r\n\t ").reason


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG image"),
        (gzip.compress(ARTICLE.encode()), "decompress it first"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"Some text\x00with a NUL byte", "NUL byte at offset 9"),
    ],
    ids=["png", "gzip", "pdf", "nul"],
)
def test_ingest_binary_file_is_skipped(tmp_path, data, words):
    reason = only_skip(tmp_path, "photo.txt", data).reason
    assert reason.startswith("binary file") and words in reason


def test_ingest_not_utf8_names_the_byte_and_is_not_guessed(tmp_path):
    data = "Caf\u00e9 owners said no.".encode("latin-1")
    reason = only_skip(tmp_path, "latin1.txt", data).reason
    assert reason == "not UTF-8 text (byte 0xE9 at offset 3, line 1); re-save it as UTF-8"


def test_ingest_broken_utf16_with_bom_is_skipped(tmp_path):
    reason = only_skip(tmp_path, "b.txt", b"\xff\xfe\x00\x00binary\x00junk").reason
    assert reason.startswith("binary file, or damaged UTF-32-LE text")


def test_ingest_malformed_json_line_among_good_ones(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(
        json.dumps({"text": ARTICLE}) + "\n{not json\n" + json.dumps({"text": OTHER_ARTICLE}) + "\n",
        encoding="utf-8",
    )
    docs, skips = read(f)
    assert [d.path for d in docs] == [f"{f}:1", f"{f}:3"]
    assert skips == [Skip(f"{f}:2", "malformed JSON: Expecting property name enclosed in double quotes (column 2)")]


def test_ingest_jsonl_line_not_utf8_names_line_and_file_offset(tmp_path):
    f = tmp_path / "feed.jsonl"
    first = (json.dumps({"text": ARTICLE}) + "\n").encode()
    f.write_bytes(first + b'{"text": "caf\xe9"}\n' + (json.dumps({"text": OTHER_ARTICLE}) + "\n").encode())
    docs, skips = read(f)
    assert len(docs) == 2
    assert skips[0].path == f"{f}:2" and f"offset {len(first) + 13}" in skips[0].reason


@pytest.mark.parametrize(
    "line, reason",
    [
        ("42", "expected a JSON object with an article, got a number"),
        ('{"title": "No body", "summary": "x"}', "no article text field (looked for text, body"),
        ('{"text": "   "}', "empty text field"),
        ('{"documents": []}', "empty documents list"),
    ],
)
def test_ingest_json_records_without_text_are_skipped(tmp_path, line, reason):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"text": ARTICLE}) + "\n" + line + "\n")
    docs, skips = read(f)
    assert len(docs) == 1 and skips[0].path == f"{f}:2" and skips[0].reason.startswith(reason)


def test_ingest_malformed_json_file(tmp_path):
    reason = only_skip(tmp_path, "a.json", b'{"text": "unfinished').reason
    assert reason.startswith("malformed JSON: Unterminated string")


def test_ingest_folder_passes_over_json_that_holds_no_articles(tmp_path):
    good_file(tmp_path, "a.txt")
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "a.json").write_text(json.dumps({"file": "a.txt", "body_lines": ["x"]}))
    docs, skips = read(tmp_path)
    assert [d.path for d in docs] == [str(tmp_path / "a.txt")] and skips == []
    # Named explicitly, the same file is reported.
    with pytest.raises(InputError, match="no article text field"):
        read(labels / "a.json")


def test_ingest_corrupt_warc_keeps_records_before_the_damage(tmp_path):
    one = warc_bytes([{"url": "https://echo.example/a", "body": page().encode()}])
    two = warc_bytes([{"url": "https://echo.example/b", "body": page(title="Two").encode()}])
    f = tmp_path / "crawl.warc.gz"
    f.write_bytes(one + two[: len(two) // 2])  # the second record is cut off
    docs, skips = read(f)
    assert [d.url for d in docs] == ["https://echo.example/a"]
    assert skips[0].path == f"{f}#2" and "corrupt or truncated WARC record" in skips[0].reason
    f.write_bytes(one + b"this is not a WARC record\r\n\r\n")
    docs, skips = read(f)
    assert len(docs) == 1 and skips[0].path == f"{f}#2"


def test_ingest_not_a_warc(tmp_path):
    assert only_skip(tmp_path, "x.warc", b"hello, this is text\n").reason.startswith("not a readable WARC archive")


def test_ingest_warc_without_html_pages(tmp_path):
    data = warc_bytes([{"url": "https://echo.example/i.png", "body": b"...", "content_type": "image/png"}])
    assert only_skip(tmp_path, "x.warc.gz", data).reason.startswith("no HTML pages in the archive (1 record")


def test_ingest_broken_feed(tmp_path):
    reason = only_skip(tmp_path, "news.xml", b"<?xml version='1.0'?>\n<rss version='2.0'><channel><title>X").reason
    assert reason.startswith("broken feed XML: ")


def test_ingest_feed_that_is_not_a_feed_or_has_no_entries(tmp_path):
    sitemap = b'<?xml version="1.0"?><urlset><url><loc>https://echo.example/</loc></url></urlset>'
    assert "not an RSS or Atom feed" in only_skip(tmp_path, "sitemap.xml", sitemap).reason
    empty = tmp_path / "e.rss"
    empty.write_text(rss([]))
    with pytest.raises(InputError, match="feed has no entries"):
        read(empty)


def test_ingest_feed_entry_without_content_is_skipped_others_kept(tmp_path):
    f = tmp_path / "news.rss"
    f.write_text(rss([{"title": "Only a title"}, {"title": "B", "description": OTHER_ARTICLE}]))
    docs, skips = read(f)
    assert [d.path for d in docs] == [f"{f}#2"]
    assert skips == [Skip(f"{f}#1", "feed entry has no content or summary")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without read permission")
def test_ingest_unreadable_file_is_skipped(tmp_path):
    bad = good_file(tmp_path, "locked.txt")
    bad.chmod(0)
    try:
        docs, skips = read(good_file(tmp_path, "ok.txt"), bad)
    finally:
        bad.chmod(0o644)
    assert len(docs) == 1 and skips[0].reason.startswith("cannot read")


# ---------------------------------------------------------------- stdin


def test_ingest_empty_stdin_is_data_error():
    with pytest.raises(InputError, match="^-: empty input"):
        read("-", stdin=io.StringIO(""))


def test_ingest_binary_stdin_is_skipped_next_to_a_file(tmp_path):
    docs, skips = read(good_file(tmp_path), "-", stdin=io.BytesIO(b"\x00\x01binary"))
    assert len(docs) == 1 and skips[0].path == "-" and skips[0].reason.startswith("binary file")


def test_ingest_results_are_records_only(tmp_path):
    """Everything yielded is a RawDocument or a Skip, whatever the mix of inputs."""
    good_file(tmp_path, "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_text("{bad\n" + json.dumps({"text": ARTICLE}) + "\n")
    items = list(iter_documents([tmp_path]))
    assert all(isinstance(i, (RawDocument, Skip)) for i in items) and len(items) == 4
