"""Stories: articles grouped by the event they report, incrementally and independent of order.

Each article gets a fixed feature vector that depends on that article alone: its
words, Porter-stemmed, and capitalised names (a cheap stand-in for named entities,
weighted ``ENTITY_WEIGHT``), hashed, weighted by a static English inverse frequency
(wordfreq's table, shipped in ``data/``, raised to ``IDF_POWER``), L2-normalised. Two articles are linked when they share
at least ``MIN_SHARED_KEYS`` of their ``KEYS`` rarest-and-heaviest terms (the
candidate rule, found through an index in the store) and their cosine similarity,
damped by the distance between their publication dates, reaches ``LINK``.

Stories are then average-link clusters (cut at ``LINK``) inside each connected
component of that graph. Average-link never joins two clusters without a pair of
members linked at ``LINK`` or more, so clustering each component alone gives the
same result as clustering the whole store at once; and every piece (features,
links, components, the average-link cut over members sorted by id) is a function
of the set of articles, not of the order they came in. A new batch therefore only
re-clusters the components it touches, and any order of the same articles gives the
same stories.

Why not sentence embeddings for every article: all-MiniLM-L6-v2 runs at about 11
articles/s on 2 cores over an article's first 256 word pieces (63/s on its first 60
words), far below 200 articles/s, and on the 364 longer multinews-dev + TAC articles
it did not beat the TF-IDF vectors (B-cubed F1 0.935 TF-IDF alone against 0.922-0.933
mixed, each at its best threshold, on raw text). Through the whole pipeline, mixing a
title-and-lead embedding in gave 0.896-0.905 over cuts 0.10-0.18 against 0.897 (with the
unstemmed features of version 1), at four times the time. ``Settings.embed`` adds them (mixed at ``EMBED_WEIGHT``) for small
corpora; ``benchmarks/bench_cluster.py --embed`` reports both.
"""

from __future__ import annotations

import gzip
import math
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import numpy as np

from ..records import Article, normalize

# --- tuning constants -----------------------------------------------------------------
# Measured on multinews-dev + TAC 2011 (398 articles, 110 stories) with raw texts, by
# B-cubed F1 at the best cut of each variant (see the module docstring and
# benchmarks/results/cluster.json for the figures with the cleaner in front).

