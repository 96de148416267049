"""Relative dates against a fixed anchor, and publication dates inferred from the text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from facts_helpers import article
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.facts import extract
from storyweave.facts.timeline import resolve

WEDNESDAY = date(2016, 10, 12)


@pytest.mark.parametrize(
    ("phrase", "iso", "precision", "end"),
    [
        ("on Thursday", "2016-10-06", "day", None),
        ("late Wednesday", "2016-10-12", "day", None),
        ("last Wednesday", "2016-10-05", "day", None),
        ("yesterday", "2016-10-11", "day", None),
        ("last month", "2016-09", "month", None),
        ("since early September", "2016-09", "month", None),
        ("earlier in the week", "2016-10-10", "week", "2016-10-12"),
        ("earlier this year", "2016", "year", "2016-10-12"),
        ("two weeks ago", "2016-09-28", "week", None),
        ("the past 10 days", "2016-10-02", "day", "2016-10-12"),
        ("the previous three days", "2016-10-09", "day", "2016-10-12"),
        ("September 19", "2016-09-19", "day", None),
        ("19 September", "2016-09-19", "day", None),
        ("December 25", "2015-12-25", "day", None),
        ("In September 2015", "2015-09", "month", None),
        ("Oct. 6, 2016", "2016-10-06", "day", None),
        ("2012", "2012", "year", None),
    ],
)
def test_facts_timeline_resolves_against_anchor(phrase, iso, precision, end):
    r = resolve(phrase, WEDNESDAY)
    assert r is not None
    assert (r.iso(), r.precision) == (iso, precision)
    assert (r.end.isoformat() if r.end else None) == end


@pytest.mark.parametrize("phrase", ["recent weeks", "years", "daily", "a few days", "after a", "five-year"])
def test_facts_timeline_vague_phrases_resolve_to_nothing(phrase):
    assert resolve(phrase, WEDNESDAY) is None


@settings(derandomize=True, max_examples=200)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    st.sampled_from(["on Monday", "on Sunday", "last month", "since early March", "earlier this year",
                     "two weeks ago", "the past 3 days", "yesterday", "June 30", "last week",
                     "earlier in the week", "in one week", "last Friday"]),
)
def test_facts_timeline_past_phrases_never_land_after_the_anchor(anchor, phrase):
    r = resolve(phrase, anchor)
    assert r is not None
    assert r.start <= anchor
    assert r.end is None or r.start <= r.end <= anchor
    if r.precision == "day" and "Monday" in phrase:
        assert r.start.weekday() == 0 and anchor - r.start < timedelta(days=7)


def test_facts_timeline_infers_a_missing_date_and_says_so():
    a = article(
        "In March 2019, the company opened its first store.",
        "On June 3, the board approved the plan.",
        "The chief executive resigned on Friday, the company said.",
    )
    d = extract([a]).to_dict()
    meta = d["articles"][0]
    assert meta["published"] == "2020-06-05" and meta["published_inferred"] is True
    assert any("2019" in e for e in meta["published_evidence"])
    friday = [e for e in d["timeline"] if e["phrase"] == "Friday"]
    assert friday and friday[0]["date"] == "2020-06-05" and friday[0]["inferred"] is True
    assert friday[0]["anchor"] == "2020-06-05"


def test_facts_timeline_a_given_date_is_never_marked_inferred():
    a = article("The chief executive resigned on Friday, the company said.", published="2020-06-10")
    d = extract([a]).to_dict()
    assert d["articles"][0]["published"] == "2020-06-10"
    assert d["articles"][0]["published_inferred"] is False
    (ev,) = d["timeline"]
    assert (ev["date"], ev["anchor"], ev["inferred"]) == ("2020-06-05", "2020-06-10", False)


def test_facts_timeline_future_dates_do_not_move_the_inferred_date():
    a = article(
        "In May 2015, the fund was created.",
        "The fund paid out on April 2, its manager said.",
        "The ministers will meet on October 19 to review it.",
    )
    meta = extract([a]).to_dict()["articles"][0]
    assert meta["published"] == "2016-04-02"


def test_facts_timeline_future_clauses_resolve_forward_and_written_years_are_not_inferred():
    a = article(
        "In May 2015, the fund was created.",
        "The fund paid out on April 2, its manager said.",
        "The ministers will meet on Saturday, and the president visits Paris when the summit opens on April 19.",
    )
    d = extract([a]).to_dict()
    by_phrase = {e["phrase"]: e for e in d["timeline"]}
    assert by_phrase["Saturday"]["date"] >= d["articles"][0]["published"]
    assert by_phrase["April 19"]["date"] == "2016-04-19"
    assert by_phrase["May 2015"]["inferred"] is False


def test_facts_timeline_lengths_ages_and_house_numbers_are_no_events():
    """ "sentenced to 40 years", "Tom Reed, 61,", "at 1501 Mill Road", "for a week": the
    model marks them DATE; resolved against the anchor they made 1976, 1961, 1501 and last
    week events."""
    art = article(
        "The suspect, Tom Reed, 61, was arrested at his home at 1501 Mill Road on Tuesday.",
        "He was sentenced to 40 years in prison for an earlier robbery in 2011.",
        "\u201cIn a shutdown the rubbish is not collected for a week,\u201d the mayor said.",
        "Officers went 11 days without searching the house.",
        "Police said 40 people had been injured in one week.",
        published="2016-10-12",
    )
    events = extract([art]).to_dict()["timeline"]
    phrases = {e["phrase"] for e in events}
    assert {"Tuesday", "2011", "one week"} <= phrases  # "in one week" is the week up to the anchor
    assert not phrases & {"61", "1501", "40 years", "a week", "11 days"}
    assert all(e["date"] >= "2000" for e in events)


def test_facts_timeline_a_weekday_in_the_present_or_with_a_modal_lies_ahead():
    """News tells the weekdays just gone in the past tense; "if the government shuts down
    Monday night" and "could agree a deal between now and Monday" are the next Monday."""
    art = article(
        "The Denver region could lose an estimated $20 million a day if the state "
        "government shuts down Monday night, according to a local economist's projections.",
        "The two sides could agree a deal between now and Monday.",
        "Police said a man was arrested on Monday.",
        # a weekday that names a past event inside a noun phrase stays in the past
        "And Tuesday’s shootings come just 11 months after the last ones.",
        published="2016-10-12",  # a Wednesday
    )
    events = extract([art]).to_dict()["timeline"]
    mondays = sorted(e["date"] for e in events if e["phrase"] == "Monday")
    assert mondays == ["2016-10-10", "2016-10-17", "2016-10-17"]
    assert [e["date"] for e in events if e["phrase"] == "Tuesday"] == ["2016-10-11"]


