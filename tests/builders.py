"""An article from its paragraphs, for tests that need only text (and a few metadata)."""

from __future__ import annotations

from storyweave.records import Article, content_id


def article(*paragraphs: str, path: str | None = None, outlet: str | None = None,
            published: str | None = None, title: str | None = None) -> Article:
    """An ``Article`` whose id is the content id of its text, as the cleaner gives."""
    return Article(id=content_id("\n".join(paragraphs)), paragraphs=tuple(paragraphs),
                   path=path, outlet=outlet, published=published, title=title)
