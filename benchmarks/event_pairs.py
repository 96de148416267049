"""Candidate event methods for bench_cluster.py: plain TF-IDF average link and a learned pair score.

Both work on the clean articles a store kept (so they see exactly the documents the shipped
method sees) and cluster a set of articles by average link over every pair, members sorted
by id, so each is a function of the set of articles (no arrival order enters).

* ``plain_tfidf``: lower-cased word tokens, English stop words dropped, ``1 + log tf``,
  smoothed IDF computed over the set being clustered, L2-normalised; cosine.
* ``PairModel``: logistic regression (numpy, L2, Newton steps) on features that exist for
  any article, not the title alone: the shipped stemmed TF-IDF cosine, the cosine of
  title-and-lead MiniLM embeddings, shared capitalised names (a stand-in for named
  entities and places), shared numbers, the distance between publication dates when both
  are known, and the titles' cosine as one feature among the others (0 when a side has no
  title, with an indicator).

Issue 17, third round, features that exist for any article and carry to unseen data (no
title feature among them; the shipped vectors, which hold the title, are the one place a
title enters, as in the shipped method and the baseline):

* ``lead``: the cosine of the shipped features computed over the body's first
  ``LEAD_SENTENCES`` sentences alone (no title): reports of one event open on it.
* ``names_idf_cos`` / ``names_idf_shared``: shared names weighted by their static rarity
  (the rarest word's log10 rarity above 4, so "Iran" weighs less than "Ahmadinejad"),
  as a cosine over the two name sets and as the log of the shared weight (not a raw
  Jaccard, which counts "Monday" as much as a surname).
* ``nums_units``: shared numbers with their unit or scale ("447 passengers", "$75
  million", "7.0 magnitude"; bare years and small bare numbers left out).
* ``quotes``: shared five-word shingles inside quotation marks (the same quote in two
  reports says one event).
* ``bigrams``: shared pairs of consecutive content stems with a rare member.
* ``damped``: the shipped cosine damped by the publication dates, as the store does
  (undamped when a date is unknown: no "both dated" indicator).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storyweave.corpus import cluster
from storyweave.records import Article

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_NAME = re.compile(r"\b[A-Z][\w'\u2019-]*(?:\s+(?:of|the|de|al)?\s*[A-Z][\w'\u2019-]*)*")
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
_NUM_UNIT = re.compile(r"([$\u00a3\u20ac])?\s?(\d[\d,]*(?:\.\d+)?)\s*"
                       r"(%|percent|per cent|million|billion|thousand)?\s*([A-Za-z][a-z-]+)?")
_QUOTE = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{20,400})[\"\u201d]")
_ANY_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_YEAR = re.compile(r"(19|20)\d\d")
#: Sentences of the body read for the ``lead`` cosine.
LEAD_SENTENCES = 3
#: A name counts when its rarest word is rarer than 10^-NAME_MIN_LOG10 (its weight is
#: the excess).
NAME_MIN_LOG10 = 4.0
#: A bigram counts when one of its stems is rarer than 10^-BIGRAM_MIN_LOG10.
BIGRAM_MIN_LOG10 = 3.0
QUOTE_SHINGLE = 5


def _stop() -> frozenset[str]:
    return cluster._stop_words()


def plain_vectors(articles: Sequence[Article]) -> np.ndarray:
    """Dense L2-normalised TF-IDF rows (IDF over ``articles``), title + body."""
    stop = _stop()
    docs = []
    for a in articles:
        text = ((a.title or "") + "\n" + a.text).lower()
        docs.append(Counter(w for w in _WORD.findall(text) if w not in stop))
    vocab: dict[str, int] = {}
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    for w in sorted(df):
        vocab[w] = len(vocab)
    n = len(docs)
    idf = np.zeros(len(vocab))
    for w, k in vocab.items():
        idf[k] = math.log((1 + n) / (1 + df[w])) + 1.0
    mat = np.zeros((n, len(vocab)), dtype=np.float32)
    for i, d in enumerate(docs):
        for w, c in d.items():
            k = vocab[w]
            mat[i, k] = (1.0 + math.log(c)) * idf[k]
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    return mat / np.clip(norms, 1e-12, None)


def average_link_matrix(sim: np.ndarray, cut: float) -> list[int]:
    """Average-link cluster labels over a full similarity matrix, cut at ``cut``."""
    n = sim.shape[0]
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage

    dist = np.clip(1.0 - sim, 0.0, None).astype(np.float64)
    np.fill_diagonal(dist, 0.0)
    condensed = np.round(dist[np.triu_indices(n, k=1)], 9)
    tree = linkage(condensed, method="average")
    return [int(x) for x in fcluster(tree, t=1.0 - cut + 1e-9, criterion="distance")]


def names(article: Article) -> set[str]:
    """Capitalised word runs not opening a sentence, with a word rarer than 10^-4 (so
    "The" or "But" do not count): names of people, places, organisations."""
    rarity = cluster._log10_rarity()
    found: set[str] = set()
    text = ((article.title or "") + ". " + article.text)[:6000]
    for m in _NAME.finditer(text):
        start = m.start()
        before = text[max(0, start - 2):start]
        if start == 0 or before.strip() in {".", "!", "?", '"', "\u201c"} or "\n" in before:
            words = m.group(0).split()
            if len(words) == 1:
                continue  # a sentence opener alone is no evidence of a name
        phrase = " ".join(m.group(0).split())
        if any(rarity.get(w.lower(), cluster.UNKNOWN_LOG10) >= 4.0 for w in phrase.split()):
            found.add(phrase.lower())
    return found


def numbers(article: Article) -> set[str]:
    """Numbers of two or more digits (commas dropped), years included."""
    out = set()
    for m in _NUMBER.finditer(article.text[:6000]):
        value = m.group(0).replace(",", "")
        if len(value.replace(".", "")) >= 2:
            out.add(value)
    return out


def name_weights(article: Article) -> dict[str, float]:
    """Names of the body (as ``names``; a sentence's opening word dropped from a run when
    it is common) with their weight: the rarest word's log10 rarity above
    ``NAME_MIN_LOG10``. Static, so a pair's feature does not depend on the set."""
    rarity = cluster._log10_rarity()
    out: dict[str, float] = {}
    text = article.text[:6000]
    for m in _NAME.finditer(text):
        start = m.start()
        before = text[max(0, start - 2):start]
        words = m.group(0).split()
        if start == 0 or before.strip() in {".", "!", "?", '"', "\u201c"} or "\n" in before:
            if len(words) == 1:
                continue
            if rarity.get(words[0].lower(), cluster.UNKNOWN_LOG10) < NAME_MIN_LOG10:
                words = words[1:]
        weight = max(rarity.get(w.lower(), cluster.UNKNOWN_LOG10) for w in words) - NAME_MIN_LOG10
        if weight > 0:
            phrase = " ".join(words).lower()
            out[phrase] = max(out.get(phrase, 0.0), weight)
    return out


