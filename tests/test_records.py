from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.records import (
    Article,
    Brief,
    Evidence,
    Skip,
    SummarySentence,
    content_id,
    normalize,
)


def make_article(text: str = "One sentence here.\nAnother paragraph.", **kw) -> Article:
    paragraphs = tuple(p for p in text.split("\n") if p.strip())
    return Article(id=content_id(text), paragraphs=paragraphs, **kw)


def test_records_normalize_folds_nbsp_and_ellipsis():
    assert normalize("a\u00a0b \u2026  c\n") == "a b ... c"


def test_records_content_id_is_stable_and_whitespace_insensitive():
    assert content_id("Hello  world") == content_id("Hello world\n")
    assert content_id("Hello world") != content_id("Hello world!")
    assert len(content_id("x")) == 16


def test_records_article_roundtrip():
    art = make_article(title="T", outlet="O", published="2016-10-13", dropped=("Advertisement",))
    data = art.to_dict()
    assert data["text"] == "One sentence here.\nAnother paragraph."
    assert Article.from_dict(data) == art


def test_records_brief_roundtrip_and_schema_tag():
    art = make_article()
    sent = SummarySentence(
        text="One sentence here.",
        article=art.id,
        sources=(art.id,),
        start=0,
        end=18,
        evidence=(Evidence(art.id, 0, 18, "One sentence here.", 1.0),),
    )
    b = Brief(articles=(art,), summary=(sent,), skipped=(Skip("x.txt", "empty file"),))
    data = b.to_dict()
    assert data["schema"] == "storyweave.brief/1"
    assert Brief.from_dict(data) == b
    assert b.article(art.id) is art
    with pytest.raises(KeyError):
        b.article("nope")


@given(st.lists(st.text(min_size=1).filter(lambda t: t.strip() and "\n" not in t), min_size=1))
def test_records_article_text_roundtrip_property(paragraphs):
    text = "\n".join(paragraphs)
    art = Article(id=content_id(text), paragraphs=tuple(paragraphs))
    assert Article.from_dict(art.to_dict()).text == "\n".join(p for p in paragraphs if p.strip())
