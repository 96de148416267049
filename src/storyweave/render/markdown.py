"""The brief as Markdown: cited sentences, then a numbered source list."""

from __future__ import annotations

from typing import Any

from ..display import shown
from .common import citation_numbers, source_line


def _escape(text: str) -> str:
    # keep the sentence verbatim, but stop Markdown from reading it as markup
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def brief_markdown(data: dict[str, Any]) -> str:
    numbers = citation_numbers(data)
    out = [f"# Brief of {len(data['articles'])} articles", ""]
    for sent in data["summary"]:
        cites = "".join(f"[\\[{numbers[s]}\\]](#source-{numbers[s]})" for s in sent["sources"])
        out.append(f"{_escape(sent['text'])} {cites}")
        out.append("")
    out.extend(["## Sources", ""])
    for art in data["articles"]:
        n = numbers[art["id"]]
        line = f'{n}. <a id="source-{n}"></a>{_escape(source_line(art))}'
        if art.get("url"):
            line += f" <{art['url']}>"
        elif art.get("path"):
            line += f" (`{shown(art['path'])}`)"
        out.append(line)
    if data.get("facts"):
        from .facts import facts_markdown

        out.extend(["", facts_markdown(data["facts"])])
    return "\n".join(out) + "\n"
