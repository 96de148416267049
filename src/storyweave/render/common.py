"""Helpers shared by the views: citation numbers, source lines, the Markdown escape."""

from __future__ import annotations

from typing import Any


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


def md_escape(text: str) -> str:
    """Text kept verbatim in Markdown: every character Markdown could read as markup is
    backslash-escaped (the one escape of the Markdown views)."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text
