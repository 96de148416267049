"""The brief as plain text for the terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from ..display import shown
from .common import citation_numbers, focus, markers, source_line, tally, update_note

WIDTH = 88


def brief_text(data: dict[str, Any]) -> str:
    numbers = citation_numbers(data)
    n_words = sum(len(s["text"].split()) for s in data["summary"])
    lines = [
        f"Brief of {len(data['articles'])} article{'s' if len(data['articles']) != 1 else ''}"
        f" ({n_words} words, budget {data['words']})",
        "",
    ]
    if focus(data):
        lines.insert(1, focus(data))
    for sent in data["summary"]:
        para = f"{sent['text']} {markers(sent['sources'], numbers)}"
        if update_note(sent):
            para += f" ({update_note(sent)})"
        lines.extend(textwrap.wrap(para, WIDTH) or [""])
        if tally(sent):
            lines.append(f"    {tally(sent)}")
        for e in sent.get("disputes") or []:
            n = numbers.get(e["article"])
            lines.extend(textwrap.wrap(f"[{n}] disputes: \u201c{e['text']}\u201d", WIDTH,
                                       initial_indent="    ", subsequent_indent="      "))
        lines.append("")
    lines.append("Sources")
    for art in data["articles"]:
        n = numbers[art["id"]]
        label = source_line(art)
        lines.append(f"[{n}] {shown(label)}")  # a file name may hold a newline or an escape
        where = art.get("url") or art.get("path")
        if where and where != label:
            lines.append(f"    {shown(where)}")
    if data.get("facts"):
        from .facts import facts_text

        lines.extend(["", facts_text(data["facts"])])
    return "\n".join(lines) + "\n"
