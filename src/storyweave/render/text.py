"""The brief as plain text for the terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from ..display import shown
from .common import citation_numbers, markers, source_line

WIDTH = 88


def brief_text(data: dict[str, Any]) -> str:
    numbers = citation_numbers(data)
    n_words = sum(len(s["text"].split()) for s in data["summary"])
    lines = [
        f"Brief of {len(data['articles'])} article{'s' if len(data['articles']) != 1 else ''}"
        f" ({n_words} words, budget {data['words']})",
        "",
    ]
    for sent in data["summary"]:
        para = f"{sent['text']} {markers(sent['sources'], numbers)}"
        lines.extend(textwrap.wrap(para, WIDTH) or [""])
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