#: Version of what ``features`` computes and of how stories are cut from the links.
#: Stored features and term keys of another version do not compare with these (version
#: 2 stems words and weighs rarity to the power ``IDF_POWER``), and stories cut by
#: another rule differ from a fresh ingest's (version 3 adds ``attach_singletons``); a
#: store of an older version recomputes them from the stored texts, then its links and
#: stories.
FEATURES_VERSION = 3
#: Hashed feature space; 2^20 buckets make collisions among an article's ~300 terms rare.
DIM = 1 << 20
#: Weight of a capitalised word inside a sentence (a name): 2.0 gave F1 0.935 against
#: 0.924 for 1.0; 3.0 was no better.
ENTITY_WEIGHT = 2.0
#: A word's weight is (log10(1 / frequency) - IDF_OFFSET) ** IDF_POWER (wordfreq
#: frequencies): an offset of 2 zeroes the ~100 commonest words (offsets 1-3 were within
#: 0.01 F1 of each other).
IDF_OFFSET = 2.0
#: A power above 1 makes the weights steeper, so that the rare words an event is named
#: by (places, people, "tsunami", "peloton") outweigh the many moderately rare words any
#: two reports share. With stemming and 30-40 keys, B-cubed F1 at each one's best cut:
#: 1.0 -> 0.915-0.917, 1.5 -> 0.926, 2.0 -> 0.914-0.916; chosen on the benchmark data,
#: with a two-fold check by stories (docs/corpus.md).
IDF_POWER = 1.5
#: Words missing from the table (names, rare words) count as frequency 10^-6.5.
UNKNOWN_LOG10 = 6.5
#: Candidate keys: an article's KEYS heaviest terms rarer than 10^-KEY_MIN_LOG10. With
#: the stemmed features, 20 keys missed pairs of one story (B-cubed F1 0.901 at cut
#: 0.10); 30 gave 0.926 with twice the candidate pairs (1.7k on the benchmark's 377
#: articles), 40 gave 0.926 with four times (3.5k), 60 no more (0.921-0.923).
KEYS = 30
KEY_MIN_LOG10 = 3.5
#: Two articles are compared only when they share this many keys.
MIN_SHARED_KEYS = 2
#: The average-link cut (cosine). benchmarks/bench_cluster.py --sweep, with everything
#: else as here: 0.08 -> B-cubed F1 0.928, 0.10 -> 0.934, 0.12 -> 0.922, 0.14 -> 0.914,
#: 0.20 -> 0.866 (0.920, 0.926, 0.914, 0.905, 0.859 before the cleaner refused error pages
#: and archive notices). It was chosen on that data, so its figure is optimistic for
#: unseen corpora (``--heldout`` gives the two-fold figure, docs/corpus.md).
LINK = 0.10
#: Links at or above this similarity join components (see ``Settings``). On the
#: benchmark data 0.15 scores F1 0.926 (0.10: 0.922, 0.12: 0.923, 0.20: 0.900), and it
#: keeps components from chaining into one on large corpora.
JOIN = 0.15
#: A component up to this size is re-clustered whole when a batch touches it (exact
#: and order-independent); in a larger one (a corpus with one huge running story) new
#: articles join the story they are closest to on average instead, so that a batch
#: costs O(its links), not O(component^2). The benchmark data's largest component has
#: 20 articles; re-clustering 1,500 took 3.1 s here (on a loaded machine), 500 about 0.3 s.
MAX_RECLUSTER = 500
#: Publication dates further apart than GRACE_DAYS damp the similarity by
#: 1 / (1 + (days - GRACE_DAYS) / DAMP_DAYS). The TAC 2011 topics run for months (a
#: quake, then its reconstruction eight months later), so a tight window (3 days
#: grace, 30 days scale) cut their recall from 0.86 to 0.49 (with an earlier setup);
#: with half a year of grace the benchmark scores F1 0.897 (a year: 0.899, no damping:
#: 0.899; Multi-News has no dates), and events a year or more apart are pulled apart.
GRACE_DAYS = 180
DAMP_DAYS = 365.0
#: Words read for the features: the title (twice) and the first words of the body.
#: Long pieces put the event first; capping bounds the cost of 3,000-word features.
FEATURE_WORDS = 800
#: Mixing weight of the title-and-lead embedding when ``Settings.embed`` is on.
EMBED_WEIGHT = 0.3
#: Words of the lead that are embedded (60 words ~ 80 word pieces: ~63 articles/s).
EMBED_WORDS = 60

_TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*|[.!?]", re.UNICODE)


@dataclass(frozen=True)
class Settings:
    """Clustering settings (defaults as measured above).

    ``join``: the similarity at which a link joins two components (the units that are
    re-clustered); at least ``link``. With ``join == link`` the stories are exactly
    the average-link clusters of the whole store; a higher ``join`` keeps components
    small on large corpora (so re-clustering one stays cheap) at some cost in recall.
    """

    link: float = LINK
    join: float = JOIN
    embed: bool = False
    #: the second pass over candidate merges (``merge_clusters``). Off by default: by
    #: cross-validation over the tuning stories it did not beat the first pass alone
    #: (``MERGE_WEIGHTS``); kept so that a later feature set can be tried in the store.
    merge: bool = False

    def __post_init__(self) -> None:
        from ..config import check_numbers
        from ..errors import ConfigError

        check_numbers("cluster", self)
        for name in ("link", "join"):
            if getattr(self, name) > 1:
                raise ConfigError(f"`cluster.{name}` must be a similarity in [0, 1], "
                                  f"got {getattr(self, name)!r}")