def test_facts_timeline_a_year_planned_ahead_or_running_up_to_now_does_not_push_the_year_on():
    """A year in "are due to be put forward again in 2019" lies ahead (it bounds nothing),
    and one in a clause that runs up to now ("since the start of 2016 it has cut") may
    be the current year, so a month-day without a year is not taken as a later year's."""
    art = article(
        "Shareholders voted against the pay award at the meeting on April 14.",
        "Since the start of 2016 the company has announced plans to cut 7,000 jobs.",
        "The pay policy was last set in 2014, meaning new proposals are due to be put "
        "forward for approval again in 2019.",
    )
    meta = extract([art]).to_dict()["articles"][0]
    assert meta["published"] == "2016-04-14" and meta["published_inferred"] is True


def test_facts_timeline_a_relative_month_says_nothing_of_the_inferred_month():
    """"Last month" against the end of the inferred year only says November; the month an
    article names ("in a March report") is the evidence."""
    art = article(
        "Last month, the company announced that its chief would be paid more.",
        "The adviser said in a March report that the pay was too high.",
        "The company said its loss in 2015 was the largest in its history.",
    )
    meta = extract([art]).to_dict()["articles"][0]
    assert meta["published"] == "2015-03-01" and meta["published_inferred"] is True


def test_facts_timeline_an_older_written_date_does_not_pull_the_inferred_date_back():
    art = article(
        "In June 2004, three small vessels were detained by Iranian forces.",
        "The men were freed on Monday, after talks that began last month.",
        "The ship was built in 1998 and refitted on May 4, 2001.",
    )
    meta = extract([art]).to_dict()["articles"][0]
    assert meta["published"] == "2004-06-07"


def test_facts_timeline_an_article_of_unknown_day_still_dates_what_writes_its_year():
    """With only a year to go by there is no anchor for "on Thursday", but "In June 2004"
    and "May 4, 2001" date themselves."""
    art = article(
        "The ship was built in 1998 and refitted on May 4, 2001.",
        "In 2004 it was sold, and the crew said on Thursday that it would sail again.",
    )
    d = extract([art]).to_dict()
    assert d["articles"][0]["published"] is None
    got = {(e["phrase"], e["date"]) for e in d["timeline"]}
    assert got == {("1998", "1998"), ("May 4, 2001", "2001-05-04"), ("2004", "2004")}
    assert all(e["anchor"] == e["date"] and not e["inferred"] for e in d["timeline"])


def test_facts_timeline_a_weekday_ahead_may_be_the_day_of_writing():
    art = article(
        "The truce begins at 8 a.m. on Friday as long as the other side abides by it, the group said.",
        "The ministers will meet on Saturday.",
        published="2014-08-01",  # a Friday
    )
    got = {e["phrase"]: e["date"] for e in extract([art]).to_dict()["timeline"]}
    assert got == {"Friday": "2014-08-01", "Saturday": "2014-08-02"}
