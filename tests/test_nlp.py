from __future__ import annotations

import numpy as np
import pytest

from storyweave import nlp
from storyweave.records import Article, content_id


def test_nlp_spans_index_the_text_and_never_cross_a_line():
    text = "First sentence here. Second one follows.\nA new paragraph starts. It ends."
    spans = nlp.split_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "First sentence here.",
        "Second one follows.",
        "A new paragraph starts.",
        "It ends.",
    ]
    for s, e in spans:
        assert "\n" not in text[s:e]


@pytest.mark.parametrize(
    "text",
    [
        'He said: "We will stay. We will not leave. Nobody can make us." Then he left.',
        "\u201cWe will stay. We will not leave,\u201d the mayor said. Others disagreed.",
    ],
)
def test_nlp_no_sentence_ends_inside_an_open_quote(text):
    for s, e in nlp.split_spans(text):
        piece = text[s:e]
        assert piece.count('"') % 2 == 0
        assert piece.count("\u201c") == piece.count("\u201d")


def test_nlp_sentences_carry_article_id_and_paragraph():
    text = "Alpha beta gamma. Delta epsilon.\nZeta eta theta."
    art = Article(id=content_id(text), paragraphs=tuple(text.split("\n")))
    sents = nlp.sentences(art)
    assert [s.paragraph for s in sents] == [0, 0, 1]
    assert all(art.text[s.start : s.end] == s.text for s in sents)
    assert {s.article for s in sents} == {art.id}


def test_nlp_embedder_unit_vectors_and_meaningful_similarity():
    emb = nlp.embedder()
    v = emb.encode(
        [
            "Putin dismissed the war crimes accusations as political rhetoric.",
            "The Russian president called the war crime claims mere rhetoric.",
            "The football club signed a new goalkeeper on Monday.",
        ]
    )
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > 0.6 > v[0] @ v[2]
    assert emb.encode([]).shape == (0, 384)
