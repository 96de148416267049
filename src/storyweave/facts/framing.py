"""How each outlet words the story, and which of its key facts each outlet reports.

Framing: for each outlet, the words and two-word phrases it uses more than the
others, by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
and Quinn 2008, "Fightin' Words"): with ``y`` an outlet's counts, ``y'`` the other
outlets' counts and ``a`` the prior pseudo-counts (the pooled counts, rescaled to
``PRIOR_STRENGTH`` pseudo-tokens),

    delta_w = log((y_w + a_w) / (n + a0 - y_w - a_w)) - log((y'_w + a_w) / (n' + a0 - y'_w - a_w))
    z_w = delta_w / sqrt(1 / (y_w + a_w) + 1 / (y'_w + a_w))

Terms with z above 1.96 (and used at least twice) are distinctive at about the 5%
level; the counts behind each are given.

Coverage: the key facts (summary sentences with the articles that report them,
figure groups, the people and organisations quoted) against the articles, so a
reader sees what an outlet leaves out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..records import Figure, Quote, SummarySentence
from .parse import Parsed

#: Pseudo-tokens of the prior. With a few hundred words an outlet, 500 keeps a term
#: used once or twice from dominating while three or more uses can stand out.
PRIOR_STRENGTH = 500.0
Z_DISTINCTIVE = 1.96
TOP_TERMS = 12


#: Named-entity types whose words are not wording: who and where an outlet names, and
#: when, are what it covers (the entities and the coverage say so), not how it words the
#: story; without this the terms were mostly names and weekdays ("peskov", "thursday").
#: Groups by nationality, religion or politics (NORP: "jihadist", "pro-government") stay.
NOT_WORDING = frozenset({
    "PERSON", "GPE", "LOC", "FAC", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
})


def terms(parsed: Parsed) -> Counter[str]:
    """Lower-cased content words and two-word phrases of content words (no numbers, no
    words of names, places or dates: ``NOT_WORDING``)."""
    counts: Counter[str] = Counter()
    for _, doc in parsed.paragraphs:
        prev: str | None = None
        for tok in doc:
            ok = tok.is_alpha and not tok.is_stop and len(tok) > 1
            ok = ok and tok.ent_type_ not in NOT_WORDING
            word = tok.lower_ if ok else None
            if word:
                counts[word] += 1
                if prev:
                    counts[f"{prev} {word}"] += 1
            prev = word if not tok.is_punct or tok.text in "-" else None
            if not ok:
                prev = None
    return counts


def log_odds(
    mine: Mapping[str, int],
    others: Mapping[str, int],
    prior: Mapping[str, int],
    strength: float = PRIOR_STRENGTH,
    *,
    terms: Iterable[str] | None = None,
    n_others: int | None = None,
    total_prior: int | None = None,
) -> dict[str, tuple[float, float]]:
    """``term -> (delta, z)``: log-odds ratio of ``mine`` against ``others`` with a Dirichlet prior.

    Scores every term of ``prior``, or only ``terms``; ``n_others`` and ``total_prior``
    (the sums of ``others`` and ``prior``) may be given when ``others`` holds only those
    terms, so that scoring each of many outlets costs its own terms, not the story's."""
    total_prior = total_prior or sum(prior.values()) or 1
    a0 = strength
    n1 = sum(mine.values())
    n2 = sum(others.values()) if n_others is None else n_others
    out = {}
    for w in prior if terms is None else terms:
        a = a0 * prior[w] / total_prior
        y1, y2 = mine.get(w, 0), others.get(w, 0)
        delta = math.log((y1 + a) / (n1 + a0 - y1 - a)) - math.log((y2 + a) / (n2 + a0 - y2 - a))
        var = 1.0 / (y1 + a) + 1.0 / (y2 + a)
        out[w] = (delta, delta / math.sqrt(var))
    return out


def framing(parsed: Sequence[Parsed], labels: dict[str, str]) -> dict[str, Any]:
    """Each outlet's distinctive terms against all the other outlets."""
    by_outlet: dict[str, Counter[str]] = {}
    members: dict[str, list[str]] = {}
    for p in parsed:
        label = labels[p.article.id]
        by_outlet.setdefault(label, Counter()).update(terms(p))
        members.setdefault(label, []).append(p.article.id)
    pooled: Counter[str] = Counter()
    for c in by_outlet.values():
        pooled.update(c)
    outlets = []
    total = sum(pooled.values())
    if len(by_outlet) >= 2:
        for label, mine in by_outlet.items():
            # the other outlets' counts are the pooled counts less this outlet's; only
            # the terms it could list are scored (a story can have hundreds of outlets)
            listed = [w for w in mine if mine[w] >= 2]
            others = {w: pooled[w] - mine[w] for w in listed}
            scores = log_odds(mine, others, pooled, terms=listed,
                              n_others=total - sum(mine.values()), total_prior=total)
            ranked = sorted(listed, key=lambda w: (-scores[w][1], w))
            top = []
            for w in ranked[:TOP_TERMS]:
                delta, z = scores[w]
                if z <= 0:
                    break
                top.append(
                    {
                        "term": w,
                        "z": round(z, 3),
                        "delta": round(delta, 4),
                        "count": mine[w],
                        "count_others": others.get(w, 0),
                        "distinctive": z > Z_DISTINCTIVE,
                    }
                )
            outlets.append(
                {
                    "outlet": label,
                    "articles": members[label],
                    "tokens": sum(1 for w in mine.elements() if " " not in w),
                    "terms": top,
                }
            )
    return {
        "method": "log-odds ratio with informative Dirichlet prior (Monroe et al. 2008)",
        "prior_strength": PRIOR_STRENGTH,
        "z_threshold": Z_DISTINCTIVE,
        "outlets": outlets,
    }


def coverage(
    article_ids: Sequence[str],
    summary: Sequence[SummarySentence] | None,
    figures: Sequence[Figure],
    quotes: Sequence[Quote],
) -> dict[str, Any]:
    """Which key facts each article reports (and so which it leaves out)."""
    facts: list[dict[str, Any]] = []
    for s in summary or ():
        facts.append({"kind": "summary", "text": s.text, "sources": list(s.sources)})
    groups: dict[str, list[Figure]] = {}
    for f in figures:
        if f.group:
            groups.setdefault(f.group, []).append(f)
    for gid, figs in groups.items():
        sources = list(dict.fromkeys(f.article for f in figs))
        first = figs[0]
        facts.append(
            {
                "kind": "figures",
                "text": f"{first.counted} ({gid})",
                "group": gid,
                "sources": sources,
            }
        )
    speakers: dict[str, list[str]] = {}
    for q in quotes:
        speakers.setdefault(q.speaker, [])
        for s in q.sources:
            if s not in speakers[q.speaker]:
                speakers[q.speaker].append(s)
    for speaker, sources in speakers.items():
        facts.append({"kind": "quoted", "text": f"quotes {speaker}", "sources": sources})
    ids = list(article_ids)
    for f in facts:
        f["sources"] = [s for s in ids if s in set(f["sources"])]
        f["missing"] = [s for s in ids if s not in set(f["sources"])]
    by_article = {
        a: {
            "reports": [i for i, f in enumerate(facts) if a in f["sources"]],
            "misses": [i for i, f in enumerate(facts) if a not in f["sources"]],
        }
        for a in ids
    }
    return {"articles": ids, "facts": facts, "by_article": by_article}
