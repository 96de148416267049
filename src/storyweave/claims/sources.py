"""Independent sources: copies, syndicated reprints and one wire story carried by several
sites count as one source, with every outlet that carried it.

Two articles are one source when their word 5-shingles (``corpus.dedupe.shingles``)
overlap with a Jaccard similarity of at least ``corpus.dedupe.NEAR_DUPLICATE`` (or
``REPRINT`` when either names its origin, "Reprinted with permission from ..."), or when
``CONTAINED`` of the shorter one's shingles lie in the longer one (a wire story inside a
page that adds its own paragraphs, a press release quoted whole). Exact sets, not MinHash:
a check reads a handful of articles, not a store.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..corpus import dedupe
from ..records import Article

#: Share of the shorter article's shingles found in the longer for one to be a copy of
#: the other; 5-word shingles shared by two independent reports are rare (quotes, names),
#: well under a third of an article in the multinews-dev clusters.
CONTAINED = 0.8


def groups(articles: Sequence[Article]) -> list[tuple[str, ...]]:
    """Article ids grouped into independent sources, in first-appearance order."""
    ids = [a.id for a in articles]
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shingles = [set(dedupe.shingles(a.text)) for a in articles]
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            a, b = shingles[i], shingles[j]
            if not a or not b:
                continue
            inter = len(a & b)
            if not inter:
                continue
            jaccard = inter / len(a | b)
            need = dedupe.threshold(articles[i], bool(articles[j].syndicated_from))
            if jaccard >= need or inter / min(len(a), len(b)) >= CONTAINED:
                parent[find(j)] = find(i)
    out: dict[int, list[str]] = {}
    for i, art_id in enumerate(ids):
        out.setdefault(find(i), []).append(art_id)
    return [tuple(g) for g in out.values()]


def outlet_name(article: Article) -> str:
    """The name an outlet is listed under: its outlet, else title, else path."""
    return article.outlet or article.title or article.path or article.id
