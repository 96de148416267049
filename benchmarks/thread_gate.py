"""Threads on the tuning half only (issue 17, third round): does a gate on specific names help?

Pours the tuning half's documents (bench_cluster's blind split, seed 17; the blind half is
never read) into a fresh store, reads its events' stored sides, and cuts threads with the
shipped rule and with each event's ``K`` heaviest names (``event_pairs.name_weights``,
averaged over the event's articles: static rarity, so a function of the set) as evidence:

* hard gate: two events whose top-K names are disjoint are never joined;
* soft gate: their similarity is multiplied by ``lam`` (a penalty, not a veto);
* a names cosine mixed into the centroid cosine;
* dates, where both events have one (TAC does; Multi-News does not): the similarity of
  events within ``days`` of each other raised by ``boost``.

Printed: TAC thread B-cubed F1 and Multi-News thread precision on that pour, per cut.

    .venv/bin/python benchmarks/thread_gate.py
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_cluster as bc  # noqa: E402
import event_pairs as ep  # noqa: E402

from storyweave.corpus import Store, ingest  # noqa: E402
from storyweave.corpus import threads as th  # noqa: E402

CUTS = (0.10, 0.12, 0.15, 0.18)


def main() -> int:
    if not all((bc.DATA / f).is_file() for f in bc.FILES):
        print(f"skipped: {bc.DATA} does not hold {', '.join(bc.FILES)}")
        return 0
    docs, gold = bc.load()
    tuning, _ = bc.blind_split(gold)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.sqlite") as store:
        ingest([d for d in docs if gold[d.path] in tuning], store, batch_size=1000)
        sides = {r[0]: th.side_from_bytes(bytes(r[1]), r[2])
                 for r in store.db.query("SELECT id, side, side_day FROM stories")}
        items, members = {}, {}
        for a, s in store.partition().items():
            members.setdefault(s, []).append(store.article(a))
            for copy in store.copies(a):
                items[copy["path"]] = s
    weights = {}
    for s, arts in members.items():
        acc: dict[str, float] = {}
        for art in arts:
            for n, w in ep.name_weights(art).items():
                acc[n] = acc.get(n, 0.0) + w / len(arts)
        weights[s] = acc
    of = {id(v): k for k, v in sides.items()}
    shipped = th.event_similarity

    def score(groups: list[list[str]]) -> str:
        t_of = {s: g[0] for g in groups for s in g}
        got = bc.thread_scores({i: t_of[s] for i, s in items.items()}, gold, None)
        return f"{got['tac_thread_f1']:.3f}/{got['multinews_thread_precision']:.3f}"

    def row(label: str, sim) -> None:
        th.event_similarity = sim
        try:
            print(f"  {label:<24}" + "  ".join(f"cut {c:.2f} {score(th.thread_groups(sides, cut=c))}"
                                              for c in CUTS))
        finally:
            th.event_similarity = shipped

    print(f"tuning half only: {len(sides)} events; TAC thread F1 / Multi-News thread precision")
    row("shipped", shipped)
    for k in (3, 5, 10):
        top = {s: set(sorted(w, key=lambda n, w=w: (-w[n], n))[:k]) for s, w in weights.items()}
        row(f"hard gate K={k}", lambda a, b, top=top: shipped(a, b) if top[of[id(a)]] & top[of[id(b)]] else 0.0)
        for lam in (0.3, 0.5, 0.7):
            row(f"soft gate K={k} x{lam}", lambda a, b, top=top, lam=lam: shipped(a, b) * (
                1.0 if top[of[id(a)]] & top[of[id(b)]] else lam))

    def names_cos(a: str, b: str) -> float:
        wa, wb = weights[a], weights[b]
        dot = sum(wa[n] * wb[n] for n in set(wa) & set(wb))
        return dot / (math.sqrt(sum(v * v for v in wa.values()) * sum(v * v for v in wb.values())) or 1.0)

    for mix in (0.2, 0.4):
        row(f"names cosine x{mix}", lambda a, b, mix=mix: (1 - mix) * shipped(a, b) + mix * names_cos(of[id(a)], of[id(b)]))
    for days in (30, 90, 180):
        for boost in (1.25, 1.5):
            row(f"dated within {days}d x{boost}", lambda a, b, days=days, boost=boost: shipped(a, b) * (
                boost if a.day is not None and b.day is not None and abs(a.day - b.day) <= days else 1.0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
