"""Whether the articles handed to one brief look like several stories.

``storyweave brief`` summarises whatever it is given as one story. Given a crawl of
unrelated events it would still make one "brief" of them all; the pipeline asks this
module first and warns, pointing to ``ingest`` + ``stories``, which separate them.
The partition is the store's own: the same features, similarity and average-link cut
as ``corpus.cluster``, over every pair (a brief's inputs are few enough).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Article
from . import cluster

#: A partition counts as a mixture when at least this many of its stories hold two
#: articles or more ...
MIN_STORIES = 2
#: ... and its largest story holds less than this share of the articles. A single
#: event's coverage often leaves an odd article or two alone (a side story, a live
#: blog); those alone never make a mixture.
MAX_MAIN_SHARE = 0.75


@dataclass(frozen=True)
class Mixture:
    """How the articles split into stories: story sizes, largest first."""

    sizes: tuple[int, ...]

    @property
    def several(self) -> bool:
        total = sum(self.sizes)
        multi = sum(1 for s in self.sizes if s >= 2)
        return total >= 4 and multi >= MIN_STORIES and self.sizes[0] < MAX_MAIN_SHARE * total

    def message(self) -> str:
        total = sum(self.sizes)
        multi = [s for s in self.sizes if s >= 2]
        return (
            f"the {total} articles look like {len(multi)} separate stories or more "
            f"(the largest holds {self.sizes[0]}); a brief mixes them: to separate them, "
            "`storyweave ingest PATH --db store.sqlite` then `storyweave stories --db store.sqlite`"
        )


def stories_of(articles: Sequence[Article]) -> Mixture:
    """The sizes of the stories ``articles`` fall into under the store's clustering."""
    n = len(articles)
    if n < 2:
        return Mixture(sizes=(n,))
    feats = [cluster.features(a) for a in articles]
    ids = [f"{i:06d}" for i in range(n)]
    edges: dict[tuple[str, str], float] = {}
    for i in range(n - 1):
        sims = cluster.similarities(feats[i], feats[i + 1 :])
        for j, sim in enumerate(sims, start=i + 1):
            if sim > 0:
                edges[(ids[i], ids[j])] = float(sim)
    groups = cluster.average_link(ids, edges, cluster.LINK)
    return Mixture(sizes=tuple(sorted((len(g) for g in groups), reverse=True)))
