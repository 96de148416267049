"""The brief as one self-contained HTML file (no script, no outside resource).

Each citation marker links to the cited sentence highlighted inside its article,
further down the same page; the articles are ``<details>`` blocks that the
``:target`` rule opens, so it works with JavaScript off. All article text is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .common import citation_numbers, focus, show_bidi, source_line, tally, update_note
from .timeline import CHART_STYLE

STYLE = """
body{font:16px/1.55 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.summary p{margin:.6rem 0} a.cite{font-size:.8em;text-decoration:none;vertical-align:super;padding:0 1px}
mark{background:#fff2a8;padding:0 2px} :target{background:#ffe066;outline:2px solid #e0a800}
details{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;margin:.6rem 0}
details p{margin:.4rem 0} .meta{color:#666;font-size:.9em} .drop{color:#999;font-size:.85em}
.dispute{margin:-.3rem 0 .6rem 1.5rem;color:#8a1c1c;font-size:.92em}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
figure.timeline{margin:0} figure.timeline figcaption{color:#666;font-size:.85em}
""" + CHART_STYLE


def page(title: str, body: str) -> str:
    """The whole file; bidi controls in any text are shown as ``[U+202E]`` (``show_bidi``)."""
    return show_bidi(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def _anchor(article_index: int, start: int, end: int) -> str:
    return f"a{article_index}-{start}-{end}"


def article_html(
    article: dict[str, Any], number: int, marks: list[tuple[int, int]], open_: bool = False
) -> str:
    """An article's clean text, one ``<p>`` per paragraph, with the given spans marked."""
    text = article.get("text") or ""
    spans = sorted(set(marks))
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        if start < pos or end > len(text) or start >= end:
            continue
        parts.append(escape(text[pos:start]))
        parts.append(
            f'<mark id="{_anchor(number, start, end)}">{escape(text[start:end])}</mark>'
        )
        pos = end
    parts.append(escape(text[pos:]))
    body = "".join(parts)
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    meta = escape(source_line(article))
    where = article.get("url") or article.get("path") or ""
    link = (
        f' <a href="{escape(where)}">{escape(where)}</a>'
        if where.startswith(("http://", "https://"))
        else f" <code>{escape(where)}</code>" if where else ""
    )
    return (
        f'<details id="source-{number}"{" open" if open_ else ""}><summary>[{number}] {meta}</summary>'
        f'<p class="meta">{link}</p>{paragraphs}</details>'
    )


def brief_html(data: dict[str, Any]) -> str:
    numbers = citation_numbers(data)
    marks: dict[str, list[tuple[int, int]]] = {a["id"]: [] for a in data["articles"]}
    out = [f"<h1>Brief of {len(data['articles'])} articles</h1>", '<div class="summary">']
    if focus(data):
        out.insert(1, f'<p class="meta">{escape(focus(data))}</p>')
    for sent in data["summary"]:
        evidence = sent.get("evidence") or [
            {"article": sent["article"], "span": sent["span"], "text": sent["text"]}
        ]
        by_article = {e["article"]: e for e in evidence}
        cites = []
        for source in sent["sources"]:
            n = numbers.get(source)
            if n is None:
                continue
            ev = by_article.get(source)
            if ev is not None:
                start, end = ev["span"]
                marks[source].append((start, end))
                title = escape(ev["text"], quote=True)
                cites.append(
                    f'<a class="cite" href="#{_anchor(n, start, end)}" title="{title}">[{n}]</a>'
                )
            else:
                cites.append(f'<a class="cite" href="#source-{n}">[{n}]</a>')
        notes = [x for x in (update_note(sent), tally(sent)) if x]
        note = f' <span class="meta">({escape("; ".join(notes))})</span>' if notes else ""
        out.append(f"<p>{escape(sent['text'])} {''.join(cites)}{note}</p>")
        for e in sent.get("disputes") or []:
            n = numbers.get(e["article"])
            if n is None:
                continue
            start, end = e["span"]
            marks[e["article"]].append((start, end))
            out.append(f'<p class="dispute">[{n}] disputes: <a href="#{_anchor(n, start, end)}">'
                       f"\u201c{escape(e['text'])}\u201d</a></p>")
    out.append("</div>")
    if data.get("warnings"):
        out.append("<h2>Notes</h2><ul>")
        out.extend(f"<li>{escape(w)}</li>" for w in data["warnings"])
        out.append("</ul>")
    if data.get("facts"):
        from .facts import facts_html

        out.append(facts_html(data["facts"]))
    out.append("<h2>Sources</h2>")
    for art in data["articles"]:
        out.append(article_html(art, numbers[art["id"]], marks[art["id"]], open_=True))
    return page("storyweave brief", "\n".join(out))
