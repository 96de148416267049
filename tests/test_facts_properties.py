"""The guarantees of the facts output on articles assembled at random from news-like pieces."""

from __future__ import annotations

from facts_helpers import article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.facts import extract

PIECES = [
    "\u201cWe will not give up,\u201d said Mayor Lena Ortiz on Tuesday.",
    '"The water is still rising," she added. "Nobody should go home yet."',
    "At least 14 people were killed and about 200 injured in Riverton since March 3, police said.",
    "The council approved $2.5 million in aid last month, according to the city's finance office.",
    "Unemployment fell to 4.2 percent earlier this year.",
    "Between 40 and 50 homes were destroyed, the so-called \u201csafe zone\u201d included.",
    "\u201cIt was a disaster. Everyone knew it,",
    "\u201cand nobody did anything,\u201d resident Omar Said told reporters.",
    "Governor Ruth Keller, who visited the area two weeks ago, called the response \u201cslow\u201d.",
    "Some 3,000 residents were evacuated to the capital on Sunday.",
    "The storm hit on Oct. 4, 2019 and again on Friday.",
    "\u00a0Officials said nearly half of the 1,200 houses had no power.",
]


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3), min_size=1, max_size=5),
    st.sampled_from([None, "2020-06-10", "2019-10-11"]),
)
def test_facts_properties_hold_on_random_articles(paragraphs, published):
    art = article(*(" ".join(p) for p in paragraphs), published=published, outlet="X")
    d = extract([art]).to_dict()
    text = art.text
    for q in d["quotes"]:
        # a quotation the text gives nobody for is reported with speaker "" (issue 15)
        assert isinstance(q["speaker"], str)
        assert q["kind"] in {"direct", "partial", "multi", "statement"}
        parts = [p for p in q["parts"] if p["article"] == art.id]
        assert parts
        for p in parts:
            s, e = p["span"]
            assert text[s:e] == p["text"] and p["text"]
        assert " ".join(p["text"] for p in parts) == q["text"]
    for f in d["figures"]:
        assert f["number"] and f["number"] in f["sentence"]
        s, e = f["span"]
        assert text[s:e] == f["number"]
        assert f["sentence"] in text
    for ev in d["timeline"]:
        assert ev["phrase"] and ev["anchor"]
        assert ev["phrase"] in ev["event"]
        if published and not ev["inferred"] and ev["precision"] == "day" and ev["end"] is None:
            pass  # a dated event may lie in the future of its article (future clauses)
    meta = d["articles"][0]
    assert meta["published_inferred"] is (published is None)
    if published:
        assert meta["published"] == published
