"""What the pages show, worked out from a brief's ``to_dict()``: citations, quote groups, figure
tables, the timeline chart (inline SVG), framing words and the coverage matrix.

Everything here returns plain data for the templates (which escape it), except the few
functions that return ``Markup``; those escape every piece of text they put in it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from ..records import article_label
from ..render.common import citation_numbers, tally


def safe_url(url: str | None) -> str | None:
    """The URL when it is an http(s) link, else ``None`` (no ``javascript:`` or file links)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def sources(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbered sources list: title, outlet, date, link."""
    numbers = citation_numbers(data)
    out = []
    for art in data["articles"]:
        out.append(
            {
                "n": numbers[art["id"]],
                "id": art["id"],
                "title": art.get("title") or art.get("path") or art["id"],
                "outlet": art.get("outlet"),
                "published": (art.get("published") or "")[:10] or None,
                "url": safe_url(art.get("url")),
                "path": art.get("path"),
                "syndicated_from": art.get("syndicated_from"),
                "words": len((art.get("text") or "").split()),
            }
        )
    return out


def summary(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The brief's sentences, each with one citation per source and the evidence sentence."""
    numbers = citation_numbers(data)
    out = []
    for sent in data["summary"]:
        evidence = {e["article"]: e for e in sent.get("evidence") or []}
        evidence.setdefault(
            sent["article"],
            {"article": sent["article"], "span": sent.get("span") or [0, 0], "text": sent["text"]},
        )
        cites = []
        for source in sent["sources"]:
            if source not in numbers:
                continue
            ev = evidence.get(source)
            start, end = (ev["span"] if ev else (0, 0))
            cites.append(
                {
                    "n": numbers[source],
                    "article": source,
                    "start": int(start),
                    "end": int(end),
                    "text": ev["text"] if ev else "",
                }
            )
        cites.sort(key=lambda c: c["n"])
        # articles that state another version of the fact (claims.judge), shown apart
        disputes = [
            {"n": numbers[e["article"]], "article": e["article"], "start": int(e["span"][0]),
             "end": int(e["span"][1]), "text": e["text"]}
            for e in sent.get("disputes") or [] if e["article"] in numbers
        ]
        out.append({"text": sent["text"], "article": sent["article"], "cites": cites,
                    "disputes": disputes, "tally": tally(sent), "update_of": sent.get("update_of")})
    return out


def paragraphs(text: str, start: int | None = None, end: int | None = None) -> list[Markup]:
    """An article's paragraphs as escaped HTML, with ``text[start:end]`` inside ``<mark>``.

    The offsets index ``Article.text`` (paragraphs joined by newlines); a span that
    crosses paragraphs is marked in each, and only its first mark gets ``id="cited"``.
    """
    valid = start is not None and end is not None and 0 <= start < end <= len(text)
    out: list[Markup] = []
    pos = 0
    first = True
    for para in text.split("\n"):
        p_start, p_end = pos, pos + len(para)
        pos = p_end + 1
        if not para.strip():
            continue
        if valid and start < p_end and end > p_start:  # type: ignore[operator]
            a = max(start, p_start) - p_start  # type: ignore[type-var]
            b = min(end, p_end) - p_start  # type: ignore[type-var]
            mark_id = Markup(' id="cited"') if first else Markup("")
            first = False
            out.append(
                escape(para[:a])
                + Markup("<mark{}>").format(mark_id)
                + escape(para[a:b])
                + Markup("</mark>")
                + escape(para[b:])
            )
        else:
            out.append(escape(para))
    return out


def _labels(data: dict[str, Any]) -> dict[str, str]:
    """Article id -> ``[n] Outlet`` (or title), for tables."""
    numbers = citation_numbers(data)
    return {
        a["id"]: f"[{numbers[a['id']]}] {article_label(a)}"
        for a in data["articles"]
    }


def _ids(value: Any) -> list[str]:
    """A list of article ids from a field that may hold one id, a list, or dicts with ``article``."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    out = []
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and item.get("article"):
            out.append(str(item["article"]))
    return out


def _cite(numbers: dict[str, int], article: str | None, span: Any) -> dict[str, Any] | None:
    """A citation link to ``span`` of ``article`` (``None`` when the article is not a source)."""
    if article not in numbers:
        return None
    start, end = (span or [0, 0])[:2] if isinstance(span, (list, tuple)) else (0, 0)
    return {"n": numbers[article], "article": article, "start": int(start), "end": int(end)}


def quote_groups(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Quotes grouped by speaker, the most quoted first; unattributed quotes last.

    Each quote cites every source reporting it; a citation opens the quoted words
    in that article when the facts give where they lie (``parts``).
    """
    facts = data.get("facts") or {}
    numbers = citation_numbers(data)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    for quote in facts.get("quotes") or []:
        speaker = " ".join(str(quote.get("speaker") or "").split()) or "Unattributed"
        key = speaker.lower()
        names.setdefault(key, speaker)
        parts = {p.get("article"): p for p in quote.get("parts") or [] if isinstance(p, dict)}
        cites = []
        for article in _ids(quote.get("sources")) or _ids(quote.get("article")):
            part = parts.get(article) or {}
            cite = _cite(numbers, article, part.get("span"))
            if cite and all(c["n"] != cite["n"] for c in cites):
                cites.append(cite)
        groups[key].append({"text": quote.get("text") or "", "cites": sorted(cites, key=lambda c: c["n"])})
    return [
        {"speaker": names[key], "quotes": quotes}
        for key, quotes in sorted(
            groups.items(),
            key=lambda kv: (names[kv[0]] == "Unattributed", -len(kv[1]), kv[0]),
        )
    ]


def _figure_text(fig: dict[str, Any]) -> str:
    """``at least 12``: the qualifier and the number as the article writes it."""
    number = fig.get("number")
    if not number:
        value = fig.get("value")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        number = f"{value:,}" if isinstance(value, int) else str(value)
        if fig.get("unit") == "percent":
            number += "%"
    return " ".join(p for p in (str(fig.get("qualifier") or "").strip(), str(number)) if p)


def _disputed_groups(facts: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Group -> ``{"kind", "note"}`` for every figure group the facts mark as a disagreement."""
    out: dict[str, dict[str, str]] = {}
    for item in facts.get("disagreements") or []:
        if isinstance(item, dict) and item.get("group") is not None:
            out[str(item["group"])] = {
                "kind": str(item.get("kind") or "values"),
                "note": str(item.get("note") or ""),
            }
    return out


def figure_table(data: dict[str, Any]) -> dict[str, Any]:
    """Figures side by side: one row per group of figures, one column per article.

    A row is marked as a disagreement when the facts list it as one (``kind``
    ``values``: the sources give different numbers; ``scope``: they count over
    different places or periods). A figure outside any group gets a row of its own.
    """
    facts = data.get("facts") or {}
    numbers = citation_numbers(data)
    labels = _labels(data)
    disputed = _disputed_groups(facts)
    rows: dict[str, dict[str, Any]] = {}
    for i, fig in enumerate(facts.get("figures") or []):
        article = fig.get("article")
        if article not in labels:
            continue
        group = str(fig["group"]) if fig.get("group") is not None else f"figure-{i}"
        row = rows.setdefault(
            group,
            {"group": group, "label": fig.get("counted") or fig.get("kind") or "figure",
             "cells": defaultdict(list)},
        )
        cite = _cite(numbers, article, fig.get("span"))
        row["cells"][article].append(
            {
                "text": _figure_text(fig),
                "sentence": fig.get("sentence") if isinstance(fig.get("sentence"), str) else None,
                "attributed_to": fig.get("attributed_to"),
                "scope": fig.get("scope") or "",
                "cite": cite,
            }
        )
    columns = [aid for aid in labels if any(aid in r["cells"] for r in rows.values())]
    table = []
    for group, row in rows.items():
        dispute = disputed.get(group)
        table.append(
            {
                "group": group,
                "label": row["label"],
                "sources": len(row["cells"]),
                "cells": [row["cells"].get(aid, []) for aid in columns],
                "disagreement": dispute is not None,
                "kind": (dispute or {}).get("kind", ""),
                "note": (dispute or {}).get("note", ""),
            }
        )
    # Disagreements first, then figures more sources give, then the rest.
    table.sort(key=lambda r: (not r["disagreement"], -r["sources"], r["label"].lower()))
    return {"columns": [labels[a] for a in columns], "rows": table}


def _day(value: Any) -> date | None:
    text = str(value or "")
    for size in (10, 7, 4):
        try:
            if size == 10:
                return date.fromisoformat(text[:10])
            if size == 7 and len(text) >= 7 and text[4] == "-":
                return date(int(text[:4]), int(text[5:7]), 1)
            if size == 4 and text[:4].isdigit() and len(text) >= 4:
                return date(int(text[:4]), 1, 1)
        except ValueError:
            continue
    return None


def timeline_events(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The dated events, oldest first, with the number of the article that dates them."""
    facts = data.get("facts") or {}
    numbers = citation_numbers(data)
    events = []
    for ev in facts.get("timeline") or []:
        day = _day(ev.get("date"))
        if day is None:
            continue
        events.append(
            {
                "date": str(ev.get("date"))[:10],
                "day": day,
                "inferred": bool(ev.get("inferred")),
                "phrase": ev.get("phrase"),
                "event": ev.get("event") or "",
                "source": numbers.get(ev.get("article")),
                "article": ev.get("article"),
                "cite": _cite(numbers, ev.get("article"), ev.get("span")),
            }
        )
    events.sort(key=lambda e: (e["day"], e["source"] or 0))
    return events


#: The timeline chart draws at most this many events; the table under it lists them all.
TIMELINE_MAX_EVENTS = 60


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_svg(events: list[dict[str, Any]], width: int = 860) -> Markup:
    """The timeline as an inline SVG chart on a broken date axis (``render/timeline.py``):
    one labelled dot per event; stated dates filled, inferred ones hollow."""
    from ..render.timeline import svg

    return Markup(svg(events[:TIMELINE_MAX_EVENTS], width))  # noqa: S704 - svg() escapes every text


def entity_groups(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Entities by kind (people, places, organisations...), the most mentioned first."""
    facts = data.get("facts") or {}
    numbers = citation_numbers(data)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in facts.get("entities") or []:
        if not isinstance(item, dict) or not (item.get("name") or item.get("text")):
            continue
        mentions = item.get("mentions") if isinstance(item.get("mentions"), dict) else {}
        groups[KINDS.get(str(item.get("label")), str(item.get("label") or "Other"))].append(
            {
                "name": str(item.get("name") or item.get("text")),
                "count": sum(int(v) for v in mentions.values()) or 1,
                "sources": sorted(numbers[a] for a in mentions if a in numbers),
                "forms": [f for f in item.get("forms") or [] if f != item.get("name")],
            }
        )
    order = list(KINDS.values())
    return [
        {"kind": kind, "entities": sorted(members, key=lambda m: (-len(m["sources"]), -m["count"], m["name"].lower()))}
        for kind, members in sorted(
            groups.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0])
        )
    ]


#: spaCy's entity labels as the page names them.
KINDS = {
    "PERSON": "People",
    "ORG": "Organisations",
    "NORP": "Groups",
    "GPE": "Places",
    "LOC": "Places",
    "FAC": "Places",
    "EVENT": "Events",
}


def framing_words(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each outlet's (or article's) distinctive words, as ``{"outlet", "words": [str]}``."""
    facts = data.get("facts") or {}
    raw = facts.get("framing") or []
    labels = _labels(data)
    if isinstance(raw, dict):
        raw = raw.get("outlets") or raw.get("articles") or [
            {"outlet": k, "words": v} for k, v in raw.items() if isinstance(v, list)
        ]
    out = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        who = item.get("outlet") or labels.get(item.get("article") or "") or item.get("article") or "?"
        words = []
        for w in item.get("words") or item.get("terms") or []:
            if isinstance(w, dict):
                if w.get("distinctive") is False:
                    continue
                term = str(w.get("word") or w.get("term") or w.get("text") or "")
                if term and "count" in w:
                    # the counts behind the statistic: this outlet's uses vs the others'
                    term += f" ({w['count']} vs {w.get('count_others', 0)})"
                words.append(term)
            elif isinstance(w, (list, tuple)) and w:
                words.append(str(w[0]))
            else:
                words.append(str(w))
        out.append({"outlet": str(who), "words": [w for w in words if w]})
    return out


def coverage_matrix(data: dict[str, Any]) -> dict[str, Any]:
    """Which source reports which point of the brief: one row per brief sentence.

    Worked out from the brief itself (a sentence's ``sources``), so it is there even
    without facts; ``columns`` are the articles in citation order.
    """
    numbers = citation_numbers(data)
    arts = data["articles"]
    rows = []
    for i, sent in enumerate(data["summary"], start=1):
        have = set(sent["sources"])
        rows.append(
            {
                "n": i,
                "text": _shorten(sent["text"], 110),
                "cells": [a["id"] in have for a in arts],
                "count": len(have & set(numbers)),
            }
        )
    columns = [
        {"n": numbers[a["id"]], "label": article_label(a)} for a in arts
    ]
    totals = [sum(r["cells"][j] for r in rows) for j in range(len(arts))]
    return {"columns": columns, "rows": rows, "totals": totals}


def story_view(info: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Everything the story page shows."""
    events = timeline_events(data)
    return {
        "story": info,
        "sources": sources(data),
        "summary": summary(data),
        "warnings": data.get("warnings") or [],
        "has_facts": data.get("facts") is not None,
        "quotes": quote_groups(data),
        "figures": figure_table(data),
        "timeline": events,
        "timeline_svg": timeline_svg(events),
        "timeline_hidden": max(0, len(events) - TIMELINE_MAX_EVENTS),
        "entities": entity_groups(data),
        "framing": framing_words(data),
        "coverage": coverage_matrix(data),
    }
