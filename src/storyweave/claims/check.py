"""``storyweave.check``: one claim against every article of a story.

Reads and cleans the inputs (files, directories, or articles already clean, from a store),
asks the judge for each article's verdict, and folds copies and reprints into independent
sources, so that "reported by N independent sources (M outlets)" counts a wire story once.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import IO, Any

from ..config import Config
from ..errors import UsageError
from ..records import Article, ClaimCheck, Skip, Verdict, normalize
from . import sources as S
from .judge import DISPUTES, REPORTS, judge

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
#: Share of a claim's lower-case words (names left out) that must be English words.
#: English claims typed for the samples and the labels reach 0.8 or more; Spanish,
#: French or German sentences of the same length stay under 0.5.
ENGLISH_SHARE = 0.6


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    data = resources.files("storyweave.corpus").joinpath("data/wordfreq_en.tsv.gz").read_bytes()
    return frozenset(line.split("\t", 1)[0] for line in gzip.decompress(data).decode("utf-8").splitlines())


def validate_claim(claim: Any) -> str:
    """The claim, normalised; a ``UsageError`` naming the problem when it cannot be checked.

    Raises:
        UsageError: not a string, empty, one word, or not English.
    """
    if not isinstance(claim, str):
        raise UsageError(f"`claim` must be a string, got {type(claim).__name__}")
    text = normalize(claim)
    words = _WORDS.findall(text)
    if not words:
        raise UsageError("the claim is empty: give the sentence to check, e.g. "
                         '"At least 290 people were killed"')
    if len(words) < 2:
        raise UsageError(f"the claim {text!r} is one word: give a sentence that states a fact "
                         '(who did what, how many), e.g. "At least 290 people were killed"')
    lower = [w for k, w in enumerate(words) if (k == 0 or not w[0].isupper()) and not w.isdigit()]
    if len(lower) >= 2:
        english = _english_words()
        share = sum(w.lower() in english for w in lower) / len(lower)
        if share < ENGLISH_SHARE:
            raise UsageError(f"the claim {text[:60]!r} does not look like English "
                             f"({share:.0%} English words): storyweave checks English claims only")
    return text


def check_articles(
    claim: str,
    articles: Sequence[Article],
    *,
    skipped: Sequence[Skip] = (),
) -> ClaimCheck:
    """Judge ``claim`` against already-clean articles (from files or a corpus store)."""
    from .. import nlp

    text = validate_claim(claim)
    if not articles:
        raise UsageError("no article to check the claim against")
    sentences = [nlp.sentences(a) for a in articles]
    groups = S.groups(articles)
    source_of = {art_id: n for n, group in enumerate(groups) for art_id in group}
    verdicts = []
    for j in judge(text, articles, sentences):
        score = j.disputes if j.label == DISPUTES else j.reports if j.label == REPORTS else j.related
        verdicts.append(Verdict(j.article, j.label, score, j.evidence, source_of[j.article]))
    warnings = [f"{s.path}: skipped: {s.reason}" for s in skipped]
    if len(articles) == 1:
        warnings.append("only one article: nothing else can report or dispute the claim")
    return ClaimCheck(claim=text, articles=tuple(articles), verdicts=tuple(verdicts),
                      sources=tuple(groups), skipped=tuple(skipped), warnings=tuple(warnings))


def check(
    claim: str,
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    config: Config | None = None,
    stdin: IO[Any] | None = None,
) -> ClaimCheck:
    """Which articles of ``inputs`` report ``claim``, which dispute it, with evidence.

    Args:
        claim: any English sentence stating a fact (typed, or taken from an article).
        inputs: files, directories, or ``"-"`` for standard input.
        config: reading and cleaning settings (``Config``).

    Returns:
        A ``ClaimCheck``: one ``Verdict`` per article (``reports`` / ``disputes`` /
        ``absent``, evidence spans into its clean text) and the independent sources.

    Raises:
        UsageError: an empty, one-word or non-English claim; a missing path.
        DataError: no usable article in the inputs.
    """
    from ..pipeline import read_articles

    text = validate_claim(claim)  # fail before reading anything
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    articles, skipped = read_articles(inputs, config, stdin=stdin)
    return check_articles(text, articles, skipped=skipped)


def tally_line(result: ClaimCheck, label: str = REPORTS) -> str:
    """"reported by 3 independent sources (4 outlets)" (or "disputed by ...")."""
    n, m = result.tally(label)
    verb = "reported" if label == REPORTS else "disputed"
    return (f"{verb} by {n} independent source{'s' if n != 1 else ''} "
            f"({m} outlet{'s' if m != 1 else ''})")


def story_articles(db_path: str | os.PathLike[str], story_id: str) -> list[Article]:
    """The articles of one story of a corpus store (for ``check --db STORE --story ID``).

    Raises:
        UsageError: no such store, or no story with that id.
        StoreError: the store cannot be opened.
    """
    from ..corpus import Store

    path = os.fspath(db_path)
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such store (create it with `storyweave ingest PATH... --db {path}`)")
    with Store(path, readonly=True) as store:
        try:
            return store.story_articles(story_id)
        except KeyError:
            raise UsageError(f"{path}: no story {story_id!r} "
                             f"(list them with `storyweave stories --db {path}`)") from None
