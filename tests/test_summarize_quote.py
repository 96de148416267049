"""A sentence that quotes someone directly is preferred to one that says the same without."""

from __future__ import annotations

import dataclasses

from builders import article

from storyweave.config import Config
from storyweave.summarize import storyweave as sw
from storyweave.summarize import summarize
from storyweave.summarize.base import Cluster


def test_summarize_quotation_detection() -> None:
    assert sw.has_quotation('"The bridge will open in May," the mayor said on Monday.')
    assert sw.has_quotation("The mayor called it \u201ca great day for the city\u201d on Monday.")
    # an apostrophe is not a quotation
    assert not sw.has_quotation("The mayor's office said the bridge would open in May.")


def test_summarize_prefers_the_quoting_sentence() -> None:
    # two leads with the same facts; only one fits in the budget
    plain = article(
        "Mayor Ann Reed said the new bridge over the river will open in May next year.",
        "Work on the approach roads started last week after two years of delays.",
    )
    quoting = article(
        '"The new bridge over the river will open in May next year," Mayor Ann Reed said.',
        "The city council approved the last payment for the steel work on Tuesday.",
    )
    summary = summarize([plain, quoting], Config(words=17))
    assert [s.text for s in summary] == [quoting.paragraphs[0]]


def test_summarize_quote_boost_outweighs_one_step_of_the_lead_prior() -> None:
    # the same facts: a plain lead, and a quotation second in its article; the boost (x1.75)
    # outweighs the lead prior's step from the first sentence to the second (x4 -> x2.5)
    plain = article("Mayor Ann Reed said the new bridge over the river will open in May next year.")
    quoting = article(
        "Background on the long-delayed project was scarce for most of the week in town.",
        '"The new bridge over the river will open in May next year," Mayor Ann Reed said.',
    )
    cluster = Cluster.from_articles([plain, quoting])
    config = Config(words=17)
    first_on = cluster.sentences[sw.rank(cluster, config)[0]].text
    off = dataclasses.replace(sw.Params(), quote_boost=0.0)
    first_off = cluster.sentences[sw.rank(cluster, config, off)[0]].text
    assert first_on == quoting.paragraphs[1]
    assert first_off == plain.paragraphs[0]
