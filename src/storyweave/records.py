"""The typed records that flow between storyweave's stages.

Every stage is a function from records to records (ingest -> RawDocument,
clean -> Article, nlp -> Sentence, summarize -> Brief, facts -> Facts). All are
frozen dataclasses with ``to_dict()`` / ``from_dict()``; every output (JSON,
Markdown, HTML, the web pages) is rendered from ``to_dict()``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

BRIEF_SCHEMA = "storyweave.brief/1"
FACTS_SCHEMA = "storyweave.facts/1"


def normalize(text: str) -> str:
    """NFKC and folded white space: the form every comparison uses.

    NFKC turns U+00A0 into a space and the ellipsis character into three dots;
    quotes stay as they are (straight and curly are told apart by callers).
    """
    return " ".join(unicodedata.normalize("NFKC", text).split())


def content_id(text: str) -> str:
    """A stable id derived from an article's normalised clean text (16 hex digits)."""
    return hashlib.sha1(normalize(text).lower().encode("utf-8")).hexdigest()[:16]


def _without_dropped(data: dict[str, Any]) -> dict[str, Any]:
    data.pop("dropped", None)
    return data


def _span_out(data: dict[str, Any], start: str = "start", end: str = "end") -> dict[str, Any]:
    """A record's dict with its ``start`` and ``end`` offsets as one ``span: [start, end]``
    (the JSON shape of every record with a span), where ``start`` stood."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == start:
            out["span"] = [data[start], data[end]]
        elif key != end:
            out[key] = value
    return out


def _span_in(data: dict[str, Any], start: str = "start", end: str = "end") -> dict[str, Any]:
    """The inverse of ``_span_out``: a copy of ``data`` with ``span`` back as the two offsets."""
    data = dict(data)
    span = data.pop("span", None)
    if span:
        data[start], data[end] = span
    return data


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Build a flat dataclass from a dict, turning lists back into tuples."""
    names = {f.name for f in fields(cls)}
    kwargs = {}
    for key, value in data.items():
        if key in names:
            kwargs[key] = tuple(value) if isinstance(value, list) else value
    return cls(**kwargs)


