"""Views of a ``storyweave.check/1`` dictionary: text, Markdown, HTML (JSON is the dict).

Reporting and disputing articles are listed apart, each with its evidence sentence, and
the counts say how many independent sources (copies and reprints folded) stand behind
them.
"""

from __future__ import annotations

import textwrap
from html import escape
from typing import Any

from .common import citation_numbers, md_escape, source_line

WIDTH = 88
HEADINGS = (("reports", "Reported by"), ("disputes", "Disputed by"), ("absent", "Not stated by"))


def _tally(data: dict[str, Any], label: str) -> str:
    c = data["counts"][label]
    n, m = c["sources"], c["outlets"]
    return f"{n} independent source{'s' if n != 1 else ''} ({m} outlet{'s' if m != 1 else ''})"


def _grouped(data: dict[str, Any], label: str) -> list[dict[str, Any]]:
    return [v for v in data["verdicts"] if v["label"] == label]


def _same_source(data: dict[str, Any], verdict: dict[str, Any], numbers: dict[str, int]) -> str:
    """`` (same source as [2], [4])``: the other articles of the verdict's independent
    source (copies, reprints), or nothing."""
    group = data["sources"][verdict["source"]] if data.get("sources") else [verdict["article"]]
    copies = [numbers[a] for a in group if a != verdict["article"] and a in numbers]
    return f" (same source as {', '.join(f'[{c}]' for c in copies)})" if copies else ""


def headline(data: dict[str, Any]) -> str:
    reports = data["counts"]["reports"]
    line = f"Reported by {_tally(data, 'reports')}" if reports["outlets"] else "Reported by no article"
    if data["counts"]["disputes"]["outlets"]:
        line += f"; disputed by {_tally(data, 'disputes')}"
    return line + f"; not stated by {data['counts']['absent']['outlets']}."


def check_text(data: dict[str, Any]) -> str:
    numbers = citation_numbers(data)
    by_id = {a["id"]: a for a in data["articles"]}
    lines = textwrap.wrap(f"Claim: {data['claim']}", WIDTH) + [headline(data), ""]
    for label, heading in HEADINGS:
        verdicts = _grouped(data, label)
        if not verdicts:
            continue
        lines.append(f"{heading}:")
        for v in verdicts:
            n = numbers[v["article"]]
            same = _same_source(data, v, numbers)
            lines.append(f"[{n}] {source_line(by_id[v['article']])}{same}")
            for e in v["evidence"]:
                lines.extend(textwrap.wrap(f"{label}: \u201c{e['text']}\u201d", WIDTH,
                                           initial_indent="    ", subsequent_indent="    "))
        lines.append("")
    for w in data.get("warnings", []):
        lines.append(f"note: {w}")
    return "\n".join(lines).rstrip() + "\n"


def check_markdown(data: dict[str, Any]) -> str:
    numbers = citation_numbers(data)
    by_id = {a["id"]: a for a in data["articles"]}
    out = [f"# Claim: {md_escape(data['claim'])}", "", f"**{headline(data)}**", ""]
    for label, heading in HEADINGS:
        verdicts = _grouped(data, label)
        if not verdicts:
            continue
        out.extend([f"## {heading}", ""])
        for v in verdicts:
            n = numbers[v["article"]]
            same = _same_source(data, v, numbers)
            out.append(f"- **[{n}]** {md_escape(source_line(by_id[v['article']]))}{same}")
            for e in v["evidence"]:
                out.append(f"  - {label}: \u201c{md_escape(e['text'])}\u201d")
        out.append("")
    for w in data.get("warnings", []):
        out.append(f"> note: {md_escape(w)}")
    return "\n".join(out).rstrip() + "\n"


def check_html(data: dict[str, Any]) -> str:
    from .html import _anchor, article_html, page

    numbers = citation_numbers(data)
    by_id = {a["id"]: a for a in data["articles"]}
    marks: dict[str, list[tuple[int, int]]] = {a["id"]: [] for a in data["articles"]}
    out = [f"<h1>Claim: {escape(data['claim'])}</h1>", f"<p><strong>{escape(headline(data))}</strong></p>"]
    for label, heading in HEADINGS:
        verdicts = _grouped(data, label)
        if not verdicts:
            continue
        out.append(f'<h2>{heading}</h2><ul class="{label}">')
        for v in verdicts:
            n = numbers[v["article"]]
            items = []
            for e in v["evidence"]:
                start, end = e["span"]
                marks[v["article"]].append((start, end))
                items.append(f'<li>{label}: <a href="#{_anchor(n, start, end)}">'
                             f"\u201c{escape(e['text'])}\u201d</a></li>")
            same = _same_source(data, v, numbers)
            out.append(f'<li><a href="#source-{n}">[{n}]</a> {escape(source_line(by_id[v["article"]]))}'
                       f"{escape(same)}<ul>{''.join(items)}</ul></li>")
        out.append("</ul>")
    if data.get("warnings"):
        out.append("<h2>Notes</h2><ul>" + "".join(f"<li>{escape(w)}</li>" for w in data["warnings"]) + "</ul>")
    out.append("<h2>Articles</h2>")
    for art in data["articles"]:
        out.append(article_html(art, numbers[art["id"]], marks[art["id"]], open_=bool(marks[art["id"]])))
    return page("storyweave check", "\n".join(out))


def render_check(data: dict[str, Any], fmt: str = "text") -> str:
    """Render a ``storyweave.check/1`` dictionary as text, markdown, json, html, or rows
    (jsonl / csv, one an article)."""
    from ..errors import UsageError
    from . import to_json

    if fmt == "json":
        return to_json(data)
    if fmt in ("jsonl", "csv"):
        from .rows import check_rows, render_rows

        return render_rows(check_rows(data), fmt)
    views = {"text": check_text, "markdown": check_markdown, "html": check_html}
    if fmt not in views:
        raise UsageError(f"unknown format {fmt!r}; choose text, markdown, json, html, jsonl or csv")
    return views[fmt](data)
