"""The main job, stage after stage: ingest -> clean -> summarize (-> facts) -> Brief.

Each stage lives in its own module; this one only runs them in order and turns
"nothing usable" into a ``DataError`` whose message says why each input failed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import IO, Any

from .budget import read_in_part
from .config import Config
from .errors import DataError, UsageError
from .records import Article, Brief, RawDocument, Skip


def clean_documents(
    documents: Iterable[RawDocument | Skip], config: Config
) -> tuple[list[Article], list[Skip]]:
    """Clean every document by the skip rules ``ingest`` applies too
    (``clean.clean_document``); identical articles (same content id) are kept once."""
    from .clean import clean_document

    articles: list[Article] = []
    skipped: list[Skip] = []
    seen: dict[str, Article] = {}
    for doc in documents:
        result = clean_document(doc, config)
        if isinstance(result, Skip):
            skipped.append(result)
        elif result.id in seen:
            first = seen[result.id]
            skipped.append(Skip(result.path or "?", f"duplicate of {first.path or first.id}"))
        else:
            seen[result.id] = result
            articles.append(result)
    return articles, skipped


def read_articles(
    inputs: Sequence[str | os.PathLike[str]],
    config: Config | None = None,
    *,
    stdin: IO[Any] | None = None,
) -> tuple[list[Article], list[Skip]]:
    """Read and clean ``inputs`` (paths, directories or ``-``).

    Raises:
        UsageError: a path does not exist.
        DataError: no article survived reading and cleaning.
    """
    from .ingest import iter_documents

    config = config or Config()
    documents = iter_documents(inputs, stdin=stdin, max_file_mb=config.max_file_mb)
    articles, skipped = clean_documents(documents, config)
    if not articles:
        raise DataError(_nothing_usable(inputs, skipped))
    return articles, skipped


def brief_articles(
    articles: Sequence[Article],
    config: Config | None = None,
    *,
    skipped: Sequence[Skip] = (),
    earlier: Sequence[Article] | Brief | None = None,
    notes: Sequence[str] = (),
) -> Brief:
    """Summarise already-clean articles (from files or from the corpus store);
    ``notes`` are warnings the caller adds to the brief's own.

    ``earlier`` (articles, or a saved ``Brief``) or ``config.since`` (a date: the
    articles published after it against those before) make it an update brief
    (``summarize.update``): what the reader has seen is left out.
    """
    from .summarize import summarize
    from .summarize.update import updating

    config = config or Config()
    if not articles:
        raise DataError("no article to summarise")
    articles, seen, since, update_notes = updating(articles, config, earlier)
    warnings = [f"{s.path}: skipped: {s.reason}" for s in skipped]
    warnings.extend(notes)
    warnings.extend(update_notes)
    if len(articles) == 1:
        warnings.append(
            f"only one article ({articles[0].path or articles[0].id}): the brief summarises it "
            "alone, so no sentence can be corroborated by another source"
        )
    summary = summarize(list(articles), config, earlier=seen, notices=warnings)
    cut = read_in_part(articles, config.read_words)
    if cut:
        warnings.append(cut)
    facts = None
    if config.facts:
        from .facts import extract

        facts = extract(list(articles), summary=summary, config=config).to_dict()
    return Brief(
        articles=tuple(articles),
        summary=tuple(summary),
        words=config.words,
        method=config.method,
        skipped=tuple(skipped),
        warnings=tuple(warnings),
        facts=facts,
        query=config.query,
        mode="update" if since is not None else "query" if config.query else "generic",
        since=since,
    )


def brief(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    words: int | None = None,
    *,
    config: Config | None = None,
    stdin: IO[Any] | None = None,
    since_articles: Sequence[str | os.PathLike[str]] | None = None,
    since_brief: str | os.PathLike[str] | Brief | None = None,
    **settings: Any,
) -> Brief:
    """A cited multi-document brief of the articles in ``inputs``.

    Args:
        inputs: files, directories, or ``"-"`` for standard input (a single path is fine).
        words: the word budget (default 250, or ``config.words``); whole sentences are
            added while the total fits.
        config: a full ``Config``; keyword ``settings`` override its fields.
        stdin: the stream ``"-"`` reads (default: ``sys.stdin``).
        since_articles: an update brief: what ``inputs`` add to these earlier articles.
        since_brief: an update brief: what ``inputs`` add to this saved brief (a
            ``--format json`` file, or a ``Brief``); its sentences are what was seen.
        settings: ``query="..."`` for a brief that answers a question, ``since=DATE``
            for an update brief of what was published after the date.

    Returns:
        A ``Brief``: the clean articles, the summary sentences with their sources,
        what was skipped and why.

    Raises:
        UsageError: a bad setting or a missing path.
        DataError: no usable article in the inputs.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    config = (config or Config()).with_(words=words, **settings)
    earlier: Sequence[Article] | Brief | None = None
    if since_articles is not None and since_brief is not None:
        raise UsageError("give the earlier articles or the earlier brief, not both")
    if since_brief is not None:
        from .summarize.update import load_brief

        earlier = since_brief if isinstance(since_brief, Brief) else load_brief(since_brief)
    articles, skipped = read_articles(inputs, config, stdin=stdin)
    from .corpus.mixture import stories_of

    mix = stories_of(articles)
    if since_articles is not None:
        earlier, old_skipped = read_articles(list(since_articles), config)
        skipped = [*skipped, *old_skipped]
    return brief_articles(articles, config, skipped=skipped, earlier=earlier,
                          notes=[mix.message()] if mix.several else [])


def facts(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    config: Config | None = None,
) -> Any:
    """Quotes, figures, timeline, entities and framing of the articles in ``inputs``
    (``storyweave.facts.Facts``), read and cleaned by the same rules as ``brief``.

    Raises:
        UsageError: a missing path.
        DataError: no usable article in the inputs.
    """
    from .facts import extract

    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    articles, _ = read_articles(inputs, config)
    return extract(articles, config=config)


def _nothing_usable(inputs: Sequence[Any], skipped: Sequence[Skip]) -> str:
    from .display import shown

    names = ", ".join(shown(os.fsdecode(i)) for i in inputs) or "(no input)"
    if not skipped:
        return f"{names}: no article found"
    if len(skipped) == 1:
        return str(skipped[0])
    reasons = "; ".join(str(s) for s in skipped[:3])
    more = f"; and {len(skipped) - 3} more" if len(skipped) > 3 else ""
    return f"{names}: no usable article ({reasons}{more})"
