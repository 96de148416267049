"""The log-odds ratio with an informative Dirichlet prior, on counts worked by hand."""

from __future__ import annotations

import math
from collections import Counter

from facts_helpers import article

from storyweave.facts import extract
from storyweave.facts.framing import coverage, log_odds
from storyweave.records import SummarySentence


def test_facts_framing_log_odds_matches_the_formula():
    mine = Counter({"terrorists": 4, "city": 6})
    others = Counter({"terrorists": 1, "city": 9, "rebels": 5})
    prior = mine + others  # 25 tokens
    scores = log_odds(mine, others, prior, strength=25.0)
    a = 25.0 * 5 / 25  # prior pseudo-count of "terrorists" = 5
    n1, n2, a0 = 10, 15, 25.0
    delta = math.log((4 + a) / (n1 + a0 - 4 - a)) - math.log((1 + a) / (n2 + a0 - 1 - a))
    z = delta / math.sqrt(1 / (4 + a) + 1 / (1 + a))
    assert math.isclose(scores["terrorists"][0], delta)
    assert math.isclose(scores["terrorists"][1], z)
    assert scores["terrorists"][1] > 0 > scores["rebels"][1]


def test_facts_framing_each_outlet_gets_its_own_words():
    a = article("Terrorists shelled the city. The terrorists fired rockets at the school. "
                "Terrorists hit the market.", outlet="A")
    b = article("Opposition fighters shelled the city. The opposition fighters fired rockets. "
                "Opposition fighters hit the market.", outlet="B")
    d = extract([a, b]).to_dict()
    terms = {o["outlet"]: {t["term"]: t for t in o["terms"]} for o in d["framing"]["outlets"]}
    assert terms["A"]["terrorists"]["count"] == 3 and terms["A"]["terrorists"]["count_others"] == 0
    assert "opposition fighters" in terms["B"]
    assert "city" not in terms["A"] and "city" not in terms["B"]


def test_facts_coverage_shows_what_an_outlet_leaves_out():
    s = SummarySentence(text="The bridge fell.", article="x", sources=("x", "y"))
    cov = coverage(["x", "y", "z"], [s], [], [])
    (fact,) = cov["facts"]
    assert fact["sources"] == ["x", "y"] and fact["missing"] == ["z"]
    assert cov["by_article"]["z"]["misses"] == [0]


def test_facts_framing_lists_wording_not_the_names_and_days_an_outlet_covers():
    a = article("Prime Minister John Harwood said on Tuesday that the militants shelled Dorset. "
                "The militants fired on Dorset again, John Harwood told Parliament on Tuesday. "
                "John Harwood said the militants hit Dorset for a third time on Tuesday.",
                outlet="A")
    b = article("Rebels shelled the town, residents said. The rebels fired again at the "
                "market. The rebels hit the school for a third time, a teacher said.",
                outlet="B")
    d = extract([a, b]).to_dict()
    terms = {o["outlet"]: {t["term"] for t in o["terms"]} for o in d["framing"]["outlets"]}
    assert "militants" in terms["A"] and "rebels" in terms["B"]  # the word each outlet chose
    listed = terms["A"] | terms["B"]
    assert not listed & {"john", "harwood", "john harwood", "dorset", "tuesday"}
