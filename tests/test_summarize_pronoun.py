"""A sentence that opens with an unresolved pronoun is passed over when a better one exists."""

from __future__ import annotations

from builders import article

from storyweave.config import Config
from storyweave.summarize import summarize
from storyweave.summarize.storyweave import eligible, starts_with_pronoun


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


def test_summarize_eligibility_rejects_page_text_that_does_not_open_like_a_sentence() -> None:
    from storyweave.summarize.storyweave import starts_like_a_sentence

    # the tail of a quotation cut by the splitter, a list widget, a bullet, a split word
    assert not eligible("said one local resident, a farmer, to the news agency on Monday.", 11)
    assert not eligible("| Getty All the things the president covered at his news conference.", 12)
    assert not eligible("* The rupture spread from south to north over several minutes.", 11)
    assert not starts_like_a_sentence("-author Professor Gavin Prideaux pointed to the bones.")
    # names with a capital inside, figures and quotations open sentences
    assert eligible("iPhone sales rose by a tenth in the last quarter of the year.", 13)
    assert eligible("$40,000 worth of phones were taken from the store room on Friday.", 12)
    assert eligible("\u201cWe will rebuild the bridge,\u201d the mayor said on Friday evening.", 10)


def test_summarize_eligibility_rejects_calls_to_action_and_widgets() -> None:
    assert not eligible("Watch the report from our correspondent on the evening news at six.", 12)
    assert not eligible("Plus, check out our brief history of other scandalous royal siblings.", 11)
    assert not eligible("And don't forget to rate the podcast in the app store this week!", 12)
    assert not eligible("EMBED More News Videos A man was killed when his car caught fire.", 13)
    # a quotation that happens to open with such a verb is news, and so is "follow-up"
    assert eligible("\u201cDon't forget: we are a very powerful country,\u201d he added on Sunday.", 12)
    assert eligible("Follow-up tests showed no trace of the virus in the samples, officials said.", 13)


def test_summarize_eligibility_rejects_captions_and_announcements() -> None:
    assert not eligible("Shane Bauer (2nd L) and Josh Fattal (2nd R) sit with their mothers in Tehran.", 14)
    assert not eligible("Foundation president David Molyneaux, right, and Mary Lu Abbott, left, congratulate the winner.", 14)
    assert not eligible("A reconstruction of the dinosaur is shown in this October 31, 2016 photo released on Monday.", 16)
    assert not eligible("Police released this still image from surveillance video of the man they say robbed two banks.", 16)
    assert not eligible("Here\u2019s a look at what is happening, and why, ahead of the Monday night deadline.", 14)
    # prose that mentions a picture, or a direction, is news
    assert eligible("There would be no charity if there had not first been this picture in a newspaper.", 16)
    assert eligible("The convoy turned left, then stopped at the border crossing for two hours on Monday.", 15)
