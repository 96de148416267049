"""storyweave: make sense of one news story told by many outlets.

    >>> import storyweave
    >>> result = storyweave.brief("examples/aleppo-2016/", words=120)
    >>> result.summary[0].sources      # every article that reports the sentence

The public API: ``brief()`` (files in, a cited ``Brief`` out), ``check()`` (one claim:
which articles report it, which dispute it), ``facts()`` (quotes,
figures, timeline, entities, framing), ``read_articles()`` (ingest and clean only),
``Config`` and the records. Heavy models load on first use.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .config import Config
from .errors import DataError, StoryweaveError, UsageError
from .records import Article, Brief, Evidence, RawDocument, Sentence, Skip, SummarySentence

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Brief",
    "Config",
    "DataError",
    "Evidence",
    "RawDocument",
    "Sentence",
    "Skip",
    "StoryweaveError",
    "SummarySentence",
    "UsageError",
    "__version__",
    "brief",
    "check",
    "facts",
    "read_articles",
]


def brief(inputs: Any, words: int | None = None, **settings: Any) -> Brief:
    """A cited multi-document brief; see ``storyweave.pipeline.brief``."""
    from .pipeline import brief as _brief

    return _brief(inputs, words, **settings)


def check(claim: str, inputs: Any, **kwargs: Any) -> Any:
    """Which articles report ``claim``, which dispute it; see ``storyweave.claims.check``."""
    from .claims.check import check as _check

    return _check(claim, inputs, **kwargs)


def read_articles(inputs: Sequence[str | os.PathLike[str]], config: Config | None = None) -> Any:
    """Read and clean inputs into ``(articles, skipped)``; see ``storyweave.pipeline``."""
    from .pipeline import read_articles as _read

    return _read(inputs, config)


def facts(inputs: Sequence[str | os.PathLike[str]] | str, config: Config | None = None) -> Any:
    """Quotes, figures, timeline, entities and framing; see ``storyweave.pipeline.facts``."""
    from .pipeline import facts as _facts

    return _facts(inputs, config)
