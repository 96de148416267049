"""One validated configuration for every stage, nested by stage, with documented defaults.

``Config`` holds the run's settings (budget, method, skip rules...) and, one field per
stage that has its own tuning, that stage's settings: ``Config.cluster`` (story
clustering, ``corpus.cluster.Settings``) and ``Config.summarize`` (the storyweave
summariser's constants, ``summarize.storyweave.Params``). Each validates itself; the
stage modules keep the measured defaults beside the code they tune.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from .budget import READ_WORDS
from .errors import ConfigError
from .limits import MAX_FILE_MB

#: Output formats every command that renders a brief understands.
FORMATS = ("text", "markdown", "json", "html", "jsonl", "csv")


@dataclass(frozen=True)
class Config:
    """Settings for a run. Build with ``Config(**kwargs)`` or ``Config.from_kwargs``.

    Attributes:
        words: word budget of a brief; whole sentences are added while the total fits.
        method: the summarizer, by registered name (see ``storyweave.summarize.summarizers``).
        facts: whether ``brief()`` also extracts quotes, figures, timeline, entities, framing.
        corroboration: support (``summarize.attribution.support``: the mean of the
            all-MiniLM-L6-v2 cosine and, counted twice, the TF-IDF cosine of content
            words) at which another article's sentence counts as reporting the same
            content as a summary sentence.
        seed: seeds every random step (the random baseline, bootstrap intervals).
        min_article_words: an article with fewer clean words than this is skipped
            as "no article text left after cleaning".
        read_words: a story of more words than this is read in part by the brief and
            the facts: each article from its start, up to one share (``storyweave.budget``).
        max_file_mb: an input file read whole (text, HTML, JSON, feed), a JSON line or
            a WARC record over this many megabytes is skipped with a warning (default
            50; ``storyweave.limits`` says why). The CLI flag is ``--max-file-mb``.
        query: a question (a few words or a paragraph): the brief prefers the sentences
            that answer it (``summarize.query``); ``None`` for the generic brief.
        since: an ISO 8601 date (``YYYY-MM-DD``): an update brief of what the articles
            published after it add to those published before (``summarize.update``).
        any_language: keep articles that are not English text (by default ``brief``,
            ``facts`` and ``ingest`` skip them as "not English text": every later stage
            reads English; see ``clean.accept``).
        cluster: how ``ingest`` forms stories (``corpus.cluster.Settings``: link, join,
            embed); a dict of those fields is accepted.
        summarize: the storyweave summariser's constants (``summarize.storyweave.Params``);
            a dict of those fields is accepted.
    """

    words: int = 250
    method: str = "storyweave"
    facts: bool = False
    # Chosen against 337 hand-labelled pairs (benchmarks/bench_attribution.py), leaning
    # to precision: a citation the reader follows must hold. On 288 pairs labelled
    # afterwards and used for nothing else: precision 0.72, recall 0.44, against 0.72
    # and 0.22 for the MiniLM cosine alone at 0.72 (the rule before).
    corroboration: float = 0.37
    seed: int = 0
    min_article_words: int = 20
    read_words: int = READ_WORDS
    max_file_mb: float = MAX_FILE_MB
    query: str | None = None
    since: str | None = None
    any_language: bool = False
    cluster: Any = field(default_factory=lambda: _stage("cluster")())
    summarize: Any = field(default_factory=lambda: _stage("summarize")())

    def __post_init__(self) -> None:
        for name in _STAGES:
            value = getattr(self, name)
            kind = _stage(name)
            if isinstance(value, dict):
                try:
                    value = kind(**value)
                except TypeError:
                    valid = ", ".join(f.name for f in fields(kind))
                    raise ConfigError(
                        f"`{name}` takes {valid}; got {', '.join(sorted(value))}"
                    ) from None
                object.__setattr__(self, name, value)
            elif not isinstance(value, kind):
                raise ConfigError(f"`{name}` must be a {kind.__module__}.{kind.__name__}, got {value!r}")
        if self.query is not None and (not isinstance(self.query, str) or not self.query.strip()):
            raise ConfigError(f"`query` must be a non-empty text, got {self.query!r}")
        if self.since is not None:
            _iso_date("since", self.since)
        _positive_int("words", self.words)
        _positive_int("min_article_words", self.min_article_words, allow_zero=True)
        _positive_int("read_words", self.read_words)
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise ConfigError(f"`seed` must be an integer, got {self.seed!r}")
        if not isinstance(self.corroboration, (int, float)) or not 0.0 < self.corroboration <= 1.0:
            raise ConfigError(
                f"`corroboration` must be a number in (0, 1], got {self.corroboration!r}"
            )
        if (not isinstance(self.max_file_mb, (int, float)) or isinstance(self.max_file_mb, bool)
                or not self.max_file_mb > 0):
            raise ConfigError(f"`max_file_mb` must be a positive number, got {self.max_file_mb!r}")
        if not isinstance(self.any_language, bool):
            raise ConfigError(f"`any_language` must be true or false, got {self.any_language!r}")
        if not isinstance(self.method, str) or not self.method:
            raise ConfigError(f"`method` must be a summarizer name, got {self.method!r}")

    @classmethod
    def from_kwargs(cls, **kwargs: Any) -> Config:
        """Build from keyword arguments, ignoring ``None`` values; unknown names fail."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(kwargs) - names)
        if unknown:
            raise ConfigError(
                f"unknown setting {unknown[0]!r}; valid settings: {', '.join(sorted(names))}"
            )
        return cls(**{k: v for k, v in kwargs.items() if v is not None})

    def with_(self, **kwargs: Any) -> Config:
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})


def _positive_int(name: str, value: Any, allow_zero: bool = False) -> None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    ok = ok and (value >= 0 if allow_zero else value > 0)
    if not ok:
        kind = "a non-negative integer" if allow_zero else "a positive integer"
        raise ConfigError(f"`{name}` must be {kind}, got {value!r}")


#: The stages with settings of their own: Config field -> (module, class).
_STAGES = {
    "cluster": ("storyweave.corpus.cluster", "Settings"),
    "summarize": ("storyweave.summarize.storyweave", "Params"),
}


def _stage(name: str) -> Any:
    """The settings class of a stage (imported when first needed: the stage modules
    import this one)."""
    import importlib

    module, cls = _STAGES[name]
    return getattr(importlib.import_module(module), cls)


def check_numbers(owner: str, obj: Any) -> None:
    """Every float field of a settings dataclass is a finite number >= 0, every int field
    a positive integer, every bool field a bool (messages name ``owner.field``)."""
    import math

    assert is_dataclass(obj)
    for f in fields(obj):
        value = getattr(obj, f.name)
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", "")
        if kind == "bool":
            ok, want = isinstance(value, bool), "true or false"
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
            want = "a positive integer"
        else:
            ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
                  and math.isfinite(value) and value >= 0)
            want = "a number >= 0"
        if not ok:
            raise ConfigError(f"`{owner}.{f.name}` must be {want}, got {value!r}")


def _iso_date(name: str, value: Any) -> None:
    from datetime import date, datetime

    # A date, or a whole ISO 8601 date-time (only its date is used): a date followed by
    # anything else ("2016-10-01T25:00", "2016-10-01junk") is refused, not cut to its date.
    # (Python 3.11 also reads "20161001" and "2016-W40-1"; the dates are compared as text.)
    ok = isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) is not None
    if ok:
        try:
            (date.fromisoformat if len(value) == 10 else datetime.fromisoformat)(value)
        except ValueError:
            ok = False
    if not ok:
        raise ConfigError(f"`{name}` must be a date as YYYY-MM-DD, got {value!r}")
