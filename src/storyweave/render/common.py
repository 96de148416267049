"""Helpers shared by the views: citation numbers, source lines, the Markdown escape,
bidi controls shown."""

from __future__ import annotations

import re
from typing import Any

#: The bidi embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069).
#: HTML escaping leaves them alone, yet one in a title can reverse what a reader sees
#: (``txt.exe`` shown as ``exe.txt``), so a page shows each as ``[U+202E]``.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def show_bidi(text: str) -> str:
    """``text`` with every bidi control written out as ``[U+XXXX]``."""
    return BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def citation_numbers(data: dict[str, Any]) -> dict[str, int]:
    """Article id -> its 1-based number in the sources list (input order)."""
    return {a["id"]: i for i, a in enumerate(data["articles"], start=1)}


def source_line(article: dict[str, Any]) -> str:
    """``Title — Outlet, 2016-10-13`` with whatever parts are known."""
    title = article.get("title") or article.get("path") or article["id"]
    meta = [m for m in (article.get("outlet"), (article.get("published") or "")[:10]) if m]
    if article.get("syndicated_from") and article.get("syndicated_from") != article.get("outlet"):
        meta.append(f"reprinted from {article['syndicated_from']}")
    return f"{title} — {', '.join(meta)}" if meta else title


def markers(sources: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers[s]}]" for s in sources if s in numbers)


def tally(sentence: dict[str, Any]) -> str:
    """"reported by 2 independent sources (3 outlets)" for a summary sentence; "" for one."""
    m = len(sentence["sources"])
    if m < 2:
        return ""
    n = sentence.get("independent") or m
    return f"reported by {n} independent source{'s' if n != 1 else ''} ({m} outlets)"


def focus(data: dict[str, Any]) -> str:
    """What a query-focused or update brief is about, for its heading ("" for a generic one)."""
    parts = []
    if data.get("query"):
        parts.append(f"answering \u201c{data['query']}\u201d")
    if data.get("mode") == "update" and data.get("since"):
        parts.append(f"new {data['since']}")
    return "; ".join(parts)


def update_note(sent: dict[str, Any]) -> str:
    """"update: was X" for a sentence that changes an earlier figure, else ""."""
    return f"update: was {sent['update_of']}" if sent.get("update_of") else ""


def md_escape(text: str) -> str:
    """Text kept verbatim in Markdown: every character Markdown could read as markup is
    backslash-escaped (the one escape of the Markdown views)."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text