@lru_cache(maxsize=1)
def _log10_rarity() -> dict[str, float]:
    """log10(1 / frequency) of English words (wordfreq 'small' list, 29k words)."""
    data = resources.files("storyweave.corpus").joinpath("data/wordfreq_en.tsv.gz").read_bytes()
    table: dict[str, float] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        word, centibels = line.split("\t")
        table[word] = int(centibels) / 100.0
    return table


@lru_cache(maxsize=1)
def _stem_rarity() -> dict[str, float]:
    """log10(1 / frequency) of each stem: that of the commonest table word with that stem.

    A static property of the table (so a term's weight never depends on which forms an
    article or a corpus happens to use); "bomb", "bombs", "bombing" and "bombings" all
    weigh as "bomb", the commonest of them.
    """
    table: dict[str, float] = {}
    for word, rare in _log10_rarity().items():
        stem = porter_stem(word)
        if rare < table.get(stem, math.inf):
            table[stem] = rare
    return table


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# --- Porter stemmer -------------------------------------------------------------------
_VOWELS = frozenset("aeiou")


def _consonant(word: str, i: int) -> bool:
    ch = word[i]
    if ch in _VOWELS:
        return False
    if ch == "y":
        return i == 0 or not _consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    """m in [C](VC)^m[V]: how many vowel-consonant runs the stem has."""
    m = 0
    vowel_seen = False
    for i in range(len(stem)):
        if _consonant(stem, i):
            if vowel_seen:
                m += 1
                vowel_seen = False
        else:
            vowel_seen = True
    return m


def _has_vowel(stem: str) -> bool:
    return any(not _consonant(stem, i) for i in range(len(stem)))


def _double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _consonant(word, len(word) - 1)


def _cvc(word: str) -> bool:
    return (len(word) >= 3 and _consonant(word, len(word) - 3) and not _consonant(word, len(word) - 2)
            and _consonant(word, len(word) - 1) and word[-1] not in "wxy")


