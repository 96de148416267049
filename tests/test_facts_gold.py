"""The facts of the bundled Aleppo samples against their hand-made gold, and the output contract."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from facts_helpers import SAMPLES, gold_articles, score_figures, score_quotes

from storyweave.facts import extract
from storyweave.records import FACTS_SCHEMA, Facts

pytestmark = pytest.mark.skipif(not (SAMPLES / "gold").is_dir(), reason="examples/aleppo-2016/gold missing")


@pytest.fixture(scope="module")
def gold():
    arts, golds = gold_articles()
    facts = extract(arts)
    return arts, golds, facts, facts.to_dict()


def test_facts_gold_quote_recall_and_speaker_accuracy(gold):
    arts, golds, _, d = gold
    s = score_quotes(d, arts, golds)
    assert s["total"] == 27
    assert s["recall"] >= 0.9, s["misses"]
    assert s["speaker_accuracy"] >= 0.9, s["wrong"]


def test_facts_gold_figure_recall(gold):
    arts, golds, _, d = gold
    s = score_figures(d, arts, golds)
    assert s["recall"] >= 0.85, s["misses"]


def test_facts_gold_death_tolls_grouped_with_scopes_that_differ(gold):
    arts, _, _, d = gold
    figs = d["figures"]
    by_value = {(f["article"], f["value"]): f for f in figs}
    a630 = by_value[(arts[0].id, 630)]
    a290 = by_value[(arts[2].id, 290)]
    assert a630["group"] and a630["group"] == a290["group"]
    assert a630["since"].endswith("-09-19") and a290["since"].endswith("-09-22")
    assert a630["attributed_to"] == a290["attributed_to"] == "Syrian Observatory for Human Rights"
    notes = [x for x in d["disagreements"] if x["group"] == a630["group"]]
    assert any(x["kind"] == "scope" for x in notes)
    i630, i290 = figs.index(a630), figs.index(a290)
    scoped = [x for x in notes if i630 in x["figures"] and i290 in x["figures"]]
    assert scoped and "September 19" in scoped[0]["note"] and "September 22" in scoped[0]["note"]
    # a day's toll is not a running total: it stays out of the group
    seven = by_value[(arts[0].id, 7)]
    assert seven["group"] != a630["group"]


def test_facts_gold_putin_quote_and_press_tv_speaker(gold):
    _, _, _, d = gold
    putin = [q for q in d["quotes"] if q["speaker"] == "Vladimir Putin"]
    assert any(q["text"].startswith("political rhetoric") for q in putin)
    assert {q["speaker"] for q in d["quotes"] if "inappropriate at the present time" in q["text"]} == {"Dmitry Peskov"}


def test_facts_gold_dates_are_inferred_with_evidence(gold):
    _, _, _, d = gold
    for a in d["articles"]:
        assert a["published_inferred"] is True  # the samples carry no dates
        assert a["published_evidence"]
    assert d["articles"][0]["published"] == "2016-10-13"


def test_facts_gold_schema_and_round_trip(gold):
    jsonschema = pytest.importorskip("jsonschema")
    _, _, facts, d = gold
    schema = json.loads(resources.files("storyweave").joinpath("schemas/facts.schema.json").read_text())
    jsonschema.validate(d, schema)
    assert d["schema"] == FACTS_SCHEMA
    again = Facts.from_dict(json.loads(json.dumps(d)))
    assert again.to_dict() == d


def test_facts_gold_guarantees(gold):
    arts, _, _, d = gold
    texts = {a.id: a.text for a in arts}
    for q in d["quotes"]:
        assert q["parts"]
        for p in q["parts"]:
            s, e = p["span"]
            assert texts[p["article"]][s:e] == p["text"]
        first = [p["text"] for p in q["parts"] if p["article"] == q["sources"][0]]
        assert " ".join(first) == q["text"]
    for f in d["figures"]:
        assert f["number"] in f["sentence"]
        assert f["sentence"] in texts[f["article"]]
        s, e = f["span"]
        assert texts[f["article"]][s:e] == f["number"]
    for ev in d["timeline"]:
        assert ev["phrase"] and ev["anchor"]
        s, e = ev["span"]
        assert texts[ev["article"]][s:e] == ev["event"]
        assert ev["phrase"] in ev["event"]


def test_facts_gold_views_escape_and_have_sections(gold):
    from storyweave.render.facts import facts_html, facts_markdown, facts_text

    _, _, _, d = gold
    html = facts_html(d)
    for section in ("Quotes", "Figures", "Timeline", "Entities", "Distinctive words", "Coverage"):
        assert f"<h2>{section}</h2>" in html
        assert section.split()[0] in facts_text(d)
        assert section in facts_markdown(d)
    assert "<q>political rhetoric" in html
    assert "[to see Putin]" not in facts_markdown(d)  # brackets are escaped in Markdown


def test_facts_gold_framing_counts(gold):
    _, _, _, d = gold
    outlets = {o["outlet"]: o for o in d["framing"]["outlets"]}
    assert "Al Jazeera" in outlets and "Press TV" in outlets
    aj = {t["term"]: t for t in outlets["Al Jazeera"]["terms"]}
    assert "opposition fighters" in aj
    assert aj["opposition fighters"]["count"] >= 2 and aj["opposition fighters"]["count_others"] == 0


def test_facts_gold_through_the_real_pipeline_and_cli(capsys):
    """The samples as ingest and clean read them, through `storyweave facts`."""
    from facts_helpers import score_quotes

    from storyweave.cli import main

    assert main(["facts", str(SAMPLES), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["schema"] == FACTS_SCHEMA and len(d["articles"]) == 5
    _, golds = gold_articles()
    by_file = {a["path"].rsplit("/", 1)[-1]: a["id"] for a in d["articles"]}

    class _A:  # what score_quotes needs of an article: its id
        def __init__(self, id_):
            self.id = id_

    arts = [_A(by_file[g["file"]]) for g in golds]
    s = score_quotes(d, arts, golds)
    assert s["recall"] >= 0.9, s["misses"]
    assert s["speaker_accuracy"] >= 0.9, s["wrong"]


def test_facts_cli_bad_file_among_good_ones_is_skipped(tmp_path, capsys):
    from storyweave.cli import main

    good = tmp_path / "good.txt"
    good.write_text(
        "\u201cThe dam will hold through the winter,\u201d said engineer Paula Grant, who has "
        "inspected it twice this year. The town council met on Monday to discuss the repairs "
        "and approved a budget of $2 million for the work.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    assert main(["facts", str(good), str(bad), "--format", "text"]) == 0
    out, err = capsys.readouterr()
    assert "Paula Grant" in out
    assert "empty.txt" in err and "Traceback" not in err
