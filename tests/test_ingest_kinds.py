"""Every input kind read into RawDocuments: text, HTML, JSON, JSON Lines, Multi-News, WARC, feeds."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_ingest_builders import (
    ARTICLE,
    OTHER_ARTICLE,
    atom,
    page,
    paragraphs_html,
    rss,
    warc_bytes,
)

from storyweave.ingest import iter_documents, kind_of, read_inputs
from storyweave.ingest.fields import normalize_date
from storyweave.records import RawDocument, Skip


def read(*inputs, stdin=None) -> tuple[list[RawDocument], list[Skip]]:
    return read_inputs([str(i) for i in inputs], stdin=stdin)


def only(*inputs, stdin=None) -> RawDocument:
    docs, skips = read(*inputs, stdin=stdin)
    assert len(docs) == 1 and not skips, (docs, skips)
    return docs[0]


# ---------------------------------------------------------------- text


def test_ingest_text_kept_exactly_with_relative_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw = "Headline\r\n\r\n  " + ARTICLE + "\n\nShare this\n"
    Path("story.txt").write_bytes(raw.encode("utf-8"))
    doc = only("story.txt")
    assert doc == RawDocument(path="story.txt", content=raw, kind="text")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its BOM
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    ],
    ids=["utf8-bom", "utf16-le-bom", "utf16-be-bom"],
)
def test_ingest_text_byte_order_marks(tmp_path, encode):
    f = tmp_path / "a.txt"
    f.write_bytes(encode(ARTICLE))
    assert only(f).content == ARTICLE


def test_ingest_text_that_is_a_saved_page_is_html(tmp_path):
    f = tmp_path / "saved.txt"
    f.write_text("\n" + page(), encoding="utf-8")
    doc = only(f)
    assert doc.kind == "html" and doc.title == "Lowmoor bridge reopens"


# ---------------------------------------------------------------- HTML


def test_ingest_html_metadata_from_the_page(tmp_path):
    f = tmp_path / "bridge.html"
    f.write_text(page(), encoding="utf-8")
    doc = only(f)
    assert doc.kind == "html" and doc.content == page()
    assert doc.title == "Lowmoor bridge reopens"
    assert doc.outlet == "The Lowmoor Echo"
    assert doc.url == "https://echo.example/news/bridge"
    assert doc.published == "2016-10-13"


def test_ingest_html_without_metadata_leaves_fields_empty(tmp_path):
    f = tmp_path / "bare.htm"
    f.write_text(f"<html><body>{paragraphs_html(ARTICLE)}</body></html>", encoding="utf-8")
    doc = only(f)
    assert doc.kind == "html" and doc.published is None and doc.url is None


def test_ingest_html_declared_legacy_charset_is_honoured(tmp_path):
    f = tmp_path / "latin.html"
    f.write_bytes(page("Caf\u00e9 owners on the quay said \u201cno\u201d.", charset="windows-1252").encode("cp1252"))
    doc = only(f)
    assert "Caf\u00e9 owners" in doc.content and "\u201cno\u201d" in doc.content


# ---------------------------------------------------------------- JSON and JSON Lines


def test_ingest_json_object_with_metadata(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(
        json.dumps(
            {
                "headline": "Bridge reopens",
                "body": ARTICLE,
                "link": "https://echo.example/b",
                "publisher": {"name": "Lowmoor Echo", "url": "https://echo.example"},
                "pubDate": "Thu, 13 Oct 2016 08:00:00 GMT",
            }
        ),
        encoding="utf-8",
    )
    assert only(f) == RawDocument(
        path=str(f),
        content=ARTICLE,
        kind="text",
        title="Bridge reopens",
        url="https://echo.example/b",
        outlet="Lowmoor Echo",
        published="2016-10-13T08:00:00+00:00",
    )


@pytest.mark.parametrize("field", ["text", "body", "content", "article", "maintext", "Text"])
def test_ingest_json_text_field_names(tmp_path, field):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"id": 7, field: ARTICLE}), encoding="utf-8")
    assert only(f).content == ARTICLE


def test_ingest_json_first_text_field_wins_and_summary_is_never_read(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"summary": "REFERENCE", "content": OTHER_ARTICLE, "text": ARTICLE}))
    assert only(f).content == ARTICLE


@pytest.mark.parametrize(
    "outlet_field, value",
    [("source", "Echo"), ("source", {"id": "echo", "name": "Echo"}), ("sitename", "Echo"), ("outlet", " Echo ")],
)
def test_ingest_json_outlet_forms(tmp_path, outlet_field, value):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"text": ARTICLE, outlet_field: value}))
    assert only(f).outlet == "Echo"


def test_ingest_json_list_and_rendered_content(tmp_path):
    f = tmp_path / "wp.json"
    f.write_text(
        json.dumps(
            [
                {"title": {"rendered": "Bridge"}, "content": {"rendered": paragraphs_html(ARTICLE)}},
                {"title": "Fish", "text": ["Paragraph one.", "Paragraph two."]},
            ]
        )
    )
    docs, skips = read(f)
    assert not skips
    assert [d.path for d in docs] == [f"{f}#1", f"{f}#2"]
    assert docs[0].kind == "html" and docs[0].title == "Bridge"
    assert docs[1].kind == "text" and docs[1].content == "Paragraph one.\n\nParagraph two."


def test_ingest_jsonl_one_record_per_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": "A", "text": ARTICLE, "date": "2016-10-13"}),
        "",
        json.dumps({"title": "B", "text": OTHER_ARTICLE, "published_at": 1476345600}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, skips = read(f)
    assert not skips
    assert [(d.path, d.title, d.published) for d in docs] == [
        (f"{f}:1", "A", "2016-10-13"),
        (f"{f}:3", "B", "2016-10-13T08:00:00+00:00"),
    ]


def test_ingest_json_file_holding_json_lines(tmp_path):
    f = tmp_path / "dump.json"
    f.write_text(json.dumps({"text": ARTICLE}) + "\n" + json.dumps({"text": OTHER_ARTICLE}) + "\n")
    docs, _ = read(f)
    assert [d.content for d in docs] == [ARTICLE, OTHER_ARTICLE]


def test_ingest_jsonl_file_holding_one_pretty_printed_object(tmp_path):
    f = tmp_path / "pretty.jsonl"
    f.write_text(json.dumps({"title": "A", "text": ARTICLE}, indent=2))
    doc = only(f)
    assert doc.title == "A" and doc.content == ARTICLE


def test_ingest_jsonl_markup_text_is_html(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"content": page()}) + "\n")
    doc = only(f)
    assert doc.kind == "html" and doc.outlet == "The Lowmoor Echo"


def test_ingest_jsonl_prose_with_a_stray_tag_stays_text(tmp_path):
    f = tmp_path / "a.jsonl"
    text = "Prices rose 3% <br> and the index closed at 4 < 5 points."
    f.write_text(json.dumps({"text": text}) + "\n")
    assert only(f).kind == "text"


def test_ingest_shared_eval_format_reads_documents_not_summary(tmp_path):
    f = tmp_path / "dev.jsonl"
    line = {"id": "x1", "documents": [ARTICLE, OTHER_ARTICLE], "summary": "REFERENCE SUMMARY", "titles": ["Bridge", "Fish"]}
    f.write_text(json.dumps(line) + "\n" + json.dumps({**line, "id": "x2"}) + "\n")
    docs, skips = read(f)
    assert not skips
    assert [d.path for d in docs] == [f"{f}:1#1", f"{f}:1#2", f"{f}:2#1", f"{f}:2#2"]
    assert [d.title for d in docs[:2]] == ["Bridge", "Fish"]
    assert all("REFERENCE" not in d.content for d in docs)


def test_ingest_multinews_document_field_splits(tmp_path):
    f = tmp_path / "mn.jsonl"
    f.write_text(json.dumps({"document": f"{ARTICLE} ||||| {OTHER_ARTICLE} |||||", "summary": "REF"}) + "\n")
    docs, skips = read(f)
    assert not skips
    assert [(d.path, d.content) for d in docs] == [(f"{f}:1#1", ARTICLE), (f"{f}:1#2", OTHER_ARTICLE)]


# ---------------------------------------------------------------- Multi-News text


def test_ingest_multinews_text_splits_into_numbered_parts(tmp_path):
    f = tmp_path / "cluster.txt"
    f.write_text(f"{ARTICLE}\n ||||| {OTHER_ARTICLE} |||||  |||||  Third one. |||||\n", encoding="utf-8")
    docs, skips = read(f)
    assert [(d.path, d.content) for d in docs] == [
        (f"{f}#1", ARTICLE),
        (f"{f}#2", OTHER_ARTICLE),
        (f"{f}#4", "Third one."),
    ]
    assert skips == [Skip(f"{f}#3", "empty article between ||||| separators")]


def test_ingest_multinews_preprocessed_separator(tmp_path):
    f = tmp_path / "cluster.txt"
    f.write_text(f"{ARTICLE} story_separator_special_tag {OTHER_ARTICLE}")
    assert [d.content for d in read(f)[0]] == [ARTICLE, OTHER_ARTICLE]


# ---------------------------------------------------------------- WARC


def crawl(tmp_path: Path, gz: bool = True) -> Path:
    records = [
        {"type": "request", "url": "https://echo.example/bridge"},
        {"url": "https://echo.example/bridge", "body": page(canonical=None).encode()},
        {"url": "https://echo.example/logo.png", "body": b"\x89PNG....", "content_type": "image/png"},
        {"url": "https://echo.example/old", "status": "301 Moved Permanently", "body": b""},
        {"url": "https://echo.example/gone", "status": "404 Not Found", "body": b"<html>Not found</html>"},
        {
            "url": "https://harbour.example/fish",
            "body": page(OTHER_ARTICLE, title="Catches fall", site=None, date=None, canonical=None, charset=None).replace("Port", "P\u00f4rt").encode("latin-1"),
            "content_type": "text/html; charset=ISO-8859-1",
            "date": "2016-10-15T06:00:00Z",
        },
        {"type": "resource", "url": "file:///saved/page.html", "body": page(title="Saved").encode(), "content_type": "text/html"},
    ]
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(warc_bytes(records, gz=gz))
    return path


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_ingest_warc_html_responses_become_documents(tmp_path, gz):
    path = crawl(tmp_path, gz)
    docs, skips = read(path)
    assert [d.path for d in docs] == [f"{path}#2", f"{path}#6", f"{path}#7"]
    bridge, fish, saved = docs
    assert bridge.kind == "html" and bridge.url == "https://echo.example/bridge"
    assert bridge.title == "Lowmoor bridge reopens" and bridge.published == "2016-10-13"
    # No date on the page: the crawl date stands in; the HTTP charset decodes the bytes.
    assert fish.published == "2016-10-15T06:00:00+00:00" and "P\u00f4rt Saltley" in fish.content
    assert saved.url == "file:///saved/page.html" and saved.title == "Saved"
    assert skips == [Skip(f"{path}#5", "HTTP 404 response for https://echo.example/gone")]


def test_ingest_warc_sniffed_without_extension(tmp_path):
    path = crawl(tmp_path)
    renamed = path.with_name("crawl.bin")
    path.rename(renamed)
    assert len(read(renamed)[0]) == 3


# ---------------------------------------------------------------- feeds


def test_ingest_rss_items(tmp_path):
    f = tmp_path / "news.rss"
    f.write_text(
        rss(
            [
                {
                    "title": "Bridge reopens",
                    "link": "https://echo.example/bridge",
                    "pubDate": "Thu, 13 Oct 2016 08:00:00 GMT",
                    "description": "Teaser only.",
                    "encoded": paragraphs_html(ARTICLE),
                },
                {"title": "Catches fall", "link": "https://echo.example/fish", "description": OTHER_ARTICLE},
            ]
        ),
        encoding="utf-8",
    )
    docs, skips = read(f)
    assert not skips
    assert [d.path for d in docs] == [f"{f}#1", f"{f}#2"]
    bridge, fish = docs
    assert bridge.kind == "html" and "nine months of repairs" in bridge.content and "Teaser" not in bridge.content
    assert (bridge.title, bridge.url, bridge.outlet, bridge.published) == (
        "Bridge reopens",
        "https://echo.example/bridge",
        "Lowmoor Echo - News",
        "2016-10-13T08:00:00+00:00",
    )
    assert fish.content.strip() == OTHER_ARTICLE and fish.published is None


def test_ingest_atom_entries(tmp_path):
    f = tmp_path / "harbour.xml"
    f.write_text(
        atom(
            [
                {"title": "Catches fall", "link": "https://harbour.example/fish", "published": "2016-10-14T10:00:00+01:00", "content": paragraphs_html(OTHER_ARTICLE)},
                {"title": "Short", "link": "https://harbour.example/s", "summary": "A summary line only."},
            ]
        ),
        encoding="utf-8",
    )
    docs, skips = read(f)
    assert not skips
    fish, short = docs
    assert fish.path == f"{f}#1" and fish.outlet == "Saltley Harbour News"
    assert fish.published == "2016-10-14T10:00:00+01:00" and "mackerel" in fish.content
    assert short.content == "A summary line only." and short.url == "https://harbour.example/s"


# ---------------------------------------------------------------- sniffing and stdin


@pytest.mark.parametrize(
    "content, kind, suffix",
    [
        (page(), "html", ""),
        # RSS descriptions are typed HTML; one without a tag is read as the text it is
        (rss([{"title": "A", "description": OTHER_ARTICLE}]), "text", "#1"),
        (rss([{"title": "A", "description": f"<p>{OTHER_ARTICLE}</p>"}]), "html", "#1"),
        (json.dumps({"text": ARTICLE}), "text", ""),
        (ARTICLE, "text", ""),
    ],
    ids=["html", "rss", "rss-html", "json", "text"],
)
def test_ingest_unknown_extension_is_sniffed(tmp_path, content, kind, suffix):
    f = tmp_path / "download.dat"
    f.write_text(content, encoding="utf-8")
    doc = only(f)
    assert doc.kind == kind and doc.path == f"{f}{suffix}"
    assert ("Lowmoor" in doc.content) or ("mackerel" in doc.content)


def test_ingest_stdin_text_and_bytes():
    assert only("-", stdin=io.StringIO(ARTICLE)) == RawDocument(path="-", content=ARTICLE)
    assert only("-", stdin=io.BytesIO(ARTICLE.encode("utf-8"))).content == ARTICLE


def test_ingest_stdin_is_sniffed_like_a_file():
    lines = "\n".join(json.dumps({"text": t}) for t in (ARTICLE, OTHER_ARTICLE))
    docs, _ = read("-", stdin=io.StringIO(lines))
    assert [d.path for d in docs] == ["-:1", "-:2"]
    assert only("-", stdin=io.BytesIO(page().encode())).kind == "html"
    warc = warc_bytes([{"url": "https://echo.example/a", "body": page().encode()}])
    assert only("-", stdin=io.BytesIO(warc)).path == "-#1"


def test_ingest_stdin_wrapper_with_buffer_is_read_as_bytes():
    wrapper = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + ARTICLE.encode()), encoding="utf-8")
    assert only("-", stdin=wrapper).content == ARTICLE


def test_ingest_kind_of_extensions():
    assert [kind_of(n) for n in ("a.TXT", "b.htm", "c.warc.gz", "d.ndjson", "e.atom", "f.md", "g.gz")] == [
        "text", "html", "warc", "jsonl", "feed", None, None,
    ]


def test_ingest_iter_documents_accepts_a_single_path(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE)
    assert [d.content for d in iter_documents(f)] == [ARTICLE]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2016-10-13", "2016-10-13"),
        ("2016-10-13T08:00:00Z", "2016-10-13T08:00:00+00:00"),
        ("Thu, 13 Oct 2016 08:00:00 GMT", "2016-10-13T08:00:00+00:00"),
        ("13 October 2016", "2016-10-13"),
        ("October 13, 2016 8:05 PM", "2016-10-13T20:05:00"),
        (1476345600, "2016-10-13T08:00:00+00:00"),
        ("1476345600000", "2016-10-13T08:00:00+00:00"),
        ("13 octobre 2016", "2016-10-13"),
        ("Thursday", None),
        ("October 2016", None),
        ("2 hours ago", None),
        ("not a date", None),
        ("", None),
        (None, None),
        (True, None),
        ("3016-01-01", None),
    ],
)
def test_ingest_dates_normalised_to_iso(value, expected):
    assert normalize_date(value) == expected


def test_ingest_xhtml_saved_as_xml_is_html(tmp_path):
    f = tmp_path / "page.xml"
    f.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + page().replace("<!DOCTYPE html>", ""), encoding="utf-8")
    doc = only(f)
    assert doc.kind == "html" and doc.title == "Lowmoor bridge reopens"
