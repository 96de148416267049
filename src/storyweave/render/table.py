"""A table of strings as text, Markdown or HTML (the ``stories`` and ``search`` listings)."""

from __future__ import annotations

from collections.abc import Sequence


def table(head: Sequence[str], rows: Sequence[Sequence[str]], fmt: str, caption: str) -> str:
    """``rows`` under ``head`` as a ``text`` table (columns padded, the last one free),
    a ``markdown`` table or an ``html`` page, with ``caption`` above."""
    if fmt == "markdown":
        lines = [f"**{caption}**", "", "| " + " | ".join(head) + " |",
                 "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        return "\n".join(lines)
    if fmt == "html":
        from html import escape

        cells = "".join(f"<th>{escape(h)}</th>" for h in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows
        )
        return (f"<!doctype html><meta charset='utf-8'><title>{escape(caption)}</title>"
                f"<table><caption>{escape(caption)}</caption><tr>{cells}</tr>{body}</table>")
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head[:-1])]
    lines = [caption]
    for r in [tuple(head), *rows]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1])
    return "\n".join(lines)