def numbers_with_units(article: Article) -> set[str]:
    """Numbers with a currency, a scale or the word after them ("447/passeng",
    "$75million"); bare numbers and years alone are left out (round figures and years
    are shared across events)."""
    stop = _stop()
    out = set()
    for m in _NUM_UNIT.finditer(article.text[:6000]):
        currency, value, scale, unit = m.groups()
        value = value.replace(",", "")
        word = (unit or "").lower()
        word = "" if word in stop else cluster.porter_stem(word)
        if not (currency or scale or word):
            continue
        if len(value.replace(".", "")) < 2 and not (currency or scale):
            continue
        if _YEAR.fullmatch(value) and not (currency or scale):
            continue
        out.add((currency or "") + value + (scale or "") + ("/" + word if word else ""))
    return out


def quote_shingles(article: Article) -> set[str]:
    """Five-word shingles of the quoted passages (20-400 characters between quotes)."""
    out = set()
    for m in _QUOTE.finditer(article.text):
        words = [w.lower() for w in _ANY_WORD.findall(m.group(1))]
        for k in range(len(words) - QUOTE_SHINGLE + 1):
            out.add(" ".join(words[k:k + QUOTE_SHINGLE]))
    return out


def rare_bigrams(article: Article) -> set[str]:
    """Consecutive content stems (first 800 words) of which one is rarer than
    10^-``BIGRAM_MIN_LOG10``."""
    stop, rarity = _stop(), cluster._stem_rarity()
    out: set[str] = set()
    prev: str | None = None
    for word in _ANY_WORD.findall(article.text)[: cluster.FEATURE_WORDS]:
        word = word.lower()
        if word in stop or len(word) < 3:
            prev = None
            continue
        stem = cluster.porter_stem(word)
        if prev is not None and max(rarity.get(prev, cluster.UNKNOWN_LOG10),
                                    rarity.get(stem, cluster.UNKNOWN_LOG10)) >= BIGRAM_MIN_LOG10:
            out.add(prev + " " + stem)
        prev = stem
    return out


