"""The timeline chart's broken axis (render/timeline.py), in the web app and the static HTML."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from storyweave.render.facts import facts_html
from storyweave.render.timeline import MIN_PART_WIDTH, Axis, chart_events, parse_day, parts, svg

DAYS = [date(2016, 12, 10) + timedelta(days=k) for k in range(6)]  # the story's week


def events(days: list[date]) -> list[dict]:
    return [{"day": d, "date": d.isoformat(), "event": f"event {i}"} for i, d in enumerate(days)]


def test_render_timeline_one_old_date_gets_a_part_of_its_own() -> None:
    assert parts([date(2011, 3, 15), *DAYS]) == [[date(2011, 3, 15)], DAYS]


def test_render_timeline_cuts_again_inside_a_part() -> None:
    """2001, then July 2016, then the December week: the second cut is small next to the
    first (5 months in 15 years) but large inside what is left."""
    days = [date(2001, 9, 11), date(2016, 7, 1), *DAYS]
    assert parts(days) == [[date(2001, 9, 11)], [date(2016, 7, 1)], DAYS]


@pytest.mark.parametrize(
    "days",
    [
        [date(2016, m, 1) for m in range(1, 13)],  # one a month over a year
        DAYS,
        [date(2016, 1, 1), date(2016, 1, 20)],  # under MIN_BREAK_DAYS apart
    ],
)
def test_render_timeline_evenly_spread_dates_keep_one_linear_axis(days: list[date]) -> None:
    assert parts(days) == [sorted(days)]


def test_render_timeline_the_story_week_is_not_squeezed() -> None:
    """On a linear axis of 812 px, 2011 to December 2016 leaves the week's six days
    within 2 px; on the broken axis they spread over most of the width."""
    left, right = 24, 836
    axis = Axis([date(2011, 3, 15), *DAYS], left, right)
    xs = [axis.x(d) for d in DAYS]
    linear = [(d - date(2011, 3, 15)).days / (DAYS[-1] - date(2011, 3, 15)).days * (right - left) for d in DAYS]
    assert linear[-1] - linear[0] < 3  # the baseline the issue describes
    assert xs[-1] - xs[0] > 0.75 * (right - left)
    assert all(b - a > 100 for a, b in zip(xs, xs[1:], strict=False))
    assert axis.x(date(2011, 3, 15)) < xs[0] - MIN_PART_WIDTH / 2
    assert [round(days) for _, days in axis.cuts()] == [(DAYS[0] - date(2011, 3, 15)).days]


def test_render_timeline_positions_keep_the_order_of_dates() -> None:
    days = [date(1990, 1, 1), date(2001, 9, 11), date(2016, 7, 1), date(2016, 7, 9), *DAYS, date(2017, 3, 1)]
    axis = Axis(days, 24, 836)
    xs = [axis.x(d) for d in sorted(days)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert 24 <= xs[0] and xs[-1] <= 836


def test_render_timeline_svg_escapes_text_and_needs_no_inline_style() -> None:
    evs = events([date(2011, 3, 15), *DAYS])
    evs[1]["event"] = "Floods <script>alert(1)</script> & more"
    out = svg(evs)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "style=" not in out and "<style" not in out  # the web app's CSP forbids inline styles
    assert out.count('<g class="event') == len(evs)
    assert out.count('class="axis-cut"') == 1 and "years left out of the axis" in out
    assert svg([]) == ""


def test_render_timeline_labels_fit_inside_the_drawing() -> None:
    long = "word " * 80
    evs = [{"day": d, "date": d.isoformat(), "event": long} for d in [date(2011, 3, 15), *DAYS]]
    out = svg(evs, width=860)
    for x, anchor, text in re.findall(r'<text x="([\d.]+)" y="\d+" text-anchor="(\w+)">([^<]*)</text>', out):
        shown = len(text.replace("&amp;", "&"))
        width = shown * 6.0  # system-ui at 11 px averages under 6 units a character
        assert (float(x) + width <= 860) if anchor == "start" else (float(x) - width >= 0), text


def test_render_timeline_partial_dates_are_written_as_given() -> None:
    assert parse_day("2015-09") == date(2015, 9, 1) and parse_day("2011") == date(2011, 1, 1)
    assert parse_day("soon") is None and parse_day("2016-13-45") is None
    out = svg(chart_events([{"date": "2011", "event": "war"}, {"date": "2016-12-13", "event": "truce"}], {}))
    assert ">2011</text>" in out and ">2011-01-01<" not in out


def test_render_timeline_static_html_has_the_chart() -> None:
    facts = {
        "articles": [{"id": "a1", "outlet": "Wire"}],
        "timeline": [
            {"date": "2011", "phrase": "in 2011", "event": "The war <b>began</b>.", "article": "a1"},
            {"date": "2016-12-13", "phrase": "on Tuesday", "event": "A truce.", "article": "a1", "inferred": True},
            {"date": "2016-12-15", "phrase": "on Thursday", "event": "Buses left.", "article": "a1"},
        ],
    }
    html = facts_html(facts)
    assert html.count('<svg class="timeline-chart"') == 1
    assert html.count('<g class="event') == 3 and '<g class="event inferred">' in html
    assert "The war &lt;b&gt;began&lt;/b&gt;." in html and "[1]</title>" in html
    assert 'class="axis-cut"' in html


def test_render_html_file_shows_bidi_controls_instead_of_obeying_them() -> None:
    from storyweave.render.html import brief_html

    text = "A fire \u202eexe.txt destroyed three warehouses."
    data = {
        "articles": [{"id": "a1", "text": text, "title": "Fire \u2067report", "outlet": "Wire"}],
        "summary": [{"text": text, "article": "a1", "span": [0, len(text)], "sources": ["a1"],
                     "evidence": [{"article": "a1", "span": [0, len(text)], "text": text}]}],
    }
    html = brief_html(data)
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", html)
    assert "[U+202E]exe.txt" in html and "Fire [U+2067]report" in html
