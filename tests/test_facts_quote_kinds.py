"""Quote kinds and the speaker classes of issue 15, on invented sentences (none from the gold)."""

from __future__ import annotations

import pytest
from facts_helpers import article

from storyweave.facts import extract
from storyweave.facts import quote_model as qm
from storyweave.facts.quotes import quote_spans


def quotes_of(*paragraphs: str) -> list[dict]:
    return extract([article(*paragraphs)]).to_dict()["quotes"]


def by_text(quotes: list[dict], start: str) -> dict:
    found = [q for q in quotes if q["text"].startswith(start)]
    assert found, [q["text"] for q in quotes]
    return found[0]


def test_facts_quote_kinds_partial_fragment_with_a_speaker_is_a_partial_quote():
    qs = quotes_of(
        "Transport Minister Helena Varga spoke to reporters in Szeged on Monday.",
        "Varga called the rail plan \u201creckless and badly costed\u201d and said it would be reviewed.",
    )
    q = by_text(qs, "reckless and badly costed")
    assert q["speaker"] == "Helena Varga"
    assert q["kind"] == "partial"


def test_facts_quote_kinds_speaker_in_the_sentence_before():
    qs = quotes_of(
        "Harbour master Tomas Lind said the storm had moved faster than forecast.",
        "\u201cWe had boats still out at sea when the wind turned. Every crew made it back.\u201d",
    )
    assert by_text(qs, "We had boats still out")["speaker"] == "Tomas Lind"


def test_facts_quote_kinds_statement_of_an_organisation():
    qs = quotes_of(
        "The Orchard Valley school district closed two campuses after the flood.",
        "\u201cThe safety of our pupils comes before everything else,\u201d the district said in a statement.",
    )
    q = by_text(qs, "The safety of our pupils")
    assert q["kind"] == "statement"
    assert q["speaker"]  # the district, as the article names it


def test_facts_quote_kinds_tweet_is_a_statement():
    qs = quotes_of(
        "Senator Ruth Okafor reacted to the vote within minutes.",
        "\u201cA sad day for every family who waited on this bill,\u201d Okafor wrote on Twitter.",
    )
    q = by_text(qs, "A sad day for every family")
    assert (q["speaker"], q["kind"]) == ("Ruth Okafor", "statement")


def test_facts_quote_kinds_multi_paragraph_quote_left_open():
    qs = quotes_of(
        "Fire chief Marco Bellini described the night the warehouse burned.",
        "\u201cWe arrived to find the roof already gone and the north wall leaning out over the street.",
        "\u201cNobody was inside, and that is the only good news I have for you tonight,\u201d Bellini said.",
    )
    q = by_text(qs, "We arrived to find the roof")
    assert q["kind"] == "multi"
    assert q["speaker"] == "Marco Bellini"
    assert len(q["parts"]) == 2


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("The novelist read from her new book \u201cThe Salt Orchard\u201d to a full hall.", "The Salt Orchard"),
        ("Fans of the talk show \u201cLate Hour Live\u201d queued outside the studio, the host said.", "Late Hour Live"),
        ("The goalkeeper, nicknamed \u201cThe Wall,\u201d signed a new contract, his agent said.", "The Wall"),
        ("Protesters chanted \u201cno more cuts\u201d as the council met.", "no more cuts"),
    ],
)
def test_facts_quote_kinds_titles_nicknames_and_slogans_are_not_quotes(sentence, words):
    qs = quotes_of("A crowd gathered in the square on Friday.", sentence)
    assert all(words not in q["text"] for q in qs), qs


def test_facts_quote_kinds_unattributed_quote_has_no_invented_speaker():
    qs = quotes_of(
        "The village hall was full by seven.",
        "\u201cWe have waited forty years for a doctor of our own, and we will wait no longer.\u201d",
    )
    q = by_text(qs, "We have waited forty years")
    assert q["speaker"] == ""  # nobody is named: no guess


def test_facts_quote_kinds_pronoun_follows_the_article_own_he_and_she():
    qs = quotes_of(
        "Coach Dana Whitfield and her assistant Paul Marsh watched the final from the bench.",
        "Marsh said he had never seen the team play better.",
        "Whitfield said her players had earned the title.",
        "\u201cThey fought for every ball,\u201d she said.",
    )
    assert by_text(qs, "They fought for every ball")["speaker"] == "Dana Whitfield"


def test_facts_quote_kinds_broken_closing_mark_ends_the_quote():
    spans = quote_spans(["\u201cThe water is safe to drink\ufffd? said the engineer."])
    assert len(spans) == 1
    (p, s, e), = spans[0]
    assert "said" not in "\u201cThe water is safe to drink\ufffd? said the engineer."[s:e]


def test_facts_quote_kinds_models_load_and_score_in_range():
    w = qm.weights()
    assert set(w) == {"quote", "speaker"}
    assert 0.0 < qm.threshold("quote") < 1.0
    p = qm.probability("quote", {"rule_speaker": 1.0, "whole_sentence": 1.0, "log_words": 0.8})
    q = qm.probability("quote", {"naming_context": 1.0, "all_title": 1.0, "le3_words": 1.0})
    assert 0.0 <= q < p <= 1.0


def test_unattributed_quotes_render_under_their_own_heading():
    from storyweave.render.facts import facts_markdown, facts_text

    facts = {"schema": "storyweave.facts/1", "articles": [], "quotes": [
        {"text": "we will rebuild", "speaker": "", "sources": ["a"], "parts": [], "kind": "direct"},
        {"text": "it is over", "speaker": "Jane Roe", "sources": ["a"], "parts": [], "kind": "direct"},
    ]}
    text = facts_text(facts)
    assert "Unattributed" in text and text.index("Jane Roe") < text.index("Unattributed")
    assert "**Unattributed**" in facts_markdown(facts)