_STEP2 = (("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
          ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
          ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
          ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"))
_STEP3 = (("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"),
          ("ful", ""), ("ness", ""))
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
          "ou", "ism", "ate", "iti", "ous", "ive", "ize")


def _replace(word: str, rules: Sequence[tuple[str, str]], min_measure: int) -> str:
    """The first rule whose suffix ends the word applies if the rest measures enough."""
    for suffix, repl in rules:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            return stem + repl if _measure(stem) > min_measure else word
    return word


def porter_stem(word: str) -> str:
    """Porter's (1980) suffix stripper, original algorithm, on a lower-case word.

    Why a stemmer: the same story says "tsunami" and "tsunamis", "bombing", "bombings"
    and "bombers"; without one those count as different rare terms and the articles
    of one story look less alike than they are. Written out here (about 80 lines)
    rather than imported, since NLTK is not a dependency of the default install.
    """
    if len(word) <= 2:
        return word
    # step 1a
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    # step 1b
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    else:
        for suffix in ("ed", "ing"):
            if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
                word = word[: -len(suffix)]
                if word.endswith(("at", "bl", "iz")):
                    word += "e"
                elif _double_consonant(word) and word[-1] not in "lsz":
                    word = word[:-1]
                elif _measure(word) == 1 and _cvc(word):
                    word += "e"
                break
    # step 1c
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    word = _replace(word, _STEP2, 0)
    word = _replace(word, _STEP3, 0)
    # step 4
    for suffix in _STEP4:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if _measure(stem) > 1 and (suffix != "ion" or stem.endswith(("s", "t"))):
                word = stem
            break
    # step 5
    if word.endswith("e"):
        stem = word[:-1]
        m = _measure(stem)
        if m > 1 or (m == 1 and not _cvc(stem)):
            word = stem
    if _measure(word) > 1 and _double_consonant(word) and word.endswith("l"):
        word = word[:-1]
    return word


def _bucket(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) & (DIM - 1)


def term_counts(text: str, max_words: int | None = None) -> dict[str, float]:
    """Stemmed content words of ``text`` (stop words dropped), names counted
    ``ENTITY_WEIGHT`` times.

    Only the first ``max_words`` words are read when given (news puts the event first).
    """
    stop = _stop_words()
    counts: dict[str, float] = {}
    get = counts.get
    sentence_start = True
    tokens = _TOKEN.findall(text.replace("\u2019", "'"))
    if max_words is not None and len(tokens) > max_words:
        tokens = tokens[:max_words]
    cache = _TERM_OF
    if len(cache) > _TERM_CACHE:
        cache.clear()
    for word in tokens:
        if len(word) == 1 and word in ".!?":
            sentence_start = True
            continue
        name = not sentence_start and word[0].isupper()
        sentence_start = False
        lower = cache.get(word, "")
        if lower == "":  # not seen yet
            lower = word.lower()
            if lower.endswith("'s"):
                lower = lower[:-2]
            lower = None if len(lower) < 3 or lower in stop else porter_stem(lower)
            cache[word] = lower
        if lower is None:
            continue
        counts[lower] = get(lower, 0.0) + (ENTITY_WEIGHT if name else 1.0)
    return counts


#: word as written -> its term (lower case, "'s" dropped, stemmed), or None for a stop word or
#: one under 3 letters: words repeat across articles, so each is worked out once.
_TERM_OF: dict[str, str | None] = {}
#: term -> (bucket, log10 rarity), for the same reason.
_BUCKET_OF: dict[str, tuple[int, float]] = {}
#: Entries kept at most in each cache (a few tens of MB); emptied when full.
_TERM_CACHE = 200_000


def day_number(published: str | None) -> int | None:
    """The day (proleptic ordinal) of an ISO date or date-time, or ``None``."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True)
class Features:
    """An article's fixed clustering features (a function of the article alone)."""

    index: np.ndarray  # sorted uint32 buckets
    value: np.ndarray  # float32 weights, unit L2 norm
    keys: tuple[int, ...]
    day: int | None = None
    embedding: np.ndarray | None = None

    def to_bytes(self) -> bytes:
        parts = [np.uint32(len(self.index)).tobytes(), self.index.astype("<u4").tobytes(),
                 self.value.astype("<f4").tobytes()]
        if self.embedding is not None:
            parts.append(self.embedding.astype("<f4").tobytes())
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes, day: int | None = None) -> Features:
        n = int(np.frombuffer(data[:4], dtype="<u4")[0])
        index = np.frombuffer(data[4 : 4 + 4 * n], dtype="<u4")
        value = np.frombuffer(data[4 + 4 * n : 4 + 8 * n], dtype="<f4")
        rest = data[4 + 8 * n :]
        embedding = np.frombuffer(rest, dtype="<f4") if rest else None
        return cls(index=index, value=value, keys=(), day=day, embedding=embedding)


def features(article: Article, embedding: np.ndarray | None = None) -> Features:
    """The clustering features of an article: title (counted twice) and body."""
    rarity = _stem_rarity()
    text = article.text
    if article.title:
        text = f"{article.title}.\n{article.title}.\n{text}"
    weights: dict[int, float] = {}
    key_weights: dict[int, float] = {}
    cache = _BUCKET_OF
    if len(cache) > _TERM_CACHE:
        cache.clear()
    for term, count in term_counts(normalize_keep_lines(text), FEATURE_WORDS).items():
        known = cache.get(term)
        if known is None:
            known = cache[term] = (_bucket(term), rarity.get(term, UNKNOWN_LOG10))
        bucket, rare = known
        idf = rare - IDF_OFFSET
        if idf <= 0:
            continue
        weight = (1.0 + math.log(count)) * idf**IDF_POWER
        weights[bucket] = weights.get(bucket, 0.0) + weight
        if rare >= KEY_MIN_LOG10:
            key_weights[bucket] = key_weights.get(bucket, 0.0) + weight
    index = np.fromiter(sorted(weights), dtype=np.uint32, count=len(weights))
    value = np.fromiter((weights[int(i)] for i in index), dtype=np.float32, count=len(index))
    norm = float(np.linalg.norm(value))
    if norm > 0:
        value = value / norm
    keys = tuple(sorted(b for b, _ in sorted(key_weights.items(), key=lambda kv: (-kv[1], kv[0]))[:KEYS]))
    return Features(index=index, value=value.astype(np.float32), keys=keys,
                    day=day_number(article.published), embedding=embedding)


