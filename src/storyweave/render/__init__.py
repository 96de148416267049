"""Views of one ``to_dict()``: text, Markdown, JSON and a self-contained HTML page."""

from __future__ import annotations

from .formats import render, render_facts, to_json

__all__ = ["render", "render_facts", "to_json"]
