"""The brief as Markdown: cited sentences, then a numbered source list."""

from __future__ import annotations

from typing import Any

from ..display import shown
from .common import citation_numbers, focus, md_escape, source_line, tally, update_note


def brief_markdown(data: dict[str, Any]) -> str:
    numbers = citation_numbers(data)
    out = [f"# Brief of {len(data['articles'])} articles", ""]
    if focus(data):
        out[1:1] = ["", f"*{md_escape(focus(data))}*"]
    for sent in data["summary"]:
        cites = "".join(f"[\\[{numbers[s]}\\]](#source-{numbers[s]})" for s in sent["sources"])
        note = f" *({md_escape(update_note(sent))})*" if update_note(sent) else ""
        out.append(f"{md_escape(sent['text'])} {cites}{note}")
        notes = [f"*{tally(sent)}*"] if tally(sent) else []
        for e in sent.get("disputes") or []:
            n = numbers.get(e["article"])
            notes.append(f"**[\\[{n}\\]](#source-{n}) disputes:** \u201c{md_escape(e['text'])}\u201d")
        if notes:
            out.append("")
            out.extend(f"- {note}" for note in notes)
        out.append("")
    out.extend(["## Sources", ""])
    for art in data["articles"]:
        n = numbers[art["id"]]
        line = f'{n}. <a id="source-{n}"></a>{md_escape(source_line(art))}'
        if art.get("url"):
            line += f" <{art['url']}>"
        elif art.get("path"):
            line += f" (`{shown(art['path'])}`)"
        out.append(line)
    if data.get("facts"):
        from .facts import facts_markdown

        out.extend(["", facts_markdown(data["facts"])])
    return "\n".join(out) + "\n"
