"""``render`` and ``render_facts``: one ``to_dict()`` to the format asked for."""

from __future__ import annotations

import json
from typing import Any

from ..errors import UsageError
from ..records import Brief


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def render(brief: Brief, fmt: str = "text") -> str:
    """Render a brief as ``text``, ``markdown``, ``json``, ``html``, or its sentences as
    ``jsonl`` / ``csv`` rows."""
    data = brief.to_dict()
    if fmt in ("jsonl", "csv"):
        from .rows import brief_rows, render_rows

        return render_rows(brief_rows(data), fmt)
    if fmt == "json":
        return to_json(data)
    if fmt == "text":
        from .text import brief_text

        return brief_text(data)
    if fmt == "markdown":
        from .markdown import brief_markdown

        return brief_markdown(data)
    if fmt == "html":
        from .html import brief_html

        return brief_html(data)
    raise UsageError(f"unknown format {fmt!r}; choose text, markdown, json, html, jsonl or csv")


def render_facts(facts: dict[str, Any], fmt: str = "text", rows: Any = None) -> str:
    """Render a ``storyweave.facts/1`` dictionary; for ``jsonl`` / ``csv``, the rows of
    the tables named in ``rows`` (CSV: exactly one; JSON Lines: all by default)."""
    if fmt in ("jsonl", "csv"):
        from .rows import fact_rows, render_rows

        return render_rows(fact_rows(facts, rows, fmt), fmt)
    if fmt == "json":
        return to_json(facts)
    from . import facts as views

    if fmt == "text":
        return views.facts_text(facts)
    if fmt == "markdown":
        return views.facts_markdown(facts)
    if fmt == "html":
        from .html import page

        return page("storyweave facts", views.facts_html(facts))
    raise UsageError(f"unknown format {fmt!r}; choose text, markdown, json, html, jsonl or csv")