def normalize_keep_lines(text: str) -> str:
    return "\n".join(normalize(line) for line in text.split("\n"))


def lead_text(article: Article) -> str:
    """What is embedded when ``Settings.embed`` is on: title and the first words."""
    words = article.text.split()[:EMBED_WORDS]
    return ((article.title + ". ") if article.title else "") + " ".join(words)


def similarity(a: Features, b: Features) -> float:
    """Cosine of the two TF-IDF vectors (mixed with the embeddings' when both have one),
    damped by the gap between the publication dates when both are known."""
    _, ia, ib = np.intersect1d(a.index, b.index, assume_unique=True, return_indices=True)
    return _mixed_and_damped(float(np.dot(a.value[ia], b.value[ib])) if len(ia) else 0.0, a, b)


def _mixed_and_damped(cosine: float, a: Features, b: Features) -> float:
    """The TF-IDF cosine mixed with the embeddings' when both have one, then damped by
    the gap between the publication dates when both are known."""
    sim = cosine
    if a.embedding is not None and b.embedding is not None:
        sim = (1 - EMBED_WEIGHT) * sim + EMBED_WEIGHT * float(np.dot(a.embedding, b.embedding))
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        if gap > GRACE_DAYS:
            sim /= 1.0 + (gap - GRACE_DAYS) / DAMP_DAYS
    return sim


def similarities(a: Features, others: Sequence[Features]) -> np.ndarray:
    """``similarity(a, b)`` for every ``b`` of ``others`` at once (float64).

    One vectorised pass over the others' concatenated buckets instead of a numpy call
    per pair: a new article meets up to ``MAX_CANDIDATES`` stored ones, and the call
    overhead per pair was most of the link stage's cost.
    """
    n = len(others)
    if n == 0:
        return np.zeros(0)
    lengths = np.fromiter((len(b.index) for b in others), dtype=np.int64, count=n)
    sims = np.zeros(n)
    if len(a.index) and lengths.sum():
        index = np.concatenate([b.index for b in others])
        value = np.concatenate([b.value for b in others]).astype(np.float64)
        pos = np.minimum(np.searchsorted(a.index, index), len(a.index) - 1)
        hit = a.index[pos] == index
        products = np.where(hit, a.value[pos].astype(np.float64) * value, 0.0)
        nonempty = lengths > 0
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
        sims[nonempty] = np.add.reduceat(products, starts)
    if a.embedding is not None or a.day is not None:
        for i, b in enumerate(others):
            sims[i] = _mixed_and_damped(float(sims[i]), a, b)
    return sims


def average_link(members: Sequence[str], edges: Mapping[tuple[str, str], float],
                 link: float = LINK) -> list[list[str]]:
    """Average-link clusters of ``members`` cut at ``link``; unlinked pairs count as 0.

    Deterministic in the set: members are sorted first; clusters come back sorted,
    each sorted by id.
    """
    ids = sorted(set(members))
    if len(ids) == 1:
        return [ids]
    if len(ids) == 2:
        sim = edges.get((ids[0], ids[1]), 0.0)
        return [ids] if sim >= link else [[ids[0]], [ids[1]]]
    from scipy.cluster.hierarchy import fcluster, linkage

    pos = {a: i for i, a in enumerate(ids)}
    n = len(ids)
    dist = np.ones((n, n), dtype=np.float64)
    # fancy indexing instead of two numpy item writes per edge (a component holds up to
    # ``MAX_RECLUSTER`` articles and tens of edges each, re-clustered at every batch)
    m, get = len(edges), pos.get
    rows = np.fromiter((get(a, -1) for a, _ in edges), dtype=np.int64, count=m)
    cols = np.fromiter((get(b, -1) for _, b in edges), dtype=np.int64, count=m)
    near = np.maximum(0.0, 1.0 - np.fromiter(edges.values(), dtype=np.float64, count=m))
    inside = (rows >= 0) & (cols >= 0)
    rows, cols, near = rows[inside], cols[inside], near[inside]
    dist[rows, cols] = near
    dist[cols, rows] = near
    np.fill_diagonal(dist, 0.0)
    condensed = dist[np.triu_indices(n, k=1)]
    # round so that ties broken by floating-point noise cannot depend on anything but the set
    tree = linkage(np.round(condensed, 9), method="average")
    # a cluster is kept when its average distance is at most 1 - link (+ rounding slack)
    labels = fcluster(tree, t=1.0 - link + 1e-9, criterion="distance")
    groups: dict[int, list[str]] = {}
    for a, label in zip(ids, labels, strict=True):
        groups.setdefault(int(label), []).append(a)
    return sorted(groups.values())


