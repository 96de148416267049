"""A sentence that opens with an unresolved pronoun is passed over when a better one exists."""

from __future__ import annotations

from storyweave.config import Config
from storyweave.records import Article, content_id
from storyweave.summarize import summarize
from storyweave.summarize.storyweave import eligible, starts_with_pronoun


def article(*paragraphs: str) -> Article:
    return Article(id=content_id("\n".join(paragraphs)), paragraphs=tuple(paragraphs))


def test_summarize_pronoun_opener_detection() -> None:
    assert starts_with_pronoun("He said the talks would resume on Monday.")
    assert starts_with_pronoun("\u201cIt was a mistake,\u201d she said.")
    assert starts_with_pronoun("They left the building at noon.")
    assert not starts_with_pronoun("Helsinki hosted the talks on Monday.")
    assert not starts_with_pronoun("Italy won the final in Rome on Sunday.")


def test_summarize_prefers_named_subject_over_unresolved_pronoun() -> None:
    # the pronoun sentence comes first in its article and says the same as the named one
    a = article(
        "Background on the meeting in the capital was scarce for most of the afternoon.",
        "He resigned on Friday after the central bank scandal grew over three weeks.",
    )
    b = article(
        "Finance minister Peter Olsen resigned on Friday after the central bank scandal grew.",
        "Parliament will choose a successor next month after a short debate.",
    )
    summary = summarize([a, b], Config(words=16))
    assert summary
    assert not any(starts_with_pronoun(s.text) for s in summary)
    assert any("Olsen resigned" in s.text for s in summary)


def test_summarize_pronoun_allowed_right_after_its_antecedent() -> None:
    a = article(
        "Finance minister Peter Olsen resigned on Friday after the central bank scandal grew.",
        "He had led the ministry for six years and oversaw two budget reforms in that time.",
    )
    summary = summarize([a], Config(words=250))
    texts = [s.text for s in summary]
    assert texts.index(a.paragraphs[0]) < texts.index(a.paragraphs[1])


def test_summarize_eligibility_rejects_boilerplate_and_fragments() -> None:
    assert eligible("The council approved the budget for next year on Monday evening.", 11)
    assert not eligible("Click here to subscribe to our daily newsletter for more stories.", 11)
    assert not eligible("Photos of the flood in the city centre and the river banks", 12)
    assert not eligible('He said "the plan will fail and everyone knows it by now.', 12)
