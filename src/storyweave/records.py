"""The typed records that flow between storyweave's stages.

Every stage is a function from records to records (ingest -> RawDocument,
clean -> Article, nlp -> Sentence, summarize -> Brief, facts -> Facts). All are
frozen dataclasses with ``to_dict()`` / ``from_dict()``; every output (JSON,
Markdown, HTML, the web pages) is rendered from ``to_dict()``.
"""

from __future__ import annotations

import hashlib
import unicodedata
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
        return f"{self.path}: {self.reason}"


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
        """A short human name: outlet, else title, else path, else id."""
        return self.outlet or self.title or self.path or self.id

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
        return {
            "article": self.article,
            "span": [self.start, self.end],
            "text": self.text,
            "similarity": round(float(self.similarity), 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        data = dict(data)
        span = data.pop("span", None)
        if span:
            data["start"], data["end"] = span
        return _from_dict(cls, data)


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
    """

    text: str
    article: str
    sources: tuple[str, ...]
    start: int = 0
    end: int = 0
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "article": self.article,
            "sources": list(self.sources),
            "span": [self.start, self.end],
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummarySentence:
        data = dict(data)
        span = data.pop("span", None)
        if span:
            data["start"], data["end"] = span
        evidence = tuple(Evidence.from_dict(e) for e in data.pop("evidence", []) or [])
        return replace(_from_dict(cls, data), evidence=evidence)


@dataclass(frozen=True)
class Brief:
    """A story's brief: its articles and a cited extractive summary.

    ``facts`` holds the ``storyweave.facts/1`` dictionary when facts were asked for.
    """

    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...]
    words: int = 250
    method: str = "storyweave"
    skipped: tuple[Skip, ...] = ()
    warnings: tuple[str, ...] = ()
    facts: dict[str, Any] | None = field(default=None, compare=False)

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
        }
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
        )


@dataclass(frozen=True)
class Story:
    """One event of a corpus store: the articles that report it, grouped by ``storyweave.corpus``.

    Attributes:
        id: stable: ``s`` + the id of the story's founding article (kept when the story grows).
        headline: the title of its most carried article (or the first words of its text).
        size: how many distinct articles (duplicates folded) it holds.
        outlets: every outlet that carried one of its articles, sorted.
        first_date, last_date: the range of its articles' publication dates, when known.
        article_ids: its articles, in order of (publication date, id).
        urls: every url its articles came from; ``paths`` every path (file, ``file.jsonl:3``).
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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("outlets", "article_ids", "urls", "paths"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        return _from_dict(cls, data)