def attach_singletons(clusters: Sequence[Sequence[str]],
                      edges: Mapping[tuple[str, str], float],
                      similarity: Callable[[str, str], float],
                      join: float = JOIN, link: float = LINK) -> list[list[str]]:
    """Clusters where an article average link left alone joins the cluster of its
    strongest link, when that link reaches ``join`` and the article's average
    similarity to that cluster, counting the pairs that were never compared at their
    true value (``similarity``), reaches the cut ``link``.

    Average link counts every pair that shares too few keys to be compared as 0, so an
    article linked strongly to one member of a story and not compared with the others (a
    report of the story's aftermath, a short wire item) is averaged out and left alone.
    Computing those few similarities for the one decision puts it back where average
    link would have put it had they been compared; a strong link alone does not (on
    resampled corpora, an article's strongest link is often to a look-alike of another
    story). Deterministic in the set: ties go to the smaller id, and every singleton is
    decided against the clusters as average link left them (joined through union-find).
    """
    clusters = [sorted(cl) for cl in clusters]
    index = {a: k for k, cl in enumerate(clusters) for a in cl}
    best: dict[str, tuple[float, str]] = {}
    for (a, b), sim in edges.items():
        if sim < join or a not in index or b not in index:
            continue
        for x, y in ((a, b), (b, a)):
            if len(clusters[index[x]]) == 1 and (x not in best or (-sim, y) < (-best[x][0], best[x][1])):
                best[x] = (sim, y)
    if not best:
        return sorted(clusters)
    parent = list(range(len(clusters)))

    def find(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for x, (_, y) in sorted(best.items()):
        target = clusters[index[y]]
        total = sum(edges.get((min(x, m), max(x, m))) or similarity(x, m) for m in target)
        if total / len(target) < link:
            continue
        rx, ry = find(index[x]), find(index[y])
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    groups: dict[int, list[str]] = {}
    for k, cl in enumerate(clusters):
        groups.setdefault(find(k), []).extend(cl)
    return sorted(sorted(g) for g in groups.values())


def name_stories(
    clusters: Iterable[Sequence[str]],
    previous: Mapping[str, str | None],
    order_key: Mapping[str, tuple[str, str]],
) -> tuple[dict[str, str], dict[str, str]]:
    """Story ids for freshly computed clusters, keeping existing ids stable.

    Args:
        clusters: the new clusters of one component (article ids).
        previous: each article's story before this batch (``None`` for new ones).
        order_key: each article's (published, id), to find a story's founding article.

    Returns:
        ``(assignment, aliases)``: article id -> story id, and old story id -> the
        story that took over most of its articles (for ids no cluster kept).
    """
    clusters = [sorted(c) for c in clusters]
    # big clusters choose first; among equals, the one with the smallest member
    clusters.sort(key=lambda c: (-len(c), c[0]))
    taken: set[str] = set()
    assignment: dict[str, str] = {}
    cluster_ids: list[str] = []
    for cluster in clusters:
        votes: dict[str, int] = {}
        for a in cluster:
            old = previous.get(a)
            if old and old not in taken:
                votes[old] = votes.get(old, 0) + 1
        if votes:
            story = min(votes, key=lambda s: (-votes[s], s))
        else:
            olds_all = {s for s in previous.values() if s}
            founders = sorted(cluster, key=lambda a: order_key[a])
            free = ["s" + a for a in founders if "s" + a not in taken and "s" + a not in olds_all]
            story = free[0] if free else f"s{founders[0]}-{len(taken)}"
        taken.add(story)
        cluster_ids.append(story)
        for a in cluster:
            assignment[a] = story
    aliases: dict[str, str] = {}
    olds = {s for s in previous.values() if s}
    for old in sorted(olds - taken):
        moved: dict[str, int] = {}
        for a, s in previous.items():
            if s == old:
                moved[assignment[a]] = moved.get(assignment[a], 0) + 1
        aliases[old] = min(moved, key=lambda s: (-moved[s], s))
    return assignment, aliases


# --- the second pass: merges of whole clusters ---------------------------------------
#: Features of a pair of first-pass clusters (``merge_features``), in this order.
MERGE_FEATURES = ("mean_cos", "centroid_cos", "max_link", "link_density", "log_small", "log_large",
                  "log_days", "shared_keys")
#: Keys of a cluster for ``shared_keys``: the heaviest terms of its vector sum (the
#: weights are steep in rarity, so mostly its names and rare words).
MERGE_KEYS = 30
#: Logistic weights of ``MERGE_FEATURES`` (then the intercept), their standardisation,
#: and the probability at which two clusters of one component are merged. Fitted by
#: benchmarks/event_merge.py on the tuning half of bench_cluster's blind split (seed 17)
#: only: 36 pairs of clusters (24 of one story) of first passes cut at 0.10-0.20, the
#: cut chosen by 3-fold cross-validation over its stories. The CV F1 was the first
#: pass's (0.954) at every cut from 0.4 up, and lower below; with components joined at
#: 0.10 (61 pairs) the second pass reached 0.953 against 0.948 there, all of it from the
#: days between the clusters, weighted *towards* merging far-apart clusters: only TAC is
#: dated here and its topics run for months, a property of the data set, not of events
#: (without it, no gain). Hence ``Settings.merge`` is off; docs/corpus.md.
MERGE_WEIGHTS: tuple[float, ...] = (1.259, 0.6291, 0.1709, -0.0169, -0.4907, -1.081, 1.559, 0.0, 0.9408)
MERGE_MEAN: tuple[float, ...] = (0.1159, 0.2104, 0.1934, 0.667, 0.6405, 1.5491, 1.7075, 0.0)
MERGE_SCALE: tuple[float, ...] = (0.0418, 0.0795, 0.0479, 0.3131, 0.5465, 0.5358, 1.9457, 1.0)
MERGE_CUT = 0.95


@dataclass
class Group:
    """A cluster as the second pass sees it: members, the sum of their unit vectors
    (sparse), its squared norm and its members' known days (sorted)."""

    members: list[str]
    total: dict[int, float]
    norm2: float
    days: list[int]

    def keys(self) -> frozenset[int]:
        """The ``MERGE_KEYS`` heaviest terms of the vector sum (ties by bucket)."""
        ranked = sorted(self.total.items(), key=lambda kv: (-kv[1], kv[0]))
        return frozenset(k for k, _ in ranked[:MERGE_KEYS])

    @property
    def day(self) -> int | None:
        """The median day of the members that have one."""
        return self.days[len(self.days) // 2] if self.days else None

    @classmethod
    def of(cls, members: Sequence[str], feats: Sequence[Features]) -> Group:
        total: dict[int, float] = {}
        for f in feats:
            for i, v in zip(f.index.tolist(), f.value.tolist(), strict=True):
                total[i] = total.get(i, 0.0) + v
        return cls(sorted(members), total, sum(v * v for v in total.values()),
                   sorted(f.day for f in feats if f.day is not None))

    def merged(self, other: Group) -> Group:
        total = dict(self.total)
        for i, v in other.total.items():
            total[i] = total.get(i, 0.0) + v
        return Group(sorted(self.members + other.members), total, sum(v * v for v in total.values()),
                     sorted(self.days + other.days))


def _dot(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(i, 0.0) for i, v in a.items())


def merge_features(a: Group, b: Group, links: Sequence[float]) -> list[float]:
    """``MERGE_FEATURES`` of two clusters: the mean cosine over every cross pair (exact:
    the dot product of the vector sums), the centroids' cosine, the strongest stored
    link and the share of cross pairs linked, the sizes, and the days between them."""
    na, nb = len(a.members), len(b.members)
    dot = _dot(a.total, b.total)
    cos = dot / math.sqrt(a.norm2 * b.norm2) if a.norm2 > 0 and b.norm2 > 0 else 0.0
    days = abs(a.day - b.day) if a.day is not None and b.day is not None else 0
    return [dot / (na * nb), cos, max(links, default=0.0), len(links) / (na * nb),
            math.log(min(na, nb)), math.log(max(na, nb)), math.log1p(days),
            len(a.keys() & b.keys()) / MERGE_KEYS]


def merge_probability(x: Sequence[float], weights: Sequence[float] = (), mean: Sequence[float] = (),
                      scale: Sequence[float] = ()) -> float:
    w = weights or MERGE_WEIGHTS
    mu = mean or MERGE_MEAN
    sd = scale or MERGE_SCALE
    z = w[-1] + sum(wk * (xk - m) / s for wk, xk, m, s in zip(w, x, mu, sd, strict=False))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def merge_clusters(clusters: Sequence[Sequence[str]], edges: Mapping[tuple[str, str], float],
                   features_of: Callable[[str], Features], cut: float | None = None,
                   probability: Callable[[Sequence[float]], float] | None = None) -> list[list[str]]:
    """The second pass: clusters of one component merged while the most probable merge
    of two clusters linked by a stored edge reaches ``cut`` (``MERGE_CUT``), the
    probability from ``merge_features`` (``MERGE_WEIGHTS`` unless ``probability``).

    First-pass average link judges a pair of clusters by the mean of their links, a
    missing link counting 0; an event reported from several sides (a quake, then its
    toll, then the aid) forms pieces whose mean is just under the cut while their
    centroids, strongest links and dates say one event. Deterministic in the set:
    clusters sorted, ties broken by the smaller members.
    """
    cut = MERGE_CUT if cut is None else cut
    prob = probability or merge_probability
    groups = {k: Group.of(cl, [features_of(a) for a in cl]) for k, cl in enumerate(sorted(sorted(c) for c in clusters))}
    if len(groups) < 2:
        return [g.members for g in groups.values()]
    owner = {a: k for k, g in groups.items() for a in g.members}
    cross: dict[tuple[int, int], list[float]] = {}
    for (a, b), sim in sorted(edges.items()):
        ka, kb = owner.get(a), owner.get(b)
        if ka is None or kb is None or ka == kb:
            continue
        cross.setdefault((min(ka, kb), max(ka, kb)), []).append(sim)
    score = {pair: prob(merge_features(groups[pair[0]], groups[pair[1]], links))
             for pair, links in cross.items()}
    while score:
        pair = min(score, key=lambda p: (-score[p], groups[p[0]].members[0], groups[p[1]].members[0]))
        if score[pair] < cut:
            break
        ka, kb = pair
        groups[ka] = groups[ka].merged(groups.pop(kb))
        # the merged cluster keeps ka's key; its links to the others are pooled
        pooled: dict[int, list[float]] = {}
        for (x, y), links in list(cross.items()):
            if kb in (x, y) or ka in (x, y):
                del cross[(x, y)]
                score.pop((x, y), None)
                other = y if x in (ka, kb) else x
                if other not in (ka, kb):
                    pooled.setdefault(other, []).extend(links)
        for other, links in pooled.items():
            p = (min(ka, other), max(ka, other))
            cross[p] = links
            score[p] = prob(merge_features(groups[p[0]], groups[p[1]], links))
    return sorted(g.members for g in groups.values())
