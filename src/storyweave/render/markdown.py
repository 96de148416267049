"""The brief as Markdown: cited sentences, then a numbered source list."""

from __future__ import annotations

from typing import Any

from .common import citation_numbers, md_escape, source_line


def brief_markdown(data: dict[str, Any]) -> str:
    numbers = citation_numbers(data)
    out = [f"# Brief of {len(data['articles'])} articles", ""]
    for sent in data["summary"]:
        cites = "".join(f"[\\[{numbers[s]}\\]](#source-{numbers[s]})" for s in sent["sources"])
        out.append(f"{md_escape(sent['text'])} {cites}")
        out.append("")
    out.extend(["## Sources", ""])
    for art in data["articles"]:
        n = numbers[art["id"]]
        line = f'{n}. <a id="source-{n}"></a>{md_escape(source_line(art))}'
        if art.get("url"):
            line += f" <{art['url']}>"
        elif art.get("path"):
            line += f" (`{art['path']}`)"
        out.append(line)
    if data.get("facts"):
        from .facts import facts_markdown

        out.extend(["", facts_markdown(data["facts"])])
    return "\n".join(out) + "\n"
