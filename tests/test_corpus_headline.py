"""Story headlines (issue 17): the central article's title, else its lead sentence; never junk."""

from __future__ import annotations

import pytest

from storyweave.corpus.headline import central, headline, lead_sentence, usable


@pytest.mark.parametrize("line", [
    "Update: the council has since withdrawn the statement.",
    "UPDATED - Police have named the victim",
    "> On Monday, Jane Doe wrote: the plan is off",
    "- Flood warnings issued for the river valley",
    "\u2022 Ten things to know about the flood",
    "3. The mayor resigned after the vote",
    "Step 1: Harvest all of your planet's resources.",
    "Photo: Firefighters at the warehouse on Tuesday",
    "(AP Photo/Jane Doe) Firefighters at the warehouse",
    "Image copyright Getty Images",
    "\u201cWe will rebuild the town,\u201d",
    "and the council said it would never happen again.\u201d",
    "\u201cIt is the worst we have seen in our lifetime. And there",
    "...to the lake three nights in a row, and insisted on it.",
    "An ICBM test by North Korea on Sept. 9? 9:04 PM ET Sun, 3 Sept 2017 | 02:51",
    "Please study this quote from the inaugural, @ someone.",
    "WE CHECKED THE SHERIFF'S OFFICE AND ALL THEY WOULD SAY IS THIS.",
    "New owner looking for a new publisher; several...",
])
def test_corpus_headline_never_a_caption_quote_list_or_note(line: str):
    assert not usable(line)


@pytest.mark.parametrize("line", [
    "Tour de France: Alexander Vinokourov wins stage 13",
    "Officials: Woman Kills 3, Injures 3 Before Taking Her Own Life In Aberdeen Shooting",
    "Flood waters rise in Lowmoor as the levee gives way",
])
def test_corpus_headline_keeps_real_titles(line: str):
    assert usable(line)


def test_corpus_headline_untitled_text_gives_its_lead_sentence():
    text = ("Image copyright Getty Images\n"
            "\u201cWe have lost everything,\u201d one resident said.\n"
            "The river burst its banks in Lowmoor on Tuesday, forcing 300 people from their homes. "
            "Officials said more rain was due.")
    assert lead_sentence(text) == ("The river burst its banks in Lowmoor on Tuesday, forcing 300 "
                                   "people from their homes.")
    assert headline(None, text) == lead_sentence(text)
    assert headline("Update: river levels", text) == lead_sentence(text)
    assert headline("Lowmoor flood forces 300 from homes", text) == "Lowmoor flood forces 300 from homes"
    # initials and titles do not end a sentence
    assert lead_sentence("A police officer bought a ring from J.C. Penney for the woman on Friday.") == (
        "A police officer bought a ring from J.C. Penney for the woman on Friday.")


def test_corpus_headline_central_article_is_the_most_linked():
    edges = {("a", "b"): 0.2, ("b", "c"): 0.3, ("a", "c"): 0.05}
    assert central(["a", "b", "c"], edges, {}) == "b"
    assert central(["x", "y"], {}, {"x": (1,), "y": (0,)}) == "y"  # no links: the tie-break
