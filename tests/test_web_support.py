"""Builders for the web tests: a small story made directly from records, and a fast briefer.

The briefer stands in for the models (the web layer is what is under test): it takes
each article's first sentence and cites every article that shares its longest word,
with that article's sentence as evidence, like the real summariser's attribution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from storyweave.records import (
    Article,
    Brief,
    Disagreement,
    Entity,
    Event,
    Evidence,
    Facts,
    Figure,
    Quote,
    Span,
    SummarySentence,
    content_id,
)

XSS_SCRIPT = "<script>window.__pwned = 1; alert('pwned')</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
XSS_SVG = "<svg onload=alert(3)>"


def make_article(
    paragraphs: Sequence[str],
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    dropped: Sequence[str] = (),
    path: str | None = None,
) -> Article:
    text = "\n".join(paragraphs)
    return Article(
        id=content_id(text),
        paragraphs=tuple(paragraphs),
        title=title,
        outlet=outlet,
        published=published,
        url=url,
        path=path,
        dropped=tuple(dropped),
    )


def flood_story() -> list[Article]:
    """Three reports of an invented flood; the third carries script payloads everywhere."""
    a = make_article(
        [
            "Floods swept through the river town of Marlow on Monday, killing 12 people.",
            "\u201cWe lost everything,\u201d said Anna Berg, a baker whose shop was submerged.",
            "Rescue crews evacuated 300 residents overnight, officials said.",
        ],
        title="Floods kill 12 in Marlow",
        outlet="Daily Ledger",
        published="2024-03-04",
        url="https://ledger.example/floods",
        dropped=["Subscribe to our newsletter", "Advertisement"],
    )
    b = make_article(
        [
            "At least 15 people died when floods hit Marlow, the mayor said on Tuesday.",
            "\u201cThe water rose faster than anyone expected,\u201d Mayor Tom Reed said.",
            "Floods also closed the main bridge into the town.",
        ],
        title="Marlow mayor says 15 dead in floods",
        outlet="Evening Post",
        published="2024-03-05",
        url="javascript:alert('link')",
        dropped=["Read more: weather"],
    )
    c = make_article(
        [
            f"Floods in Marlow {XSS_SCRIPT} left the town centre under water.",
            f"Residents shared photos {XSS_IMG} of flooded streets.",
            f"The flood barrier {XSS_SVG} failed, engineers said.",
        ],
        title=f"Marlow floods {XSS_IMG}",
        outlet=f"Wire {XSS_SCRIPT}",
        published="2024-03-05",
        dropped=[f"Share this {XSS_SCRIPT}", f"Photo {XSS_IMG}"],
    )
    return [a, b, c]


_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


def _first_sentence(article: Article) -> tuple[int, int, str]:
    text = article.text
    match = _SENTENCE.match(text)
    end = match.end() if match else len(text)
    return 0, end, text[:end]


def _facts(articles: Sequence[Article]) -> dict[str, Any]:
    """Facts in the ``storyweave.facts/1`` records, read off the builder's articles by simple rules."""
    quotes, figures, timeline, mentions = [], [], [], {}
    for art in articles:
        text = art.text
        for q in re.finditer(r"\u201c(.+?),?\u201d,?\s*(?:said\s+)?([A-Z][\w ]+?)(?: said|,|\.)", text):
            part = Span(art.id, q.start(1), q.end(1), q.group(1))
            quotes.append(Quote(q.group(1), q.group(2).strip(), (art.id,), (part,), "said"))
        for m in re.finditer(r"(\d+) (people|residents)", text):
            group = "people killed" if m.group(2) == "people" else "residents evacuated"
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end()) % (len(text) + 1)
            figures.append(
                Figure(
                    value=float(m.group(1)), number=m.group(1), sentence=text[line_start:line_end],
                    article=art.id, start=m.start(1), end=m.end(1),
                    qualifier="at least" if "At least" in text[line_start:m.start()] else "",
                    counted="people killed" if m.group(2) == "people" else "residents evacuated",
                    group=group,
                )
            )
        if art.published:
            first = art.paragraphs[0]
            timeline.append(Event(art.published, "on Monday", first, art.id, start=0, stop=len(first)))
        mentions.setdefault("Marlow", {})[art.id] = text.count("Marlow")
    by_group: dict[str, list[int]] = {}
    for i, fig in enumerate(figures):
        by_group.setdefault(fig.group or "", []).append(i)
    disagreements = [
        Disagreement(g, "values", tuple(idx), "the sources give different numbers")
        for g, idx in by_group.items()
        if len({figures[i].value for i in idx}) > 1
    ]
    framing = {
        "outlets": [
            {"outlet": art.outlet or art.id, "words": sorted({w.lower() for w in re.findall(r"[A-Za-z]{6,}", art.text)})[:5]}
            for art in articles
        ]
    }
    facts = Facts(
        articles=tuple({"id": a.id, "title": a.title, "outlet": a.outlet} for a in articles),
        quotes=tuple(quotes),
        figures=tuple(figures),
        disagreements=tuple(disagreements),
        timeline=tuple(timeline),
        entities=(Entity("e1", "Marlow", "GPE", ("Marlow",), mentions.get("Marlow", {})),),
        framing=framing,
    )
    return facts.to_dict()


def fake_briefer(articles: Sequence[Article]) -> Brief:
    """A deterministic brief with facts, in the real records, without any model."""
    summary = []
    for art in articles:
        start, end, text = _first_sentence(art)
        word = max(re.findall(r"[A-Za-z]+", text), key=len).lower()
        sources, evidence = [art.id], [Evidence(art.id, start, end, text)]
        for other in articles:
            if other.id == art.id:
                continue
            pos = 0
            for para in other.paragraphs:
                if word in para.lower():
                    sources.append(other.id)
                    evidence.append(Evidence(other.id, pos, pos + len(para), para, 0.8))
                    break
                pos += len(para) + 1
        summary.append(SummarySentence(text, art.id, tuple(sources), start, end, tuple(evidence)))
    return Brief(articles=tuple(articles), summary=tuple(summary), facts=_facts(articles))


def test_web_support_fake_brief_is_consistent() -> None:
    arts = flood_story()
    brief = fake_briefer(arts)
    for sent in brief.summary:
        art = brief.article(sent.article)
        assert art.text[sent.start : sent.end] == sent.text
        for ev in sent.evidence:
            assert brief.article(ev.article).text[ev.start : ev.end] == ev.text
    assert brief.facts is not None and brief.facts["disagreements"]
