"""Views of one ``to_dict()``: text, Markdown, JSON, a self-contained HTML page, and rows
(JSON Lines, CSV) where the data is a table."""

from __future__ import annotations

from .formats import render, render_facts, to_json

__all__ = ["render", "render_facts", "to_json"]
