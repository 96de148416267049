"""``extract``: parse a story's articles once and run every facts extractor on the parses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..budget import within_budget
from ..config import Config
from ..records import Article, Event, Facts, SummarySentence, article_label
from . import entities as ents
from . import figures as figs
from . import framing as fr
from . import quotes as qts
from . import timeline as tl
from .parse import Parsed, parse


def extract(
    articles: Sequence[Article],
    *,
    summary: Sequence[SummarySentence] | None = None,
    config: Config | None = None,
    nlp: Any = None,
) -> Facts:
    """Quotes, figures, disagreements, timeline, entities, framing and coverage of ``articles``.

    Args:
        articles: clean articles of one story (any number; one works, with no comparison).
        summary: the brief's summary sentences, for the coverage matrix (optional).
        config: the run's configuration; ``read_words`` bounds the words read.
        nlp: a spaCy pipeline to use instead of ``storyweave.nlp.pipeline()`` (tests).

    Returns:
        A ``Facts`` record; ``to_dict()`` gives the ``storyweave.facts/1`` dictionary.
    """
    config = config or Config()
    articles = list(articles)
    # spaCy's full pipeline runs at 3-6k words/s: a long story is read from each
    # article's start (storyweave.budget); such an article's dictionary says so
    read = within_budget(articles, config.read_words)
    parsed = parse(read, nlp) if articles else []
    names = [ents.article_names(p) for p in parsed]
    labels = {a.id: article_label(a) for a in articles}

    datings = _date_articles(parsed)

    # quotes, in article order, then merged
    raw_quotes = []
    for p, an in zip(parsed, names, strict=True):
        raw_quotes.extend(qts.article_quotes(p, an))
    entity_list = ents.merge_entities(parsed, names)
    # the small NER model calls some people organisations ("Jean-Marc Ayrault");
    # someone given a role or called "he"/"she" is a person
    entity_list = [
        replace(e, outlets=_by_outlet(e.mentions, labels)) for e in entity_list
    ]
    people = {ents.fold(q.speaker) for q in raw_quotes if q.person}
    people |= {ents.fold(r.person) for an in names for r in an.roles}
    entity_list = [
        replace(e, label="PERSON")
        if e.label == "ORG" and ({ents.fold(f) for f in (e.name, *e.forms)} & people)
        else e
        for e in entity_list
    ]
    lookup = ents.entity_lookup(entity_list)

    def entity_of(name: str) -> str | None:
        e = lookup.get(ents.fold(ents.strip_name(name)))
        return e.id if e else None

    def speaker_key(name: str) -> str:
        return entity_of(name) or "name:" + ents.fold(name)

    texts = {a.id: a.text for a in articles}
    by_id = {e.id: e for e in entity_list}

    def fullest(speaker: str) -> str:
        # the article may give only part of a name ("Putin") that another gives whole
        e = by_id.get(entity_of(speaker) or "")
        if e and len(ents.words(e.name)) > len(ents.words(speaker)):
            return e.name
        return speaker

    quotes = [
        replace(q, speaker=fullest(q.speaker), entity=entity_of(q.speaker))
        for q in qts.merge_quotes(raw_quotes, texts, speaker_key)
    ]

    # figures, with the quotations of their article for attribution
    places = {ents.fold(f) for e in entity_list if e.label in {"GPE", "LOC", "FAC"} for f in e.forms}
    found = []
    for p, an, dating in zip(parsed, names, datings, strict=True):
        spans = [
            (s, e, q.speaker) for q in raw_quotes if q.article == p.article.id for s, e in q.parts
        ]
        found.extend(figs.article_figures(p, an, spans, dating.date, not dating.inferred, places))
    grouping = figs.group_figures(found, labels)

    # timeline
    events: list[Event] = []
    for p, dating in zip(parsed, datings, strict=True):
        events.extend(tl.article_events(p, tl.mentions(p), dating))
    order = {a.id: i for i, a in enumerate(articles)}
    events.sort(key=lambda e: (e.date, order[e.article], e.start))

    article_dicts = []
    for a, part, dating in zip(articles, read, datings, strict=True):
        partial = {} if part is a else {"facts_read_words": part.n_words, "words": a.n_words}
        article_dicts.append(
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "label": labels[a.id],
                "published": dating.date.isoformat()
                if dating.date and dating.inferred
                else a.published,
                "published_inferred": dating.inferred,
                "published_evidence": dating.evidence,
                "path": a.path,
                "url": a.url,
                **partial,
            }
        )
    return Facts(
        articles=tuple(article_dicts),
        quotes=tuple(quotes),
        figures=tuple(grouping.figures),
        disagreements=tuple(grouping.disagreements),
        timeline=tuple(events),
        entities=tuple(entity_list),
        framing=fr.framing(parsed, labels),
        coverage=fr.coverage([a.id for a in articles], summary, grouping.figures, quotes),
    )


def _date_articles(parsed: Sequence[Parsed]) -> list[tl.Dating]:
    """Given dates where articles have them; otherwise inferred from the text, and marked so."""
    mentions = [tl.mentions(p) for p in parsed]
    bounds = [tl.year_bound(ms) for ms in mentions]
    given = [tl.given_date(p.article.published) for p in parsed]
    # the story's year: the latest year any article is known or inferred to be from
    story = [d.year for d in given if d] + [y for y, _ in bounds if y]
    story_year = max(story) if story else None
    out = []
    for p, ms, (year, why), g in zip(parsed, mentions, bounds, given, strict=True):
        if g is not None:
            out.append(tl.Dating(g, False, [f"given: {p.article.published}"]))
            continue
        if story_year is not None and (year is None or year < story_year):
            why = (
                f"{why}; " if why else ""
            ) + f"the story's other articles are from {story_year} or later"
            year = story_year
        out.append(tl.infer_date(ms, year, why))
    return out


def _by_outlet(mentions: dict[str, int], labels: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for article_id, n in mentions.items():
        label = labels.get(article_id, article_id)
        out[label] = out.get(label, 0) + n
    return out
