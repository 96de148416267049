"""Extractive multi-document summaries with corroboration, behind a registry of methods.

    >>> from storyweave.summarize import summarize, summarizers
    >>> sorted(summarizers)
    ['lead', 'lexrank', 'lsa', 'query-tfidf', 'random', 'storyweave', 'textrank']

Every method ranks the sentences of a ``Cluster`` (``base.Ranker``); the shared budget
rule (``base.select``), the reading order (``base.order_output``) and attribution
(``attribution.attribute``) are the same for all of them.
"""

from __future__ import annotations

from .attribution import attribute
from .base import Cluster, select
from .registry import extract, get, summarize, summarizers

__all__ = ["Cluster", "attribute", "extract", "get", "select", "summarize", "summarizers"]
