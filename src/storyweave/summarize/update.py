"""Update briefs: what the new articles add to what the reader has already seen.

The reader has seen some earlier content: earlier articles (``--since-articles``, or a
story's articles published up to a date, ``--since``), or the sentences of a brief they
saved (``--since-brief``). The update brief ranks the new articles' sentences with the
usual method (the generic one, or the query-focused one when there is a query), then
drops every chosen sentence that *repeats* earlier content and ranks again without it,
until the brief is made of sentences that are new to the reader.

"Repeats" is judged by ``repeated``, the union of two tests: ``repeats``, the rule
attribution uses to decide that another article reports a summary sentence
(``attribution.support`` at ``config.corroboration``, over the few earlier sentences
that share the most content words), so the two never disagree about "the same
content"; and ``claim_repeats``, the claim check (some earlier article ``reports`` the
sentence, by the judge of ``storyweave.check``), the test the issue's target is
measured by.

A repeated sentence whose figure changed ("at least 300 people" then "at least 350
people") is news, not a repeat: it is kept, and its ``SummarySentence.update_of`` holds
the earlier figure as written, rendered "update: was at least 300".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from ..config import Config
from ..errors import DataError, UsageError
from ..records import BRIEF_SCHEMA, Article, Brief, Sentence, SummarySentence, normalize
from . import lexical
from .attribution import CANDIDATES_PER_ARTICLE, MIN_LEXICAL, support
from .base import Cluster, select

#: Rounds of rank -> drop repeats -> rank again. On the 20 update splits of
#: benchmarks/data/update_dev.jsonl the brief was free of repeats after 1 to 5 rankings
#: (median 2.5); past the last round, its repeats are dropped without a re-rank (the
#: brief is then shorter).
MAX_ROUNDS = 6


def earlier_sentences(articles: Sequence[Article]) -> list[Sentence]:
    """The sentences of the earlier articles, by the shared splitter."""
    from .. import nlp

    return [s for a in articles for s in nlp.sentences(a)]


def seen_in_brief(brief: Brief) -> list[Sentence]:
    """The sentences a reader saw in a saved brief: its summary sentences."""
    return [
        Sentence(s.article, k, s.start, s.end, s.text) for k, s in enumerate(brief.summary)
    ]


def repeats(
    candidates: Sequence[str], earlier: Sequence[Sentence], config: Config
) -> dict[int, tuple[float, int]]:
    """Which candidate sentences repeat earlier content, and the earlier sentence they repeat.

    Returns ``{candidate index: (support, index into earlier)}`` for every candidate whose
    best earlier sentence reaches ``config.corroboration`` by ``attribution.support``:
    per earlier article, the ``CANDIDATES_PER_ARTICLE`` sentences with the highest TF-IDF
    cosine (at least ``MIN_LEXICAL``) are embedded and scored; an identical sentence
    (normalised) is a repeat at support 1.
    """
    if not candidates or not earlier:
        return {}
    stems = [lexical.content_stems(t) for t in candidates] + [
        lexical.content_stems(s.text) for s in earlier
    ]
    vectors = lexical.tfidf_vectors(stems)
    cand_vec, old_vec = vectors[: len(candidates)], vectors[len(candidates) :]
    old_keys = {normalize(s.text).lower(): j for j, s in enumerate(earlier)}
    by_article: dict[str, list[int]] = {}
    for j, s in enumerate(earlier):
        by_article.setdefault(s.article, []).append(j)

    out: dict[int, tuple[float, int]] = {}
    pairs: dict[int, list[tuple[float, int]]] = {}
    for i, text in enumerate(candidates):
        same = old_keys.get(normalize(text).lower())
        if same is not None:
            out[i] = (1.0, same)
            continue
        for members in by_article.values():
            scored = [(lexical.cosine(cand_vec[i], old_vec[j]), j) for j in members]
            scored = sorted((t for t in scored if t[0] >= MIN_LEXICAL), key=lambda t: (-t[0], t[1]))
            pairs.setdefault(i, []).extend(scored[:CANDIDATES_PER_ARTICLE])
    needed_old = sorted({j for js in pairs.values() for _, j in js})
    needed_new = sorted(i for i, js in pairs.items() if js)
    if not needed_old:
        return out
    from .. import nlp

    matrix = nlp.embedder().encode(
        [candidates[i] for i in needed_new] + [earlier[j].text for j in needed_old]
    )
    new_emb = {i: matrix[k] for k, i in enumerate(needed_new)}
    old_emb = {j: matrix[len(needed_new) + k] for k, j in enumerate(needed_old)}
    for i, js in pairs.items():
        best: tuple[float, int] | None = None
        for lexical_cosine, j in js:
            sim = support(float(np.dot(new_emb[i], old_emb[j])), lexical_cosine)
            if best is None or sim > best[0]:
                best = (sim, j)
        if best is not None and best[0] >= config.corroboration:
            out[i] = best
    return out


def claim_repeats(
    candidates: Sequence[str], earlier: Sequence[Sentence], *, model: dict | None = None
) -> dict[int, tuple[float, int]]:
    """Which candidate sentences repeat earlier content by the claim check's ``reports``.

    Each candidate is judged as a claim (``claims.judge.judge``, the shipped model and
    MiniLM, as ``storyweave.check`` does) against every earlier article, rebuilt from
    its sentences in ``earlier`` (the judge reads only the sentences, so articles split
    by ``earlier_sentences`` are judged as they are; a saved brief's sentences form one
    article per cited article). It repeats when some earlier article ``reports`` it.

    Returns ``{candidate index: (related probability, index into earlier)}``: the
    reporting article with the highest related probability, and its aligned sentence.
    """
    if not candidates or not earlier:
        return {}
    from ..claims.judge import REPORTS, judge

    groups: dict[str, list[int]] = {}
    for j, s in enumerate(earlier):
        groups.setdefault(s.article, []).append(j)
    articles, sentences = [], []
    for art_id, members in groups.items():
        sents, pos = [], 0
        for k, j in enumerate(members):
            text = earlier[j].text
            sents.append(Sentence(art_id, k, pos, pos + len(text), text, k))
            pos += len(text) + 1
        articles.append(Article(art_id, tuple(earlier[j].text for j in members)))
        sentences.append(sents)
    index = {(a.id, k): j for a, members in zip(articles, groups.values(), strict=True)
             for k, j in enumerate(members)}
    out: dict[int, tuple[float, int]] = {}
    for i, text in enumerate(candidates):
        best: tuple[float, int] | None = None
        for a, sents, v in zip(articles, sentences, judge(text, articles, sentences, model=model), strict=True):
            if v.label == REPORTS and (best is None or v.related > best[0]):
                k = next(n for n, s in enumerate(sents) if s.start == v.evidence[0].start)
                best = (v.related, index[(a.id, k)])
        if best is not None:
            out[i] = best
    return out


def repeated(
    candidates: Sequence[str], earlier: Sequence[Sentence], config: Config
) -> dict[int, tuple[float, int]]:
    """The update brief's repeat test: a candidate repeats earlier content when the
    support rule (``repeats``) or the claim check (``claim_repeats``, asked only about
    the candidates the support rule lets through) says so. Same return as ``repeats``.

    The claim check alone is what the issue's target measures; the support rule stays
    because it is what attribution uses for "the same content" (and costs less)."""
    found = repeats(candidates, earlier, config)
    rest = [i for i in range(len(candidates)) if i not in found]
    more = claim_repeats([candidates[i] for i in rest], earlier)
    found.update({rest[k]: hit for k, hit in more.items()})
    return found


# ---------------------------------------------------------------- changed figures

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|dozen"
)
_QUALIFIER = (
    r"at least|at most|more than|less than|fewer than|as many as|up to|nearly|almost|about|"
    r"around|roughly|approximately|some|over|an estimated|estimated|close to"
)
#: A figure: an optional qualifier, a number in digits or words with an optional scale.
_FIGURE = re.compile(
    rf"\b(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?P<num>\d[\d,]*(?:\.\d+)?|(?:{_NUMBER_WORDS})(?:[\s-](?:{_NUMBER_WORDS}))*)"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion))?"
    r"(?P<pct>\s*(?:%|per\s?cent))?(?![\w,.]*\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def figures(text: str) -> list[tuple[frozenset[str], float, str]]:
    """The counted figures of a sentence: ``(what is counted, value, as written)``.

    What is counted is the first content word after the number ("300 *people*"), else
    (nothing, or a day or month follows: "45 on Friday") the last three content words
    before it ("the *death toll rose* to 45"); a year or a clock time is no count.
    """
    from ..facts.figures import parse_number

    out = []
    for m in _FIGURE.finditer(text):
        num = m.group("num")
        if _YEAR.match(num) or text[m.end() : m.end() + 1] == ":" or text[max(0, m.start() - 1) : m.start()] == ":":
            continue
        parsed = parse_number(" ".join(p for p in (num, m.group("scale")) if p))
        if parsed is None:
            continue
        after = lexical.content_stems(text[m.end() : m.end() + 40])
        before = lexical.content_stems(text[max(0, m.start() - 60) : m.start()])
        if after and after[0] not in _CALENDAR:
            counted = frozenset(after[:1])
        else:
            counted = frozenset(w for w in before[-3:] if w not in _CALENDAR)
        if m.group("pct"):
            counted = frozenset(f"%{w}" for w in counted) or frozenset({"%"})
        if counted:
            out.append((counted, parsed[0], m.group(0).strip()))
    return out


#: Words after a number that date it rather than say what it counts ("45 on Friday").
_CALENDAR = frozenset(
    lexical.stem(w) for w in (
        "monday tuesday wednesday thursday friday saturday sunday january february march april "
        "may june july august september october november december today yesterday am pm"
    ).split()
)


def changed_figure(new: str, old: str) -> str | None:
    """The earlier figure as written when ``new`` gives a different value for the same
    count as ``old`` ("at least 350 people" after "at least 300 people"), else ``None``.
    A count that both sentences also give with the same value is no change."""
    before = figures(old)
    for counted, value, _ in figures(new):
        same = [f for f in before if f[0] & counted]
        if same and all(f[1] != value for f in same):
            return same[0][2]
    return None


# ---------------------------------------------------------------- inputs


def load_brief(path: str | os.PathLike[str]) -> Brief:
    """A brief saved with ``--format json``.

    Raises:
        UsageError: no such file, or it is not a ``storyweave.brief/1`` document.
    """
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file (save a brief with `--format json -o FILE`)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{name}: not a storyweave brief (cannot read it as JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("schema") != BRIEF_SCHEMA or not isinstance(
        data.get("summary"), list
    ):
        raise UsageError(
            f"{name}: not a storyweave brief (expected a `--format json` brief, schema {BRIEF_SCHEMA})"
        )
    try:
        return Brief.from_dict(data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise UsageError(f"{name}: not a storyweave brief ({exc})") from None


def updating(
    articles: Sequence[Article], config: Config, earlier: Sequence[Article] | Brief | None
) -> tuple[list[Article], list[Sentence], str | None, list[str]]:
    """Split an update brief's inputs: ``(new articles, what was seen, since, warnings)``.

    ``since`` is ``None`` for a brief that is no update. An article the reader has seen
    (the same content id) is not new. With ``config.since``, the articles published up
    to that date are earlier; an undated article counts as new (and a warning says so).

    Raises:
        DataError: no article is new.
    """
    new = list(articles)
    notes: list[str] = []
    seen: list[Sentence] = []
    labels: list[str] = []
    old_articles: list[Article] = []
    if isinstance(earlier, Brief):
        seen.extend(seen_in_brief(earlier))
        labels.append(f"a saved brief ({len(earlier.summary)} sentences)")
    elif earlier is not None:
        old_articles.extend(earlier)
        labels.append(f"{len(old_articles)} earlier article{'s' if len(old_articles) != 1 else ''}")
    if config.since:
        day = config.since[:10]
        undated = [a for a in new if not a.published]
        before = [a for a in new if a.published and a.published[:10] <= day]
        new = [a for a in new if not a.published or a.published[:10] > day]
        old_articles.extend(before)
        labels.insert(0, day)
        if undated:
            notes.append(
                f"{len(undated)} article{'s have' if len(undated) != 1 else ' has'} no date: "
                f"counted as published after {day}"
            )
        if not new:
            raise DataError(f"no article published after {day} ({len(before)} up to it)")
        if not before:
            notes.append(f"no article was published up to {day}: the brief covers every article")
    if not labels:
        return new, [], None, notes
    old_ids = {a.id for a in old_articles}
    if isinstance(earlier, Brief):
        old_ids |= {a.id for a in earlier.articles}
    repeated = [a for a in new if a.id in old_ids]
    new = [a for a in new if a.id not in old_ids]
    if not new:
        raise DataError("no new article: every article was already among the earlier ones")
    if repeated:
        notes.append(f"{len(repeated)} article(s) already seen left out")
    seen.extend(earlier_sentences(old_articles))
    return new, seen, "since " + ", ".join(labels), notes


# ---------------------------------------------------------------- ranking


def _without(cluster: Cluster, drop: set[int]) -> tuple[Cluster, list[int]]:
    """The cluster without the sentences in ``drop``, and the map back to its indices."""
    keep = [i for i in range(len(cluster)) if i not in drop]
    sub = Cluster(
        cluster.articles, [cluster.sentences[i] for i in keep], [cluster.doc[i] for i in keep],
        cluster.seed,
    )
    return sub, keep


def rank(cluster: Cluster, config: Config, base: Callable[[Cluster, Config], list[int]]) -> list[int]:
    """The ``base`` ranking of ``cluster`` with the sentences that repeat
    ``cluster.earlier`` left out; changed figures are kept and recorded in
    ``cluster._cache["updates"]`` (sentence index -> the earlier figure)."""
    earlier = cluster.earlier
    dropped: set[int] = set()
    judged: set[int] = set()
    updates: dict[int, str] = {}
    order: list[int] = []
    for _ in range(MAX_ROUNDS):
        sub, keep = _without(cluster, dropped)
        order = [keep[i] for i in base(sub, config)]
        cluster._cache.update({k: v for k, v in sub._cache.items() if k != "updates"})
        chosen = select(cluster, order, config.words)
        todo = [i for i in chosen if i not in judged]
        if not todo:
            break
        judged.update(todo)
        found = repeated([cluster.sentences[i].text for i in todo], earlier, config)
        fresh = 0
        for k, (_, j) in found.items():
            i = todo[k]
            was = changed_figure(cluster.sentences[i].text, earlier[j].text)
            if was:
                updates[i] = was
            else:
                dropped.add(i)
                fresh += 1
        if not fresh:
            break
    cluster._cache["updates"] = updates
    return [i for i in order if i not in dropped]


def mark(cluster: Cluster, chosen: Sequence[int], summary: Sequence[SummarySentence]) -> list[SummarySentence]:
    """The summary with ``update_of`` set on the sentences whose figure changed."""
    updates = cluster._cache.get("updates") or {}
    return [
        replace(s, update_of=updates[i]) if i in updates else s
        for i, s in zip(chosen, summary, strict=True)
    ]