@dataclass(frozen=True)
class RawDocument:
    """One input as read, before cleaning.

    Attributes:
        path: where it came from: a file path, ``file.jsonl:3`` for a line, ``-`` for stdin.
        content: the text (plain text or HTML markup, as ``kind`` says).
        kind: ``"text"`` or ``"html"``.
        title, url, outlet, published: metadata the container gave (JSON fields, feed
            entries, WARC headers); ``None`` when it gave none.
    """

    path: str
    content: str
    kind: str = "text"
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawDocument:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Skip:
    """An input that was not used, and why (expected bad data is data, not a crash)."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Skip:
        return _from_dict(cls, data)

    def __str__(self) -> str:
        from .display import shown

        return f"{shown(self.path)}: {self.reason}"


@dataclass(frozen=True)
class Article:
    """A clean article: its body paragraphs, with the page furniture gone.

    Attributes:
        id: content-derived (``content_id`` of the clean text), so the same article
            read twice gets the same id.
        paragraphs: the clean body, one paragraph each, in order.
        dropped: the lines removed as boilerplate, in order (shown by the web app).
        published: ISO 8601 date (``YYYY-MM-DD``) or date-time, when known.
        syndicated_from: the outlet a reprint names as its origin, when it says so.
    """

    id: str
    paragraphs: tuple[str, ...]
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    path: str | None = None
    dropped: tuple[str, ...] = ()
    syndicated_from: str | None = None

    @property
    def text(self) -> str:
        """The clean body, one paragraph a line; sentence offsets index into this."""
        return "\n".join(self.paragraphs)

    @property
    def n_words(self) -> int:
        return len(self.text.split())

    @property
    def label(self) -> str:
        """A short human name (``article_label``)."""
        return article_label(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "path": self.path,
            "text": self.text,
            "syndicated_from": self.syndicated_from,
            "dropped": list(self.dropped),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        data = dict(data)
        if "paragraphs" not in data:
            text = data.pop("text", "") or ""
            data["paragraphs"] = [p for p in text.split("\n") if p.strip()]
        return _from_dict(cls, data)


def article_label(article: Article | dict[str, Any]) -> str:
    """The name an article goes by in tables and lists (facts, the rendered views, the web
    pages): its outlet, else the outlet a reprint names, else its title, else its file's
    name (not the folders above it: a reader's label, not a location), else its id.
    Takes an ``Article`` or its ``to_dict()``."""
    get = article.get if isinstance(article, dict) else lambda key: getattr(article, key, None)
    name = get("outlet") or get("syndicated_from") or get("title")
    if name:
        return str(name)
    path = get("path")
    if path:
        return str(path).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return str(get("id"))


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with its character span in ``Article.text``."""

    article: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Evidence:
    """Where one source reports a summary sentence's content: a sentence of that article."""

    article: str
    start: int
    end: int
    text: str
    similarity: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return _span_out({**asdict(self), "similarity": round(float(self.similarity), 4)})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return _from_dict(cls, _span_in(data))


@dataclass(frozen=True)
class SummarySentence:
    """A summary sentence, word for word from ``article``, and every article reporting it.

    Attributes:
        text: the sentence exactly as it stands in ``article``'s clean text.
        article: the id of the article it is taken from.
        sources: ids of every article that reports the same content, ``article`` first.
        start, end: its span in that article's clean text.
        evidence: for each source, the sentence of that article that reports the
            content (the first is the sentence itself), so a reader can check it.
        disputes: for each article that states an incompatible version of the same fact
            (another number, a denial, another time or day; ``claims.judge``), its
            sentence(s); such an article is never among ``sources``.
        independent: how many independent sources ``sources`` are (a copy or reprint of
            another source counts once; ``claims.sources``); 0 when not computed.
        update_of: in an update brief, the earlier figure this sentence changes, as
            written ("at least 300"); ``None`` otherwise.
    """

    text: str
    article: str
    sources: tuple[str, ...]
    start: int = 0
    end: int = 0
    evidence: tuple[Evidence, ...] = ()
    disputes: tuple[Evidence, ...] = ()
    independent: int = 0
    update_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _span_out({
            "text": self.text,
            "article": self.article,
            "sources": list(self.sources),
            "start": self.start,
            "end": self.end,
            "evidence": [e.to_dict() for e in self.evidence],
            "disputes": [e.to_dict() for e in self.disputes],
            "independent": self.independent,
        })
        if self.update_of is not None:
            data["update_of"] = self.update_of
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummarySentence:
        data = _span_in(data)
        evidence = tuple(Evidence.from_dict(e) for e in data.pop("evidence", []) or [])
        disputes = tuple(Evidence.from_dict(e) for e in data.pop("disputes", []) or [])
        return replace(_from_dict(cls, data), evidence=evidence, disputes=disputes)


@dataclass(frozen=True)
class Brief:
    """A story's brief: its articles and a cited extractive summary.

    ``facts`` holds the ``storyweave.facts/1`` dictionary when facts were asked for.
    ``mode`` is ``"generic"``, ``"query"`` (the brief answers ``query``) or ``"update"``
    (what ``articles`` add to what the reader has seen; ``since`` says what that was: a
    date, or the earlier articles or brief).
    """

    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...]
    words: int = 250
    method: str = "storyweave"
    skipped: tuple[Skip, ...] = ()
    warnings: tuple[str, ...] = ()
    facts: dict[str, Any] | None = field(default=None, compare=False)
    query: str | None = None
    mode: str = "generic"
    since: str | None = None

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    @property
    def n_words(self) -> int:
        return sum(len(s.text.split()) for s in self.summary)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": BRIEF_SCHEMA,
            "method": self.method,
            "words": self.words,
            # the brief carries clean articles only: the dropped boilerplate stays on the
            # Article record (Article.to_dict() has it, for the web app's article page)
            "articles": [_without_dropped(a.to_dict()) for a in self.articles],
            "summary": [s.to_dict() for s in self.summary],
            "skipped": [s.to_dict() for s in self.skipped],
            "warnings": list(self.warnings),
            "mode": self.mode,
        }
        if self.query is not None:
            data["query"] = self.query
        if self.since is not None:
            data["since"] = self.since
        if self.facts is not None:
            data["facts"] = self.facts
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        return cls(
            articles=tuple(Article.from_dict(a) for a in data.get("articles", [])),
            summary=tuple(SummarySentence.from_dict(s) for s in data.get("summary", [])),
            words=data.get("words", 250),
            method=data.get("method", "storyweave"),
            skipped=tuple(Skip.from_dict(s) for s in data.get("skipped", [])),
            warnings=tuple(data.get("warnings", [])),
            facts=data.get("facts"),
            query=data.get("query"),
            mode=data.get("mode", "generic"),
            since=data.get("since"),
        )


