"""The timeline chart as inline SVG, on a broken date axis; shared by the web app and the HTML file.

A news story's timeline is mostly a few days, plus background: the war that began
five years before, the siege that started in July. On a linear axis one such date
squeezes every other event into the last few pixels. Here the axis is cut at every
gap that is both long (over ``MIN_BREAK_DAYS``) and a large share of the span it lies
in (over ``BREAK_SHARE``), cutting at the largest gap first and again inside each
part; each part gets at least ``MIN_PART_WIDTH`` pixels and the rest of the width in
proportion to the days it covers, and the cuts are drawn as a break mark whose
tooltip says how long the skipped stretch is. Within a part the axis is linear.

The SVG uses classes only (no ``style`` attribute or element), so the web app's
content-security policy holds; the styles are in the web app's ``app.css`` and in
``CHART_STYLE`` for the self-contained HTML file. All text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

#: A gap is cut out of the axis when it is longer than this and ...
MIN_BREAK_DAYS = 30
#: ... longer than this share of the span of the part it lies in. Events spread
#: evenly (one a month over a year: gaps of 8% of the span) keep one linear axis.
BREAK_SHARE = 0.3
#: The least width of one part of the axis (room for a dot and its date), and of a cut.
MIN_PART_WIDTH = 70
BREAK_WIDTH = 22
#: The chart draws at most this many events; a table beside it lists them all.
MAX_EVENTS = 60
#: Width of one character of an 11 px label, a little over the average of
#: system-ui's letters, so a shortened label fits inside the drawing.
CHAR_WIDTH = 6.6

CHART_STYLE = """
svg.timeline-chart{max-width:100%;height:auto;font:11px system-ui,sans-serif}
svg.timeline-chart .axis{stroke:#888;stroke-width:1}
svg.timeline-chart .tick{stroke:#eee;stroke-width:1}
svg.timeline-chart .tick-label{fill:#666}
svg.timeline-chart .cut{stroke:#888;stroke-width:1.5;fill:none}
svg.timeline-chart .cut-band{fill:#f4f4f4}
svg.timeline-chart .event circle{fill:#2457a6;stroke:#2457a6;stroke-width:2}
svg.timeline-chart .event.inferred circle{fill:#fff}
svg.timeline-chart .event text{fill:#1d1d1f}
"""


def parse_day(value: Any) -> date | None:
    """The day of an event's ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: the first day)."""
    text = str(value or "")
    try:
        if len(text) >= 10 and text[4] == "-" and text[7] == "-":
            return date.fromisoformat(text[:10])
        if len(text) >= 7 and text[4] == "-" and text[:4].isdigit() and text[5:7].isdigit():
            return date(int(text[:4]), int(text[5:7]), 1)
        if len(text) >= 4 and text[:4].isdigit():
            return date(int(text[:4]), 1, 1)
    except ValueError:
        return None
    return None


def parts(days: Sequence[date]) -> list[list[date]]:
    """The distinct ``days``, sorted, cut into the parts of a broken axis."""
    unique = sorted(set(days))

    def split(ds: list[date]) -> list[list[date]]:
        if len(ds) < 2:
            return [ds]
        span = (ds[-1] - ds[0]).days
        gaps = [(ds[i + 1] - ds[i]).days for i in range(len(ds) - 1)]
        i = max(range(len(gaps)), key=gaps.__getitem__)
        if gaps[i] > MIN_BREAK_DAYS and gaps[i] > BREAK_SHARE * span:
            return split(ds[: i + 1]) + split(ds[i + 1 :])
        return [ds]

    return split(unique) if unique else []


def skipped(days: int) -> str:
    """``5 years``, ``4 months``, ``45 days``: how long a cut stretch is."""
    if days >= 730:
        return f"{days / 365.25:.0f} years"
    if days >= 365:
        return "about a year"
    if days >= 60:
        return f"{days / 30.44:.0f} months"
    return f"{days} days"


@dataclass(frozen=True)
class Part:
    first: date
    last: date
    x0: float
    x1: float

    def x(self, day: date) -> float:
        span = (self.last - self.first).days
        if span <= 0:
            return (self.x0 + self.x1) / 2
        return self.x0 + (self.x1 - self.x0) * (day - self.first).days / span


class Axis:
    """Days to x positions on a broken axis from ``left`` to ``right``."""

    def __init__(self, days: Sequence[date], left: float, right: float):
        groups = parts(days)
        room = right - left - BREAK_WIDTH * (len(groups) - 1)
        floor = min(MIN_PART_WIDTH, room / max(1, len(groups)))
        spans = [(g[-1] - g[0]).days for g in groups]
        spare = room - floor * len(groups)
        total = sum(spans)
        self.parts: list[Part] = []
        x = left
        for g, span in zip(groups, spans, strict=True):
            # Parts without a span (one day) get the floor; the spare width goes by days
            # covered, or evenly when every part is a single day.
            share = span / total if total else 1 / len(groups)
            width = floor + spare * share
            self.parts.append(Part(g[0], g[-1], x, x + width))
            x += width + BREAK_WIDTH

    def x(self, day: date) -> float:
        for part in self.parts:
            if day <= part.last:
                return part.x(max(day, part.first))
        return self.parts[-1].x(day)

    def ticks(self) -> list[tuple[float, date, str]]:
        """Labelled axis dates with their text anchor: each part's first day (its label
        starting there), its last when there is room (ending there), and evenly spread
        days between in a wide part; a part of one day has its label centred."""
        out: list[tuple[float, date, str]] = []
        for part in self.parts:
            width, span = part.x1 - part.x0, (part.last - part.first).days
            if span <= 0:
                out.append((part.x(part.first), part.first, "middle"))
                continue
            most = max(2, int(width // 110) + 1) if width >= 140 else 1
            step = max(1, math.ceil(span / max(1, most - 1)))
            days = [part.first.toordinal() + k for k in range(0, span, step)] if most > 1 else [part.first.toordinal()]
            if most > 1:
                if (part.last.toordinal() - days[-1]) < step / 2 and len(days) > 1:
                    days[-1] = part.last.toordinal()
                else:
                    days.append(part.last.toordinal())
            anchors = ["start"] + ["middle"] * (len(days) - 2) + (["end"] if len(days) > 1 else [])
            out += [(part.x(date.fromordinal(o)), date.fromordinal(o), a) for o, a in zip(days, anchors, strict=True)]
        return out

    def cuts(self) -> list[tuple[float, int]]:
        """The middle x of each cut and the days it skips."""
        return [
            ((a.x1 + b.x0) / 2, (b.first - a.last).days)
            for a, b in zip(self.parts, self.parts[1:], strict=False)
        ]


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def svg(events: Sequence[dict[str, Any]], width: int = 860) -> str:
    """The chart: one labelled dot per event (oldest first), on a broken date axis.

    Args:
        events: dicts with ``day`` (a ``date``), ``date`` (as shown), ``event``, and
            optionally ``inferred``, ``phrase`` and ``source`` (a citation number).
            Dates stated in the text are filled dots; dates worked out from a relative
            phrase ("on Thursday") are hollow. Each dot's ``<title>`` holds the event.
        width: the drawing's width in SVG units (it scales to its box).

    Returns:
        The ``<svg>`` element as a string, every piece of text escaped; empty when
        there is no event.
    """
    shown = sorted(events, key=lambda e: e["day"])[:MAX_EVENTS]
    if not shown:
        return ""
    left, right, top, row = 24, 24, 44, 24
    height = top + row * len(shown) + 16
    axis = Axis([e["day"] for e in shown], left, width - right)
    out = [
        f'<svg class="timeline-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="Timeline of {len(events)} dated events">'
    ]
    for part in axis.parts:
        out.append(f'<line class="axis" x1="{part.x0:.1f}" y1="28" x2="{part.x1:.1f}" y2="28"/>')
    for cx, days in axis.cuts():
        out.append(
            f'<g class="axis-cut"><title>{escape(skipped(days))} left out of the axis</title>'
            f'<rect class="cut-band" x="{cx - BREAK_WIDTH / 2 + 3:.1f}" y="22" width="{BREAK_WIDTH - 6}" '
            f'height="{height - 30}"/>'
            f'<path class="cut" d="M{cx - 7:.1f},33 l5,-10 M{cx + 2:.1f},33 l5,-10"/></g>'
        )
    # An axis date that is an event's day is written as that event writes it ("2011",
    # "2015-09"), not as the first day of its year or month.
    written: dict[date, str] = {}
    for ev in shown:
        text = str(ev["date"])
        if len(text) < len(written.get(ev["day"], "0000-00-00")):
            written[ev["day"]] = text
        written.setdefault(ev["day"], text)
    last_end = -1e9
    for tx, day, anchor in axis.ticks():
        out.append(f'<line class="tick" x1="{tx:.1f}" y1="24" x2="{tx:.1f}" y2="{height - 8}"/>')
        text = written.get(day, day.isoformat())
        wide = len(text) * CHAR_WIDTH
        if anchor == "middle" and tx < left + wide / 2:
            anchor = "start"
        elif anchor == "middle" and tx > width - right - wide / 2:
            anchor = "end"
        begins = tx if anchor == "start" else tx - wide if anchor == "end" else tx - wide / 2
        if begins < last_end + 6:  # labels would overlap: the line stays, the label goes
            continue
        out.append(f'<text class="tick-label" x="{tx:.1f}" y="16" text-anchor="{anchor}">{escape(text)}</text>')
        last_end = begins + wide
    for i, ev in enumerate(shown):
        cx, cy = axis.x(ev["day"]), top + row * i + 8
        # The label goes on the side with more room and is shortened to fit there.
        right_side = width - right - cx >= cx - left
        room = (width - cx - 9) if right_side else (cx - 9)
        label = escape(_shorten(f"{ev['date']} {ev.get('event') or ''}", max(12, int(room / CHAR_WIDTH))))
        cls = "event inferred" if ev.get("inferred") else "event"
        phrase = ev.get("phrase")
        title = f"{ev['date']}"
        if ev.get("inferred") and phrase:
            title += f" (inferred from “{phrase}”)"
        title += f": {ev.get('event') or ''}"
        if ev.get("source"):
            title += f" [{ev['source']}]"
        tx = cx + 9 if right_side else cx - 9
        out.append(
            f'<g class="{cls}"><title>{escape(title)}</title><circle cx="{cx:.1f}" cy="{cy}" r="5"/>'
            f'<text x="{tx:.1f}" y="{cy + 4}" text-anchor="{"start" if right_side else "end"}">{label}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def chart_events(timeline: Sequence[dict[str, Any]], numbers: dict[str, int]) -> list[dict[str, Any]]:
    """``svg``'s input from a facts ``timeline`` (``Event.to_dict()`` items); undated ones left out."""
    out = []
    for ev in timeline:
        day = parse_day(ev.get("date"))
        if day is None:
            continue
        out.append(
            {
                "day": day,
                "date": str(ev.get("date"))[:10],
                "event": ev.get("event") or "",
                "inferred": bool(ev.get("inferred")),
                "phrase": ev.get("phrase"),
                "source": numbers.get(ev.get("article") or ""),
            }
        )
    return out
