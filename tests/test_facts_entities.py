"""Names merged within and across articles."""

from __future__ import annotations

from facts_helpers import article

from storyweave.facts import extract
from storyweave.facts.entities import same_word, strip_name


def test_facts_entities_short_and_long_forms_are_one_entity_with_mentions_per_article():
    a = article("Russian President Vladimir Putin met the envoy in Moscow on Monday.", outlet="A")
    b = article("Putin said the talks went well.", outlet="B")
    c = article("Vladimir Putin left Moscow after the meeting.", outlet="C")
    d = extract([a, b, c]).to_dict()
    putin = [e for e in d["entities"] if "Putin" in e["name"]]
    assert len(putin) == 1
    assert putin[0]["name"] == "Vladimir Putin"
    assert set(putin[0]["mentions"]) == {a.id, b.id, c.id}
    assert putin[0]["outlets"] == {"A": 1, "B": 1, "C": 1}


def test_facts_entities_titles_and_possessives_are_not_part_of_a_name():
    assert strip_name("Lieutenant General Sergei Rudskoi") == "Sergei Rudskoi"
    assert strip_name("the Russian Armed Forces Lieutenant General Sergei Rudskoi") == "Sergei Rudskoi"
    assert strip_name("Mr. Churkin") == "Churkin"
    assert strip_name("Foreign Ministry", organisation=True) == "Foreign Ministry"
    assert strip_name("Sweden's Carl Dahl") == "Carl Dahl"


def test_facts_entities_country_and_adjective_match():
    assert same_word("russia", "russian") and same_word("syria", "syrian")
    assert not same_word("iran", "iraq")


def test_facts_entities_a_titled_name_is_a_person_whatever_the_model_says():
    a = article(
        "\u201cWe do not agree with what they are doing,\u201d Jean-Marc Ayrault, the French foreign "
        "minister, told France Inter radio on Monday.",
        outlet="A",
    )
    d = extract([a]).to_dict()
    (e,) = [e for e in d["entities"] if "Ayrault" in e["name"]]
    assert e["label"] == "PERSON"


def test_facts_entities_hyphenated_and_spaced_spellings_are_one_name():
    a = article("Police said Lee Min-jun was arrested at the airport on Monday.", outlet="A")
    b = article("Officers said Lee Min Jun had been arrested at the airport.", outlet="B")
    d = extract([a, b]).to_dict()
    lee = [e for e in d["entities"] if e["name"].startswith("Lee")]
    assert len(lee) == 1 and set(lee[0]["mentions"]) == {a.id, b.id}


def test_facts_entities_handles_and_ticker_prices_are_not_entities():
    a = article(
        "A gunman opened fire at the warehouse in Aberdeen on Thursday, Sheriff Jeffrey Gahler said.",
        "\u2014 Harford Sheriff (@Harford_Sheriff) September 20, 2018",
        "Northwind NWD +0.88% shares rose after the results.",
        outlet="A",
    )
    names = {e["name"] for e in extract([a]).to_dict()["entities"]}
    assert "Jeffrey Gahler" in names
    assert not [n for n in names if "@" in n or "%" in n]


def test_facts_entities_a_country_stays_apart_from_a_ministry_named_after_it():
    """"Russia" mentions counted as the "Russian Defence Ministry" swelled the ministry and
    hid the country; "Syria's Aleppo" is Aleppo."""
    a = article(
        "The Freedonian Defence Ministry said its jets had not flown over Sylvania's Marlow.",
        "Freedonia has denied the claims, and Freedonia will not attend the talks in Marlow.",
        outlet="A",
    )
    ents = {e["name"]: e for e in extract([a]).to_dict()["entities"]}
    assert "Freedonia" in ents and "Freedonian Defence Ministry" in ents
    assert sum(ents["Freedonian Defence Ministry"]["mentions"].values()) == 1
    assert "Marlow" in ents and not [n for n in ents if "Sylvania's" in n or "Sylvania\u2019s" in n]


def test_facts_entities_title_of_place_before_a_name_is_no_part_of_it():
    d = extract([article(
        "On March 20, with the Governor of Nord Dal Per Lund and the Mayor of Lund Erik Berg, "
        "Mayor of Tarnby Lars Holm announced a campaign for the town.",
        # a place of two words is known by the article's other mention of it
        "The monument was made with rocks from the Nord Dal Province. \u201cWe wanted to "
        "create this monument so we don't forget it,\u201d said Per Lund.",
    )]).to_dict()
    people = {e["name"] for e in d["entities"] if e["label"] == "PERSON"}
    assert {"Erik Berg", "Lars Holm", "Per Lund"} <= people
    assert not any(w in p for p in people for w in ("Nord", "Dal", "Tarnby"))
    assert [q["speaker"] for q in d["quotes"]] == ["Per Lund"]
