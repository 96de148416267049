"""Views of a ``storyweave.facts/1`` dictionary: plain text, Markdown and an HTML fragment.

Sections, in every view: quotes grouped by speaker, figures side by side by group
with disagreements marked, timeline, entities, each outlet's distinctive words,
and the coverage matrix. The HTML escapes every piece of text.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from html import escape
from typing import Any

from ..records import article_label
from .common import md_escape

WIDTH = 88


def _labels(d: dict[str, Any]) -> dict[str, str]:
    out = {}
    for i, a in enumerate(d.get("articles", []), start=1):
        out[a["id"]] = f"[{i}] {a.get('label') or article_label(a)}"
    return out


def _number(f: dict[str, Any]) -> str:
    v = f.get("value")
    if f.get("low") is not None and f.get("high") is not None and f["low"] != f["high"]:
        text = f"{_fmt(f['low'])}-{_fmt(f['high'])}"
    else:
        text = _fmt(v)
    if f.get("unit") == "percent":
        text += "%"
    elif f.get("unit") not in (None, "count"):
        text += f" {f['unit']}"
    return f"{f['qualifier']} {text}" if f.get("qualifier") else text


def _fmt(v: Any) -> str:
    if isinstance(v, (int, float)):
        return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"
    return str(v)


UNATTRIBUTED = "Unattributed"


def _by_speaker(d: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Quotes by speaker, the most quoted first; quotes the text gives no speaker for
    (``speaker: ""``) come last, under "Unattributed"."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in d.get("quotes", []):
        out[" ".join(str(q.get("speaker") or "").split()) or UNATTRIBUTED].append(q)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] == UNATTRIBUTED, -len(kv[1]), kv[0])))


def _figure_blocks(d: dict[str, Any]) -> tuple[dict[str, list[int]], list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    single = []
    for i, f in enumerate(d.get("figures", [])):
        if f.get("group"):
            groups[f["group"]].append(i)
        else:
            single.append(i)
    return dict(groups), single


def _article_line(a: dict[str, Any], label: str) -> str:
    pub = a.get("published") or "date unknown"
    if a.get("published_inferred") and a.get("published"):
        pub = f"{pub} (inferred)"
    return f"{label}: {pub}"


# ---------------------------------------------------------------- text


def facts_text(d: dict[str, Any]) -> str:
    labels = _labels(d)
    lines = ["Facts", ""]
    lines.append("Articles")
    for a in d.get("articles", []):
        lines.append("  " + _article_line(a, labels[a["id"]]))
    lines += ["", "Quotes"]
    for speaker, qs in _by_speaker(d).items():
        lines.append(f"  {speaker}")
        for q in qs:
            src = " ".join(labels.get(s, s).split(" ", 1)[0] for s in q["sources"])
            body = f"\u201c{q['text']}\u201d {src}"
            lines.extend(textwrap.wrap(body, WIDTH, initial_indent="    - ", subsequent_indent="      "))
    groups, single = _figure_blocks(d)
    figures = d.get("figures", [])
    lines += ["", "Figures"]
    for gid, idx in groups.items():
        lines.append(f"  {gid}")
        for i in idx:
            f = figures[i]
            lines.append(f"    {_number(f)} {f['counted']} ({f.get('scope') or 'scope unstated'})"
                         f" - {f.get('attributed_to') or 'unattributed'} {labels.get(f['article'], '')}")
    for d_ in d.get("disagreements", []):
        mark = "DISAGREE" if d_["kind"] == "values" else "SCOPE DIFFERS"
        lines.extend(textwrap.wrap(f"{mark}: {d_['note']}", WIDTH, initial_indent="  ! ",
                                   subsequent_indent="    "))
    if single:
        lines.append("  other figures")
        for i in single:
            f = figures[i]
            lines.append(f"    {_number(f)} {f['counted']} ({f.get('scope') or 'scope unstated'})"
                         f" - {f.get('attributed_to') or 'unattributed'} {labels.get(f['article'], '')}")
    lines += ["", "Timeline"]
    for e in d.get("timeline", []):
        flag = " (inferred)" if e.get("inferred") else ""
        body = f"{e['date']}{flag} \u201c{e['phrase']}\u201d {labels.get(e['article'], '')}: {e['event']}"
        lines.extend(textwrap.wrap(body, WIDTH, initial_indent="  ", subsequent_indent="      "))
    lines += ["", "Entities"]
    for e in d.get("entities", [])[:40]:
        counts = ", ".join(
            f"{labels.get(a, a).split(' ', 1)[0]}\u00d7{n}" for a, n in e.get("mentions", {}).items()
        )
        lines.append(f"  {e['name']} ({e['label']}): {counts}")
    lines += ["", "Distinctive words (log-odds, z)"]
    for o in d.get("framing", {}).get("outlets", []):
        terms = ", ".join(
            f"{t['term']} {t['z']:.1f}{'*' if t['distinctive'] else ''} ({t['count']}/{t['count_others']})"
            for t in o["terms"]
        )
        lines.extend(textwrap.wrap(f"{o['outlet']}: {terms or '-'}", WIDTH, initial_indent="  ",
                                   subsequent_indent="    "))
    cov = d.get("coverage", {})
    if cov.get("facts"):
        ids = cov.get("articles", [])
        lines += ["", "Coverage (x = reports it)"]
        lines.append("  " + " ".join(labels.get(a, a).split(" ", 1)[0] for a in ids))
        for f in cov["facts"]:
            row = " ".join(
                ("x" if a in f["sources"] else ".").center(len(labels.get(a, a).split(" ", 1)[0]))
                for a in ids
            )
            lines.append(f"  {row}  {textwrap.shorten(f['text'], 70)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- markdown


def facts_markdown(d: dict[str, Any]) -> str:
    labels = _labels(d)
    out = ["## Facts", "", "### Articles", ""]
    for a in d.get("articles", []):
        out.append(f"- {md_escape(_article_line(a, labels[a['id']]))}")
    out += ["", "### Quotes", ""]
    for speaker, qs in _by_speaker(d).items():
        out.append(f"**{md_escape(speaker)}**")
        out.append("")
        for q in qs:
            src = " ".join(md_escape(labels.get(s, s).split(" ", 1)[0]) for s in q["sources"])
            out.append(f"- \u201c{md_escape(q['text'])}\u201d {src}")
        out.append("")
    groups, single = _figure_blocks(d)
    figures = d.get("figures", [])
    out += ["### Figures", "", "| group | figure | counted | scope | source | article |",
            "|---|---|---|---|---|---|"]
    for gid, idx in [*groups.items(), ("", single)]:
        for i in idx:
            f = figures[i]
            out.append(
                f"| {md_escape(gid)} | {md_escape(_number(f))} | {md_escape(f['counted'])} | {md_escape(f.get('scope') or '')} "
                f"| {md_escape(f.get('attributed_to') or '')} | {md_escape(labels.get(f['article'], ''))} |"
            )
    if d.get("disagreements"):
        out.append("")
        for d_ in d["disagreements"]:
            mark = "Disagreement" if d_["kind"] == "values" else "Scopes differ"
            out.append(f"- **{mark}** ({md_escape(d_['group'])}): {md_escape(d_['note'])}")
    out += ["", "### Timeline", ""]
    for e in d.get("timeline", []):
        flag = " (inferred)" if e.get("inferred") else ""
        out.append(f"- **{e['date']}**{flag} \u201c{md_escape(e['phrase'])}\u201d "
                   f"{md_escape(labels.get(e['article'], ''))}: {md_escape(e['event'])}")
    out += ["", "### Entities", ""]
    for e in d.get("entities", [])[:40]:
        counts = ", ".join(f"{md_escape(labels.get(a, a))}: {n}" for a, n in e.get("mentions", {}).items())
        out.append(f"- {md_escape(e['name'])} ({e['label']}): {counts}")
    out += ["", "### Distinctive words", ""]
    for o in d.get("framing", {}).get("outlets", []):
        terms = ", ".join(f"{md_escape(t['term'])} (z {t['z']:.1f}, {t['count']} vs {t['count_others']})"
                          for t in o["terms"])
        out.append(f"- **{md_escape(o['outlet'])}**: {terms or '-'}")
    cov = d.get("coverage", {})
    if cov.get("facts"):
        ids = cov.get("articles", [])
        out += ["", "### Coverage", "",
                "| fact | " + " | ".join(md_escape(labels.get(a, a)) for a in ids) + " |",
                "|---|" + "---|" * len(ids)]
        for f in cov["facts"]:
            cells = " | ".join("\u2713" if a in f["sources"] else "" for a in ids)
            out.append(f"| {md_escape(textwrap.shorten(f['text'], 90))} | {cells} |")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- html


def facts_html(d: dict[str, Any]) -> str:
    labels = _labels(d)
    e = escape
    out = ['<section class="facts">', "<h2>Articles</h2><ul>"]
    for a in d.get("articles", []):
        evidence = "; ".join(a.get("published_evidence") or [])
        out.append(f'<li title="{e(evidence, quote=True)}">{e(_article_line(a, labels[a["id"]]))}</li>')
    out.append("</ul><h2>Quotes</h2>")
    for speaker, qs in _by_speaker(d).items():
        out.append(f"<h3>{e(speaker)}</h3><ul>")
        for q in qs:
            src = " ".join(e(labels.get(s, s)) for s in q["sources"])
            out.append(f"<li><q>{e(q['text'])}</q> <span class=\"meta\">{src}</span></li>")
        out.append("</ul>")
    groups, single = _figure_blocks(d)
    figures = d.get("figures", [])
    flagged = {i for d_ in d.get("disagreements", []) for i in d_["figures"]}
    out.append("<h2>Figures</h2>")
    for gid, idx in [*groups.items(), ("other figures", single)]:
        if not idx:
            continue
        out.append(f"<h3>{e(gid)}</h3><table><tr><th>figure</th><th>counted</th><th>scope</th>"
                   "<th>source</th><th>article</th><th>sentence</th></tr>")
        for i in idx:
            f = figures[i]
            cls = ' class="differs"' if i in flagged else ""
            out.append(
                f"<tr{cls}><td>{e(_number(f))}</td><td>{e(f['counted'])}</td>"
                f"<td>{e(f.get('scope') or '')}</td><td>{e(f.get('attributed_to') or '')}</td>"
                f"<td>{e(labels.get(f['article'], ''))}</td><td>{e(f['sentence'])}</td></tr>"
            )
        out.append("</table>")
    if d.get("disagreements"):
        out.append("<ul>")
        for d_ in d["disagreements"]:
            mark = "Disagreement" if d_["kind"] == "values" else "Scopes differ"
            out.append(f"<li><strong>{mark}</strong> ({e(d_['group'])}): {e(d_['note'])}</li>")
        out.append("</ul>")
    out.append("<h2>Timeline</h2>")
    out.append(_timeline_chart(d))
    out.append("<table><tr><th>date</th><th>phrase</th><th>event</th><th>article</th></tr>")
    for ev in d.get("timeline", []):
        flag = " (inferred)" if ev.get("inferred") else ""
        anchor = f"resolved against {ev.get('anchor')}"
        out.append(
            f"<tr><td>{e(ev['date'])}{e(flag)}</td><td title=\"{e(anchor, quote=True)}\">{e(ev['phrase'])}</td>"
            f"<td>{e(ev['event'])}</td><td>{e(labels.get(ev['article'], ''))}</td></tr>"
        )
    out.append("</table><h2>Entities</h2><table><tr><th>name</th><th>kind</th><th>mentions</th></tr>")
    for ent in d.get("entities", [])[:60]:
        counts = ", ".join(f"{labels.get(a, a)}: {n}" for a, n in ent.get("mentions", {}).items())
        out.append(f"<tr><td>{e(ent['name'])}</td><td>{e(ent['label'])}</td><td>{e(counts)}</td></tr>")
    out.append("</table><h2>Distinctive words</h2>")
    for o in d.get("framing", {}).get("outlets", []):
        terms = ", ".join(
            f"{e(t['term'])} <small>(z {t['z']:.1f}; {t['count']} vs {t['count_others']})</small>"
            for t in o["terms"]
        )
        out.append(f"<p><strong>{e(o['outlet'])}</strong>: {terms or '-'}</p>")
    cov = d.get("coverage", {})
    if cov.get("facts"):
        ids = cov.get("articles", [])
        out.append("<h2>Coverage</h2><table><tr><th>fact</th>"
                   + "".join(f"<th>{e(labels.get(a, a))}</th>" for a in ids) + "</tr>")
        for f in cov["facts"]:
            cells = "".join(f"<td>{'&#10003;' if a in f['sources'] else ''}</td>" for a in ids)
            out.append(f"<tr><td>{e(f['text'])}</td>{cells}</tr>")
        out.append("</table>")
    out.append("</section>")
    return "\n".join(out)


def _timeline_chart(d: dict[str, Any]) -> str:
    """The timeline as inline SVG (the web app's chart, same broken axis), or nothing."""
    from .timeline import MAX_EVENTS, chart_events, svg

    numbers = {a["id"]: i for i, a in enumerate(d.get("articles", []), start=1)}
    events = chart_events(d.get("timeline", []), numbers)
    if not events:
        return ""
    more = f" The chart shows the first {MAX_EVENTS}; the table lists all." if len(events) > MAX_EVENTS else ""
    return (
        f'<figure class="timeline">{svg(events)}<figcaption>Filled dots: dates the articles state; '
        f"hollow dots: dates worked out from phrases such as “on Thursday”. Cuts in the axis "
        f"leave out long stretches with no event.{more}</figcaption></figure>"
    )