def lead_features(article: Article) -> cluster.Features:
    """The shipped features of the body's first ``LEAD_SENTENCES`` sentences (no title)."""
    from storyweave.corpus.headline import sentences

    found: list[str] = []
    for paragraph in article.paragraphs:
        found.extend(sentences(paragraph))
        if len(found) >= LEAD_SENTENCES:
            break
    return cluster.features(Article(id=article.id + "#lead", paragraphs=(" ".join(found[:LEAD_SENTENCES]),)))


@dataclass
class ArticleSide:
    """What the pair features read from one article, computed once."""

    features: cluster.Features
    title: cluster.Features | None
    names: set[str]
    numbers: set[str]
    day: int | None
    embedding: np.ndarray | None
    lead: cluster.Features | None = None
    name_weights: dict[str, float] | None = None
    numbers_units: set[str] | None = None
    quotes: set[str] | None = None
    bigrams: set[str] | None = None


def sides(articles: Sequence[Article], embed: bool = True) -> list[ArticleSide]:
    vecs = None
    if embed:
        from storyweave import nlp

        vecs = nlp.embedder().encode([cluster.lead_text(a) for a in articles])
    out = []
    for k, a in enumerate(articles):
        title = None
        if a.title:
            title = cluster.features(Article(id=a.id + "#t", paragraphs=(a.title,)))
        out.append(ArticleSide(
            features=cluster.features(a), title=title, names=names(a), numbers=numbers(a),
            day=cluster.day_number(a.published), embedding=None if vecs is None else vecs[k],
            lead=lead_features(a), name_weights=name_weights(a), numbers_units=numbers_with_units(a),
            quotes=quote_shingles(a), bigrams=rare_bigrams(a),
        ))
    return out


#: No indicator of "both dated" or "both titled": on this data those say "both from TAC"
#: (only TAC is dated and titled), a property of the data set, not of events. An unknown
#: date counts as no distance, a missing title as a cosine of 0. The names after
#: ``title_cos`` are the third round's (module docstring).
FEATURE_NAMES = ("tfidf", "sqrt_tfidf", "embed", "names_jaccard", "names_shared", "numbers_shared",
                 "log_days", "title_cos",
                 "lead", "names_idf_cos", "names_idf_shared", "nums_units", "quotes", "bigrams", "damped")


def pair_features(a: ArticleSide, b: ArticleSide) -> list[float]:
    tf = max(0.0, cluster.similarity(
        cluster.Features(a.features.index, a.features.value, ()),
        cluster.Features(b.features.index, b.features.value, ())))
    emb = float(np.dot(a.embedding, b.embedding)) if a.embedding is not None else 0.0
    shared = len(a.names & b.names)
    union = len(a.names | b.names) or 1
    nums = len(a.numbers & b.numbers)
    dated = a.day is not None and b.day is not None
    days = abs(a.day - b.day) if dated else 0  # type: ignore[operator]
    titled = a.title is not None and b.title is not None
    tcos = cluster.similarity(a.title, b.title) if titled else 0.0  # type: ignore[arg-type]
    lead = _cosine(a.lead, b.lead) if a.lead is not None and b.lead is not None else 0.0
    wa, wb = a.name_weights or {}, b.name_weights or {}
    common = sum(min(wa[n], wb[n]) ** 2 for n in set(wa) & set(wb))
    norm = math.sqrt(sum(v * v for v in wa.values()) * sum(v * v for v in wb.values())) or 1.0
    units = len((a.numbers_units or set()) & (b.numbers_units or set()))
    quotes = len((a.quotes or set()) & (b.quotes or set()))
    bigrams = len((a.bigrams or set()) & (b.bigrams or set()))
    damp = 1.0
    if dated and days > cluster.GRACE_DAYS:
        damp = 1.0 / (1.0 + (days - cluster.GRACE_DAYS) / cluster.DAMP_DAYS)
    return [tf, math.sqrt(tf), emb, shared / union, math.log1p(shared), math.log1p(nums),
            math.log1p(days), tcos,
            lead, common / norm, math.log1p(common), math.log1p(units), math.log1p(quotes),
            math.log1p(bigrams), tf * damp]


