"""Update briefs: what the reader has seen is left out, changed figures are kept and
marked, and the three ways to say what was seen (articles, a date, a saved brief)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import article

import storyweave
from storyweave.config import Config
from storyweave.errors import ConfigError, DataError, UsageError
from storyweave.pipeline import brief_articles
from storyweave.records import Brief
from storyweave.summarize import update

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"
FILES = sorted(EXAMPLES.glob("*.txt"))

OLD = article(
    "Floods swept through the river town of Marlow on Monday, killing at least 12 people, officials said.",
    "Rescue crews evacuated 300 residents from the flooded streets overnight, the fire service said.",
    "The river burst its banks after three days of heavy rain across the region.",
    path="old.txt", published="2024-03-04",
)
NEW = article(
    "Floods in the river town of Marlow have now killed at least 15 people, officials said on Wednesday.",
    "Rescue crews evacuated 300 residents from the flooded streets overnight, the fire service said.",
    "The government announced an emergency fund of two million pounds for the families who lost their homes.",
    path="new.txt", published="2024-03-06",
)
OTHER_NEW = article(
    "Engineers began inspecting the main bridge into Marlow, which the floods closed on Monday.",
    "The government announced an emergency fund for the families who lost their homes in the floods.",
    "Schools in the town will stay closed until the end of the week, the council said on Wednesday.",
    path="new2.txt", published="2024-03-06",
)


def texts(brief: Brief) -> list[str]:
    return [s.text for s in brief.summary]


def test_summarize_update_leaves_out_what_was_seen():
    generic = brief_articles([NEW, OTHER_NEW], Config(words=200))
    assert any("evacuated 300 residents" in t for t in texts(generic))
    result = brief_articles([NEW, OTHER_NEW], Config(words=200), earlier=[OLD])
    assert result.mode == "update" and result.since.startswith("since 1 earlier article")
    assert not any("evacuated 300 residents" in t for t in texts(result))
    assert any("emergency fund" in t for t in texts(result))


def test_summarize_update_marks_a_changed_figure():
    result = brief_articles([NEW, OTHER_NEW], Config(words=200), earlier=[OLD])
    toll = [s for s in result.summary if "at least 15 people" in s.text]
    assert toll and toll[0].update_of == "at least 12"
    assert toll[0].to_dict()["update_of"] == "at least 12"
    from storyweave.render import render

    assert "update: was at least 12" in render(result, "text")
    assert "update: was at least 12" in render(result, "markdown")
    assert "update: was at least 12" in render(result, "html")


@pytest.mark.parametrize(
    ("new", "old", "was"),
    [
        ("The death toll rose to 45 on Friday.", "The death toll stood at 30 on Thursday.", "30"),
        ("Some 2,500 people fled the fighting.", "Some 1,800 people fled the fighting.", "Some 1,800"),
        ("Three people were injured.", "Two people were injured.", "Two"),
        ("Rescue crews evacuated 300 residents.", "Rescue crews evacuated 300 residents.", None),
        ("The talks began in 2016 in Geneva.", "The talks began in 2015 in Geneva.", None),
    ],
)
def test_summarize_update_changed_figure(new, old, was):
    assert update.changed_figure(new, old) == was


def test_summarize_update_since_date_splits_by_publication():
    result = brief_articles([OLD, NEW, OTHER_NEW], Config(words=200, since="2024-03-05"))
    assert result.mode == "update" and "2024-03-05" in result.since
    assert {a.path for a in result.articles} == {"new.txt", "new2.txt"}
    assert not any("evacuated 300 residents" in t for t in texts(result))
    with pytest.raises(DataError, match="no article published after 2024-03-07"):
        brief_articles([OLD, NEW, OTHER_NEW], Config(since="2024-03-07"))


@pytest.mark.parametrize("bad", ["2016-13-01", "yesterday", "2016/10/01", ""])
def test_config_since_must_be_a_date(bad):
    with pytest.raises(ConfigError, match="`since` must be a date as YYYY-MM-DD"):
        Config(since=bad)


def test_summarize_update_since_brief_leaves_out_its_sentences(tmp_path):
    seen = storyweave.brief(FILES[:3], words=120)
    path = tmp_path / "seen.json"
    path.write_text(json.dumps(seen.to_dict()), encoding="utf-8")
    result = storyweave.brief(FILES, words=120, since_brief=path)
    assert result.mode == "update"
    assert {a.id for a in result.articles}.isdisjoint({a.id for a in seen.articles})
    assert not set(texts(result)) & set(texts(seen))
    found = update.repeats(texts(result), update.seen_in_brief(seen), Config())
    kept = [s for k, s in enumerate(result.summary) if k in found]
    assert all(s.update_of for s in kept), "a repeat is kept only as an update of a figure"


@pytest.mark.parametrize("content", ["not json", "{\"schema\": \"other\"}", "[1, 2]"])
def test_summarize_update_load_brief_rejects_what_is_not_a_brief(tmp_path, content):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match="not a storyweave brief"):
        update.load_brief(path)


def test_summarize_update_repeats_uses_the_attribution_rule():
    earlier = update.earlier_sentences([OLD])
    found = update.repeats(
        ["Rescue crews evacuated 300 residents from the flooded streets overnight, the fire service said.",
         "Schools in the town will stay closed until the end of the week, the council said on Wednesday."],
        earlier, Config(),
    )
    assert set(found) == {0}
    assert found[0][0] == 1.0 and "evacuated" in earlier[found[0][1]].text


def test_summarize_update_needs_a_new_article():
    with pytest.raises(DataError, match="no new article"):
        brief_articles([OLD], Config(), earlier=[OLD])


def test_summarize_update_claim_repeats_counts_a_verbatim_earlier_sentence():
    seen = "Rescue crews evacuated 300 residents from the flooded streets overnight, the fire service said."
    unrelated = "The central bank raised its interest rate by half a point to curb inflation."
    earlier = update.earlier_sentences([OLD])
    found = update.claim_repeats([seen, unrelated], earlier)
    assert set(found) == {0}
    assert earlier[found[0][1]].text == seen and found[0][0] > 0.5