@dataclass(frozen=True)
class Story:
    """One event: the articles that report it, grouped by ``storyweave.corpus`` (or, in the
    web app, the files or upload it was made of).

    Attributes:
        id: stable: ``s`` + the id of the story's founding article (kept when the story grows).
        headline: the title of its most carried article (or the first words of its text).
        size: how many distinct articles (duplicates folded) it holds.
        outlets: every outlet that carried one of its articles, sorted.
        first_date, last_date: the range of its articles' publication dates, when known.
        article_ids: its articles, in order of (publication date, id).
        urls: every url its articles came from; ``paths`` every path (file, ``file.jsonl:3``).
        origin: where the story was formed: ``"store"`` (a corpus store), ``"files"``
            (the files given to ``serve``) or ``"upload"`` (the web app's uploads).
        thread_id: the thread (running subject) the event belongs to (``corpus.threads``).
    """

    id: str
    headline: str
    size: int
    outlets: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    article_ids: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    origin: str = "store"
    thread_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("outlets", "article_ids", "urls", "paths"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class StoryFilter:
    """The stories-list filters, one rule for every list (``Store``, the web app's sources).

    Attributes:
        query: every word must occur in the story (a store searches its full-text index,
            stemmed; stories held in memory their headline and texts).
        outlet: one of the story's outlets (any case).
        since, until: ISO dates; a story passes when its span of dates overlaps the range
            (a story without dates passes: nothing says it is outside).
    """

    query: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None

    def __bool__(self) -> bool:
        return bool(self.query or self.outlet or self.since or self.until)

    @classmethod
    def of(cls, filters: StoryFilter | None = None, **kwargs: str | None) -> StoryFilter:
        """``filters``, or one built from keyword arguments (empty strings count as unset)."""
        if filters is not None:
            return filters
        return cls(**{k: (v or None) for k, v in kwargs.items()})

    def has_outlet(self, outlets: Sequence[str]) -> bool:
        return not self.outlet or self.outlet.lower() in {o.lower() for o in outlets if o}

    def overlaps(self, first_date: str | None, last_date: str | None) -> bool:
        if self.since and last_date and last_date[:10] < self.since[:10]:
            return False
        if self.until and first_date and first_date[:10] > self.until[:10]:
            return False
        return True

    def has_words(self, text: str) -> bool:
        """Whether every query word occurs in ``text`` (any case)."""
        if not self.query:
            return True
        text = text.lower()
        return all(word in text for word in self.query.lower().split())


# ---------------------------------------------------------------- facts
#
# Records of ``storyweave.facts``: quotes, figures, disagreements, dated events,
# entities, bundled in ``Facts``. Offsets (``start``, ``end``) index into
# ``Article.text`` of the article named by ``article``.


@dataclass(frozen=True)
class Span:
    """A piece of one article's clean text: ``Article.text[start:end] == text``."""

    article: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return _span_out(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return _from_dict(cls, _span_in(data))


@dataclass(frozen=True)
class Quote:
    """A direct quotation and every article that reports it.

    Attributes:
        text: the quoted words, as the first source writes them (outer quote marks
            and trailing comma or full stop removed); a quotation running over several
            paragraphs has its parts joined by one space.
        speaker: the fullest name the first source gives the speaker (a person or an
            organisation), or the noun phrase it uses for an unnamed one ("a rebel source").
        sources: ids of the articles reporting it, first source first.
        parts: where each source has it: the quoted parts, each lying in its article.
        cue: how the speaker was found in the first source ("said", "he added", ...).
        entity: the id of the speaker's entity in ``Facts.entities``, when one matched.
        kind: ``direct`` (a spoken sentence or more), ``partial`` (an attributed fragment
            inside the writer's sentence), ``multi`` (over several paragraphs) or
            ``statement`` (written: a statement, tweet, post, filing, report). Titles,
            terms and names in quote marks are not quotes and are not reported.
    """

    text: str
    speaker: str
    sources: tuple[str, ...]
    parts: tuple[Span, ...] = ()
    cue: str = ""
    entity: str | None = None
    kind: str = "direct"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "sources": list(self.sources),
            "parts": [p.to_dict() for p in self.parts],
            "cue": self.cue,
            "entity": self.entity,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        data = dict(data)
        parts = tuple(Span.from_dict(p) for p in data.pop("parts", []) or [])
        return replace(_from_dict(cls, data), parts=parts)


@dataclass(frozen=True)
class Figure:
    """A numeric statement of one article.

    Attributes:
        value: the number (``low`` and ``high`` hold a range; for a single number both
            equal ``value``); ``number`` is the text it was read from, lying in ``sentence``.
        qualifier: "at least", "more than", "about", ... or ``""``.
        unit: ``"count"``, ``"percent"``, or a currency code (``"USD"``, ``"EUR"``, ...).
        counted: what is counted ("civilians killed").
        kind: the event class ("killed", "injured", "displaced", ...) or ``""``.
        where, when: the scope as written ("eastern Aleppo"; "since September 19").
        since, until: the time scope resolved to ISO dates, when it could be.
        attributed_to: the source the article gives for it.
        group: id of the group of figures about the same quantity across articles.
    """

    value: float
    number: str
    sentence: str
    article: str
    start: int = 0
    end: int = 0
    low: float | None = None
    high: float | None = None
    qualifier: str = ""
    unit: str = "count"
    counted: str = ""
    kind: str = ""
    where: str = ""
    when: str = ""
    since: str | None = None
    until: str | None = None
    attributed_to: str | None = None
    group: str | None = None

    @property
    def scope(self) -> str:
        return ", ".join(p for p in (self.where, self.when) if p)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        value = self.value
        data["value"] = int(value) if float(value).is_integer() else value
        data["scope"] = self.scope
        return _span_out(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        data = _span_in(data)
        data.pop("scope", None)
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Disagreement:
    """Figures of one group that differ: in value for the same scope, or in scope.

    Attributes:
        group: the figure group.
        kind: ``"values"`` (same scope, different values) or ``"scope"`` (the figures
            count over different places, periods or things, so they are not comparable
            as they stand).
        figures: indexes into ``Facts.figures``.
        note: a sentence saying how they differ.
    """

    group: str
    kind: str
    figures: tuple[int, ...]
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "kind": self.kind, "figures": list(self.figures),
                "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Disagreement:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Event:
    """A dated event: a sentence with a date expression resolved against an anchor.

    Attributes:
        date: ISO date of the start (``YYYY-MM-DD``; ``YYYY-MM`` or ``YYYY`` when only
            the month or year is known); ``end`` for a period.
        precision: ``"day"``, ``"week"``, ``"month"`` or ``"year"``.
        inferred: true when the date rests on an inferred publication date or on a
            guessed year, not on the text alone.
        phrase: the date expression as written; ``anchor`` the date it was resolved
            against (the article's publication date, given or inferred).
        event: the sentence that carries it.
    """

    date: str
    phrase: str
    event: str
    article: str
    anchor: str | None = None
    precision: str = "day"
    end: str | None = None
    inferred: bool = False
    start: int = 0
    stop: int = 0

    def to_dict(self) -> dict[str, Any]:
        return _span_out(asdict(self), "start", "stop")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return _from_dict(cls, _span_in(data, "start", "stop"))


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place, merged across articles.

    ``mentions`` maps an article id to how often it names the entity, ``outlets`` the
    same summed by outlet; ``forms`` are the names used for it, fullest first.
    """

    id: str
    name: str
    label: str
    forms: tuple[str, ...] = ()
    mentions: dict[str, int] = field(default_factory=dict, compare=False)
    outlets: dict[str, int] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "label": self.label,
                "forms": list(self.forms), "mentions": dict(self.mentions),
                "outlets": dict(self.outlets)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Facts:
    """Everything ``storyweave.facts.extract`` finds; ``to_dict()`` is ``storyweave.facts/1``.

    ``articles`` are dictionaries with ``id, title, outlet, published,
    published_inferred, published_evidence, path, url``; ``framing`` and ``coverage``
    are plain dictionaries documented in docs/facts.md.
    """

    articles: tuple[dict[str, Any], ...]
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    timeline: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] = ()
    framing: dict[str, Any] = field(default_factory=dict, compare=False)
    coverage: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": FACTS_SCHEMA,
            "articles": [dict(a) for a in self.articles],
            "quotes": [q.to_dict() for q in self.quotes],
            "figures": [f.to_dict() for f in self.figures],
            "disagreements": [d.to_dict() for d in self.disagreements],
            "timeline": [e.to_dict() for e in self.timeline],
            "entities": [e.to_dict() for e in self.entities],
            "framing": self.framing,
            "coverage": self.coverage,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Facts:
        return cls(
            articles=tuple(dict(a) for a in data.get("articles", [])),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", [])),
            figures=tuple(Figure.from_dict(f) for f in data.get("figures", [])),
            disagreements=tuple(Disagreement.from_dict(d) for d in data.get("disagreements", [])),
            timeline=tuple(Event.from_dict(e) for e in data.get("timeline", [])),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", [])),
            framing=data.get("framing", {}),
            coverage=data.get("coverage", {}),
        )


CHECK_SCHEMA = "storyweave.check/1"

#: What an article says of a claim.
VERDICTS = ("reports", "disputes", "absent")


@dataclass(frozen=True)
class Verdict:
    """One article's judgement of a claim: ``reports``, ``disputes`` or ``absent``.

    Attributes:
        article: the article's id.
        label: one of ``VERDICTS``.
        score: the judge's probability for that label's decision (related, or disputes).
        evidence: for ``reports`` / ``disputes``, the article's sentence(s) that show it,
            as spans into the article's clean text; empty for ``absent``.
        source: the number of the independent source the article belongs to (copies and
            reprints share one), an index into ``ClaimCheck.sources``.
    """

    article: str
    label: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    source: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "label": self.label,
            "score": round(float(self.score), 4),
            "source": self.source,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        data = dict(data)
        evidence = tuple(Evidence.from_dict(e) for e in data.pop("evidence", []) or [])
        return replace(_from_dict(cls, data), evidence=evidence)


@dataclass(frozen=True)
class ClaimCheck:
    """Who reports a claim, who disputes it, who does not say it; with evidence.

    ``sources`` groups article ids into independent sources (a copy or a syndicated
    reprint joins the source it copies); "reported by N independent sources (M outlets)"
    counts the groups and the articles among the reporting ones.
    """

    claim: str
    articles: tuple[Article, ...]
    verdicts: tuple[Verdict, ...]
    sources: tuple[tuple[str, ...], ...] = ()
    skipped: tuple[Skip, ...] = ()
    warnings: tuple[str, ...] = ()

    def with_label(self, label: str) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.label == label)

    def tally(self, label: str) -> tuple[int, int]:
        """(independent sources, outlets) among the articles with ``label``."""
        verdicts = self.with_label(label)
        return len({v.source for v in verdicts}), len(verdicts)

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    def to_dict(self) -> dict[str, Any]:
        counts = {}
        for label in ("reports", "disputes"):
            n, m = self.tally(label)
            counts[label] = {"sources": n, "outlets": m}
        counts["absent"] = {"outlets": len(self.with_label("absent"))}
        return {
            "schema": CHECK_SCHEMA,
            "claim": self.claim,
            "counts": counts,
            "articles": [_without_dropped(a.to_dict()) for a in self.articles],
            "verdicts": [v.to_dict() for v in self.verdicts],
            "sources": [list(g) for g in self.sources],
            "skipped": [s.to_dict() for s in self.skipped],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClaimCheck:
        return cls(
            claim=data["claim"],
            articles=tuple(Article.from_dict(a) for a in data.get("articles", [])),
            verdicts=tuple(Verdict.from_dict(v) for v in data.get("verdicts", [])),
            sources=tuple(tuple(g) for g in data.get("sources", [])),
            skipped=tuple(Skip.from_dict(s) for s in data.get("skipped", [])),
            warnings=tuple(data.get("warnings", [])),
        )