def _cosine(a: cluster.Features, b: cluster.Features) -> float:
    return max(0.0, cluster.similarity(cluster.Features(a.index, a.value, ()),
                                       cluster.Features(b.index, b.value, ())))


def pair_matrix(sd: Sequence[ArticleSide]) -> np.ndarray:
    """(n, n, F) pair features (symmetric; the diagonal is unused)."""
    n = len(sd)
    out = np.zeros((n, n, len(FEATURE_NAMES)), dtype=np.float64)
    for i in range(n):
        for j in range(i + 1, n):
            out[i, j] = out[j, i] = pair_features(sd[i], sd[j])
    return out


class PairModel:
    """L2-regularised logistic regression on pair features, fitted by Newton's method."""

    def __init__(self, use: Sequence[str] = FEATURE_NAMES, l2: float = 1.0) -> None:
        self.use = [FEATURE_NAMES.index(u) for u in use]
        self.l2 = l2
        self.w = np.zeros(len(self.use) + 1)
        self.mean = np.zeros(len(self.use))
        self.scale = np.ones(len(self.use))

    def _x(self, feats: np.ndarray) -> np.ndarray:
        x = (feats[..., self.use] - self.mean) / self.scale
        return np.concatenate([x, np.ones(x.shape[:-1] + (1,))], axis=-1)

    def fit(self, feats: np.ndarray, labels: np.ndarray) -> PairModel:
        raw = feats[:, self.use]
        self.mean = raw.mean(axis=0)
        self.scale = np.where(raw.std(axis=0) > 1e-9, raw.std(axis=0), 1.0)
        x = self._x(feats)
        # balance the classes: same-event pairs are a few percent of all pairs
        pos = labels.mean()
        weight = np.where(labels > 0, 0.5 / max(pos, 1e-9), 0.5 / max(1 - pos, 1e-9))
        reg = np.full(x.shape[1], self.l2)
        reg[-1] = 0.0
        w = np.zeros(x.shape[1])
        for _ in range(30):
            p = 1.0 / (1.0 + np.exp(-(x @ w)))
            grad = x.T @ (weight * (p - labels)) / len(labels) + reg * w / len(labels)
            hess = (x.T * (weight * p * (1 - p))) @ x / len(labels) + np.diag(reg) / len(labels)
            step = np.linalg.solve(hess + 1e-9 * np.eye(len(w)), grad)
            w -= step
            if np.abs(step).max() < 1e-7:
                break
        self.w = w
        return self

    def similarity(self, pm: np.ndarray) -> np.ndarray:
        """Probability that each pair reports one event, as an (n, n) matrix."""
        z = self._x(pm) @ self.w
        return 1.0 / (1.0 + np.exp(-z))

    def weights(self) -> dict[str, float]:
        return {FEATURE_NAMES[k]: round(float(v), 3) for k, v in zip(self.use, self.w[:-1], strict=True)}


def pairs_of(pm: np.ndarray, groups: Sequence[str], rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair among ``rows`` (indexes into ``pm``) with its label (same group)."""
    rows = list(rows)
    i, j = np.triu_indices(len(rows), k=1)
    ri, rj = np.array(rows)[i], np.array(rows)[j]
    labels = np.array([groups[a] == groups[b] for a, b in zip(ri, rj, strict=True)], dtype=np.float64)
    return pm[ri, rj], labels


def submatrix(mat: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    idx = np.array(list(rows))
    return mat[np.ix_(idx, idx)]


def labels_to_pred(ids: Sequence[str], labels: Sequence[int]) -> dict[str, str]:
    return {a: f"c{lab}" for a, lab in zip(ids, labels, strict=True)}


def score_items(pred_article: Mapping[str, str], item_article: Mapping[str, str],
                gold: Mapping[str, str], bcubed) -> tuple[float, float, float]:
    items = {i: pred_article[a] for i, a in item_article.items() if a in pred_article}
    return bcubed(items, {i: gold[i] for i in items})
