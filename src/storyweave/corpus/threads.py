"""Threads: events (stories) linked over time by shared actors, places and subject.

An event is what ``cluster`` groups: the articles about one happening ("stage 12 of the
race"). A thread is the running subject several events belong to ("the 2007 Tour de
France"). Threads are average-link clusters of events, where two events are compared
only when their ``STORY_KEYS`` heaviest centroid terms (the weights are steep in
rarity, so these are names of people and places for the most part) share at least
``MIN_SHARED_KEYS``, and their similarity is the cosine of their TF-IDF centroids (the
normalised sum of their articles' unit vectors), damped by the gap between their dates
as articles' are.

Everything is a function of the set of stories and their articles (keys sorted, ties by
id, the average-link cut over events sorted by id), so a store's threads do not depend
on the order articles came in. They are recomputed from the stored features at the end
of every ingest (``Writer.refresh_threads``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from . import cluster as _cluster

#: Version of how threads are cut; a store whose threads were cut by another (or none,
#: a store from before threads) has them recomputed by its next ingest.
THREADS_VERSION = 1
#: Keys of an event: the heaviest terms of its centroid.
STORY_KEYS = 30
#: Events are compared when they share this many keys, and threads are average-link
#: clusters of events cut at ``CUT`` (centroid cosine). Chosen on the tuning half of the
#: blind split of bench_cluster.py (seed 17) by the smaller of TAC's thread B-cubed F1
#: and the Multi-News thread precision, over 2-6 keys and cuts 0.06-0.18: 2 keys at 0.15
#: gave 0.963 / 0.951 there (2 at 0.12: 0.963 / 0.912; 2 at 0.18: 0.945 / 0.959; 4 at
#: 0.15: 0.932 / 0.957; 6: 0.913 / 0.977); the blind half is the figure (docs/corpus.md).
MIN_SHARED_KEYS = 2
CUT = 0.15
#: A key held by more events than this says nothing of a subject (and would make the
#: pairs grow with the square of the store).
MAX_KEY_EVENTS = 200
#: A connected component of more events than this is cut at a higher threshold first
#: (in steps of 0.05), so that average link never meets a matrix beyond this size.
MAX_COMPONENT = 2000


@dataclass(frozen=True)
class Thread:
    """A thread: its events (story ids, in time order), headline, size and dates."""

    id: str
    headline: str
    size: int  # articles
    event_ids: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    events: tuple[Any, ...] = field(default=(), compare=False)  # Story records when read

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["event_ids"] = list(self.event_ids)
        data["events"] = [e.to_dict() for e in self.events]
        return data


@dataclass(frozen=True)
class EventSide:
    """What threads read of one event: its centroid, keys and dates."""

    index: np.ndarray
    value: np.ndarray
    keys: frozenset[int]
    day: int | None


def event_similarity(a: EventSide, b: EventSide) -> float:
    _, ia, ib = np.intersect1d(a.index, b.index, assume_unique=True, return_indices=True)
    sim = float(np.dot(a.value[ia].astype(np.float64), b.value[ib])) if len(ia) else 0.0
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        if gap > _cluster.GRACE_DAYS:
            sim /= 1.0 + (gap - _cluster.GRACE_DAYS) / _cluster.DAMP_DAYS
    return sim


def thread_groups(events: Mapping[str, EventSide], cut: float | None = None,
                  min_shared: int | None = None) -> list[list[str]]:
    """Threads (lists of event ids, each sorted) of the given events (``CUT`` and
    ``MIN_SHARED_KEYS`` unless given)."""
    cut = CUT if cut is None else cut
    min_shared = MIN_SHARED_KEYS if min_shared is None else min_shared
    holders: dict[int, list[str]] = {}
    for sid in sorted(events):
        for k in events[sid].keys:
            holders.setdefault(k, []).append(sid)
    # shared keys counted one event at a time (its pairs with the events after it), so
    # memory holds one event's partners, not every pair of the store (a Counter of all
    # pairs took some 450 MB at 100k articles)
    edges: dict[tuple[str, str], float] = {}
    for a in sorted(events):
        shared: Counter[str] = Counter()
        for k in events[a].keys:
            ids = holders[k]
            if len(ids) < 2 or len(ids) > MAX_KEY_EVENTS:
                continue
            shared.update(ids[bisect_right(ids, a):])
        for b, n in sorted(shared.items()):
            if n >= min_shared:
                sim = event_similarity(events[a], events[b])
                if sim >= cut:
                    edges[(a, b)] = sim
    return _cut(sorted(events), edges, cut)


def _cut(ids: Sequence[str], edges: Mapping[tuple[str, str], float], cut: float) -> list[list[str]]:
    """Average link inside each connected component of the links at ``cut``."""
    parent = {a: a for a in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), sim in edges.items():
        if sim >= cut:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    comps: dict[str, list[str]] = {}
    for a in ids:
        comps.setdefault(find(a), []).append(a)
    out: list[list[str]] = []
    for members in comps.values():
        if len(members) == 1:
            out.append(members)
            continue
        inside = set(members)
        local = {e: s for e, s in edges.items() if e[0] in inside}
        if len(members) > MAX_COMPONENT:
            out.extend(_cut(sorted(members), local, round(cut + 0.05, 6)))
        else:
            out.extend(_cluster.average_link(members, local, cut))
    return sorted(sorted(g) for g in out)


def thread_id(events: Sequence[str], first_dates: Mapping[str, str | None]) -> str:
    """A thread's id: ``t`` + its earliest event's id (by first date, then id), without
    the event's ``s``: stable as long as that event stays the thread's first."""
    first = min(events, key=lambda s: (first_dates.get(s) or "9999", s))
    return "t" + (first[1:] if first.startswith("s") else first)


#: An event's centroid keeps its this many heaviest terms (renormalised), so that an
#: event of hundreds of articles is stored and compared at the cost of a long article.
CENTROID_TERMS = 400


def side_to_bytes(side: EventSide) -> bytes:
    n = len(side.index)
    return b"".join([np.uint32(n).tobytes(), side.index.astype("<u4").tobytes(),
                     side.value.astype("<f4").tobytes(),
                     np.array(sorted(side.keys), dtype="<u4").tobytes()])


def side_from_bytes(data: bytes, day: int | None) -> EventSide:
    n = int(np.frombuffer(data[:4], dtype="<u4")[0])
    index = np.frombuffer(data[4 : 4 + 4 * n], dtype="<u4")
    value = np.frombuffer(data[4 + 4 * n : 4 + 8 * n], dtype="<f4")
    keys = frozenset(int(k) for k in np.frombuffer(data[4 + 8 * n :], dtype="<u4"))
    return EventSide(index, value, keys, day)


def centroid_side(features: Sequence[_cluster.Features]) -> EventSide:
    """An event's side from its articles' features: the centroid cut to its
    ``CENTROID_TERMS`` heaviest terms, its keys the ``STORY_KEYS`` heaviest of those
    (the weights are already steep in rarity, so these are its names and rare words),
    its day the median of its articles' dates."""
    acc: dict[int, float] = {}
    for f in features:
        for i, v in zip(f.index.tolist(), f.value.tolist(), strict=True):
            acc[i] = acc.get(i, 0.0) + v
    ranked = sorted(acc.items(), key=lambda kv: (-kv[1], kv[0]))
    kept = sorted(ranked[:CENTROID_TERMS])
    index = np.fromiter((k for k, _ in kept), dtype=np.uint32, count=len(kept))
    value = np.fromiter((v for _, v in kept), dtype=np.float64, count=len(kept))
    norm = float(np.linalg.norm(value))
    if norm > 0:
        value = value / norm
    keys = frozenset(k for k, _ in ranked[:STORY_KEYS])
    days = sorted(f.day for f in features if f.day is not None)
    return EventSide(index, value.astype(np.float32), keys, days[len(days) // 2] if days else None)


def stored_version(c: Any) -> int | None:
    row = c.execute("SELECT value FROM meta WHERE key = 'threads_version'").fetchone()
    return int(row[0]) if row else None


def refresh_threads(c: Any) -> int:
    """Recompute a store's threads inside the caller's transaction; returns how many.

    Events whose membership changed since their side was computed (``stories.side`` is
    emptied whenever a story is refreshed) have it recomputed from their articles'
    stored features; then the threads of all events are cut again (a function of the
    set of events), and the ``threads`` table and each story's ``thread_id`` rewritten.
    """
    stale = [r[0] for r in c.execute("SELECT id FROM stories WHERE side IS NULL ORDER BY id")]
    for story in stale:
        feats = [_cluster.Features.from_bytes(r[0], r[1]) for r in c.execute(
            "SELECT features, day FROM articles WHERE story_id = ? AND features IS NOT NULL", (story,))]
        side = centroid_side(feats)
        c.execute("UPDATE stories SET side = ?, side_day = ? WHERE id = ?",
                  (side_to_bytes(side), side.day, story))
    events: dict[str, EventSide] = {}
    info: dict[str, tuple[str, int, str | None, str | None]] = {}
    for r in c.execute("SELECT id, side, side_day, headline, size, first_date, last_date FROM stories"):
        events[r[0]] = side_from_bytes(r[1], r[2])
        info[r[0]] = (r[3], r[4], r[5], r[6])
    groups = thread_groups(events)
    c.execute("DELETE FROM threads")
    rows, links = [], []
    for group in groups:
        tid = thread_id(group, {s: info[s][2] for s in group})
        lead = min(group, key=lambda s: (-info[s][1], info[s][2] or "9999", s))
        firsts = sorted(info[s][2] for s in group if info[s][2])
        lasts = sorted(info[s][3] for s in group if info[s][3])
        rows.append((tid, info[lead][0], sum(info[s][1] for s in group), len(group),
                     firsts[0] if firsts else None, lasts[-1] if lasts else None))
        links.extend((tid, s) for s in group)
    c.executemany("INSERT INTO threads(id, headline, size, events, first_date, last_date) "
                  "VALUES (?, ?, ?, ?, ?, ?)", rows)
    c.executemany("UPDATE stories SET thread_id = ? WHERE id = ? AND thread_id IS NOT ?",
                  [(t, s, t) for t, s in links])
    c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('threads_version', ?)",
              (str(THREADS_VERSION),))
    return len(rows)
