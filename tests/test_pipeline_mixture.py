"""`brief` warns when its inputs look like several stories, and not on one story."""

from __future__ import annotations

from pathlib import Path

import pytest

import storyweave
from storyweave.corpus.mixture import Mixture, stories_of
from storyweave.records import Article

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "aleppo-2016"

TOPICS = {
    "quake": ("A magnitude 7.1 earthquake struck off the coast of Chile on Monday, shaking buildings "
              "in Santiago and prompting a tsunami warning for coastal towns. Seismologists said the "
              "quake's epicentre lay 40 kilometres offshore at a depth of 10 kilometres. "),
    "bank": ("The central bank raised its benchmark interest rate by half a percentage point on "
             "Thursday, citing stubborn inflation in housing and services. Bond yields climbed and "
             "the currency strengthened after the governor signalled further increases. "),
    "final": ("The home side won the cup final 3-1 after extra time, with the striker scoring twice "
              "in front of a sold-out stadium. The coach praised the defence and the goalkeeper, who "
              "saved a penalty in the second half. "),
}


def _articles(topic: str, n: int) -> list[Article]:
    out = []
    for i in range(n):
        text = TOPICS[topic] * 2 + f"Report number {i} on the {topic}."
        out.append(Article(id=f"{topic}{i}", paragraphs=(text,), title=f"{topic} {i}"))
    return out


def test_three_unrelated_stories_are_several():
    mix = stories_of(_articles("quake", 3) + _articles("bank", 3) + _articles("final", 3))
    assert mix.several
    assert mix.sizes == (3, 3, 3)
    assert "ingest" in mix.message() and "stories" in mix.message()


def test_one_story_with_a_stray_is_not_several():
    mix = stories_of(_articles("quake", 5) + _articles("bank", 1))
    assert not mix.several


def test_tiny_inputs_are_never_a_mixture():
    assert not Mixture(sizes=(1, 1)).several
    assert not stories_of(_articles("quake", 1)).several


@pytest.mark.slow
def test_brief_of_the_sample_has_no_mixture_warning():
    brief = storyweave.brief(SAMPLE, words=80)
    assert not any("separate stories" in w for w in brief.warnings)


@pytest.mark.slow
def test_brief_of_mixed_files_warns(tmp_path):
    for topic in TOPICS:
        for a in _articles(topic, 2):
            (tmp_path / f"{a.id}.txt").write_text(f"{a.title}\n\n{a.paragraphs[0]}\n", encoding="utf-8")
    brief = storyweave.brief(tmp_path, words=80)
    assert any("separate stories" in w for w in brief.warnings)
