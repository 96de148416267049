"""End to end on the bundled sample: the guarantees a reader relies on."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from storyweave.records import normalize
from storyweave.render import render

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "src/storyweave/schemas/brief.schema.json").read_text()
)


def boilerplate_lines(gold):
    return {normalize(line) for g in gold.values() for line in g["boilerplate_lines"]}


def test_pipeline_reads_all_five_samples_with_titles(aleppo_brief):
    assert len(aleppo_brief.articles) == 5
    assert not aleppo_brief.skipped


def test_pipeline_every_summary_sentence_is_verbatim_in_its_article(aleppo_brief):
    assert aleppo_brief.summary
    for sent in aleppo_brief.summary:
        article = aleppo_brief.article(sent.article)
        assert article.text[sent.start : sent.end] == sent.text
        assert sent.sources[0] == sent.article
        assert len(set(sent.sources)) == len(sent.sources)
        for ev in sent.evidence:
            assert aleppo_brief.article(ev.article).text[ev.start : ev.end] == ev.text
            assert ev.article in sent.sources


def test_pipeline_budget_holds(aleppo_brief):
    assert 0 < aleppo_brief.n_words <= 250


@pytest.mark.parametrize("words", [40, 100])
def test_pipeline_budget_holds_for_small_budgets(examples_dir, words):
    from storyweave import brief

    result = brief([examples_dir], words=words)
    assert sum(len(s.text.split()) for s in result.summary) <= words


def test_pipeline_draws_from_several_articles_and_corroborates(aleppo_brief):
    assert len({s.article for s in aleppo_brief.summary}) >= 3
    assert any(len(s.sources) >= 2 for s in aleppo_brief.summary)


def test_pipeline_no_gold_boilerplate_in_clean_text_or_summary(aleppo_brief, gold):
    bad = boilerplate_lines(gold)
    for article in aleppo_brief.articles:
        for para in article.paragraphs:
            assert normalize(para) not in bad, para
    for sent in aleppo_brief.summary:
        assert normalize(sent.text) not in bad


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_pipeline_no_gold_boilerplate_in_any_output(aleppo_brief, gold, fmt):
    out = normalize(render(aleppo_brief, fmt))
    # long boilerplate lines (headline blurbs, pitches, captions) must not appear at all;
    # short ones ("Advertisement") may legitimately occur inside body sentences
    for line in boilerplate_lines(gold):
        if len(line.split()) >= 6:
            assert line not in out, line


def test_pipeline_json_validates_against_schema(aleppo_brief):
    data = json.loads(render(aleppo_brief, "json"))
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "storyweave.brief/1"
    for art in data["articles"]:
        assert art["path"].endswith(".txt")
        assert "\n" in art["text"]


def test_pipeline_text_and_markdown_cite_with_numbered_sources(aleppo_brief):
    text = render(aleppo_brief, "text")
    assert "[1]" in text and "Sources" in text
    md = render(aleppo_brief, "markdown")
    assert "## Sources" in md and "5. " in md


def test_pipeline_html_is_self_contained_and_links_citations(aleppo_brief):
    html = render(aleppo_brief, "html")
    assert html.startswith("<!doctype html>")
    assert "<script" not in html and "http://" not in html.split("<body>")[0]
    assert 'class="cite" href="#a' in html and "<mark id=" in html


def test_pipeline_recognises_outlets_from_the_text(aleppo_brief):
    outlets = {a.outlet for a in aleppo_brief.articles}
    assert {"Press TV", "Al Jazeera", "The New Daily", "Inquisitr"} <= outlets


def test_pipeline_single_article_works_and_says_so(examples_dir):
    from storyweave import brief

    result = brief([examples_dir / "002_49603202833be986.txt"], words=80)
    assert result.summary
    assert any("only one article" in w for w in result.warnings)
    assert all(s.sources == (s.article,) for s in result.summary)
