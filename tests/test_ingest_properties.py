"""Properties of the readers that must hold for any input, checked with hypothesis."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.ingest import read_inputs
from storyweave.ingest.decode import decode
from storyweave.ingest.multinews import has_separator

# Any text a person could save, minus the three things that are defined to change it:
# NUL (binary), a leading byte-order mark (not content), and the Multi-News separator.
texts = st.text(min_size=1).filter(
    lambda t: "\x00" not in t
    and not t.startswith("\ufeff")
    and not has_separator(t)
    and t.strip() != ""
)


@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_ingest_text_reader_round_trips_any_text(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(text.encode("utf-8"))
        docs, skips = read_inputs([str(path)])
    assert skips == [] and len(docs) == 1
    assert docs[0].content == text and docs[0].path == str(path)


@settings(max_examples=150, deadline=None)
@given(text=texts, bom=st.sampled_from(["utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"]))
def test_ingest_decode_with_any_bom_gives_the_text_back(text, bom):
    if bom == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(bom)
    assert decode(data, "x") == text


@settings(max_examples=100, deadline=None)
@given(
    parts=st.lists(
        texts.map(str.strip).filter(lambda t: t and not t.startswith("\ufeff")), min_size=2, max_size=6
    )
)
def test_ingest_multinews_split_gives_each_part_back(parts):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cluster.txt"
        path.write_text(" ||||| ".join(parts), encoding="utf-8")
        docs, skips = read_inputs([str(path)])
    assert skips == []
    assert [d.content for d in docs] == parts
    assert [d.path for d in docs] == [f"{path}#{i}" for i in range(1, len(parts) + 1)]
