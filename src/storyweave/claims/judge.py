"""Does this article report a claim, dispute it, or not say it? With the sentences that show it.

For one claim and a set of articles: every article's sentences are ranked by lexical
overlap with the claim (TF-IDF cosine of content stems over all the articles' sentences),
the best ``CANDIDATES`` of each are embedded with the shipped MiniLM and the claim aligned
to the best of them (mean of MiniLM and TF-IDF cosines); the claim and the best three
aligned sentences are parsed (verb frames, typed entities). The features of that alignment
(``claims.features``) go through two models trained on hand labels (``claims/model.json``,
rebuilt by ``python -m storyweave.claims.train``):

- *related* (a logistic regression): does the article state the claim's fact at all
  (reports or disputes)? It gates the disputes;
- *reports* (a logistic regression, same features): does it state the claim's main
  content (reports against disputes and absent)?
- *disputes* (boosted trees, walked in numpy): given that it does, does it state an
  incompatible version (another number for the same count, a denial, another actor,
  place, charge, time or day)?

An article is ``disputes`` when disputes reaches its threshold and related reaches a
lower one of its own (a conflicting number makes an article look less related), else
``reports`` when reports reaches its threshold, else ``absent``. Evidence is the aligned sentence (for a
dispute, also the nearby sentence whose number or time conflicts), as spans into the
article's clean text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..records import Article, Evidence, Sentence, normalize
from ..summarize import lexical
from . import features as F

#: Sentences per article embedded and considered for alignment, the best by TF-IDF. On the
#: tuning half the aligned sentence was one a reader marked in 164 of 260 reports pairs
#: with 4 candidates, 166 with 6; a claim needs few embeddings either way (``check`` on the
#: 5-article sample stays well under 1 s).
CANDIDATES = 6
#: A candidate counts as "near" (its number or time conflicts are looked at, beyond the
#: best-aligned sentence) when its TF-IDF cosine with the claim reaches this.
NEAR_LEXICAL = 0.15

REPORTS, DISPUTES, ABSENT = "reports", "disputes", "absent"


@dataclass(frozen=True)
class Judgement:
    """One article's verdict on a claim (``claims.check`` turns these into records)."""

    article: str
    label: str
    related: float
    disputes: float
    evidence: tuple[Evidence, ...]
    features: dict[str, float]
    #: diagnostics for the benchmark's baselines: today's attribution support of the best
    #: of the two best TF-IDF candidates (``summarize.attribution.support``), and the best
    #: MiniLM cosine among the embedded candidates
    support_rule: float = 0.0
    #: the reports model's probability (the related one for an older model file)
    reports: float = 0.0


@lru_cache(maxsize=1)
def load_model() -> dict:
    """The shipped weights and thresholds (``claims/model.json``)."""
    text = resources.files("storyweave.claims").joinpath("model.json").read_text(encoding="utf-8")
    return json.loads(text)


def _logit(weights: Sequence[float], bias: float, x: Sequence[float]) -> float:
    z = bias + sum(w * v for w, v in zip(weights, x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def _disputes_prob(m: dict, x: np.ndarray) -> np.ndarray:
    """The disputes model on rows of its features: boosted trees (``clean.model.Trees``,
    rebuilt once per loaded model) or, for an older model file, a logistic regression."""
    if "depth" not in m:
        return np.array([_logit(m["weights"], m["bias"], row) for row in x])
    trees = m.get("_trees")
    if trees is None:
        from ..clean.model import Trees

        trees = m["_trees"] = Trees.from_dict(m)
    return trees.prob(x)


def featurize(
    claim: str,
    articles: Sequence[Article],
    sentences: Sequence[Sequence[Sentence]],
    embed=None,
    candidates: int = CANDIDATES,
    deep: bool = True,
) -> list[tuple[dict[str, float], list[tuple[float, int]], int, float]]:
    """Per article: (features, scored candidates [(score, sentence index)], best index, rule).

    ``embed`` maps a list of texts to unit vectors (default: the shipped MiniLM);
    ``candidates``: sentences per article embedded and aligned (the brief asks fewer).
    """
    if embed is None:
        from .. import nlp

        embed = nlp.embedder().encode
    claim_n = normalize(claim)
    claim_stems = lexical.content_stems(claim_n)
    claim_set = set(claim_stems)
    claim_bigrams = set(lexical.bigrams(claim_n))
    claim_names = F.names(claim_n)
    claim_q = F.quantities(claim_n)
    claim_neg = F.negations(claim_n) > 0

    flat = [s for sents in sentences for s in sents]
    stems = [lexical.content_stems(s.text) for s in flat]
    vectors = lexical.tfidf_vectors([claim_stems, *stems])
    cvec, svecs = vectors[0], vectors[1:]

    per_article = []
    k = 0
    for sents in sentences:
        idx = list(range(k, k + len(sents)))
        k += len(sents)
        lex = sorted(((lexical.cosine(cvec, svecs[j]), j) for j in idx), key=lambda t: (-t[0], t[1]))
        per_article.append((idx, lex))

    wanted = [claim_n] + [flat[j].text for _, lex in per_article for _, j in lex[:candidates]]
    matrix = embed(wanted)
    cemb = matrix[0]
    emb = {}
    pos = 1
    for _, lex in per_article:
        for _, j in lex[:candidates]:
            emb[j] = float(np.dot(cemb, matrix[pos]))
            pos += 1

    df: dict[str, int] = {}
    for st in stems:
        for w in set(st):
            df[w] = df.get(w, 0) + 1
    n_sent = max(len(stems), 1)

    def idf(w: str) -> float:
        return math.log((1 + n_sent) / (1 + df.get(w, 0))) + 1.0

    claim_idf = {w: idf(w) for w in claim_set}
    claim_idf_sum = sum(claim_idf.values()) or 1.0
    idf_top = math.log(1 + n_sent) + 1.0
    claim_an = F.analyse(claim_n) if deep else None

    out = []
    for idx, lex in per_article:
        if not idx:
            feats = dict.fromkeys(F.NAMES, 0.0)
            feats["claim_has_number"] = float(bool(claim_q))
            out.append((feats, [], -1, 0.0))
            continue
        cands = lex[:candidates]
        scored = sorted(((0.5 * emb[j] + 0.5 * t, j) for t, j in cands), key=lambda t: (-t[0], t[1]))
        best = scored[0][1]
        tfidf_of = dict((j, t) for t, j in cands)
        sb = set(stems[best])
        article_stems = set().union(*(set(stems[j]) for j in idx))
        article_text = " ".join(flat[j].text for j in idx)
        best_text = flat[best].text
        match, conflict = F.number_agreement(claim_q, F.quantities(best_text))
        near_conflict = conflict
        tconf = F.time_conflict(claim_n, best_text)
        for t, j in cands:
            if t >= NEAR_LEXICAL and j != best:
                near_conflict = max(near_conflict, F.number_agreement(claim_q, F.quantities(flat[j].text))[1])
        # the claim spread over two neighbouring sentences of the article
        pair = 0.0
        n = best - idx[0]
        for m in (n - 1, n + 1):
            if 0 <= m < len(idx):
                both = sb | set(stems[idx[m]])
                pair = max(pair, len(claim_set & both) / max(len(claim_set), 1))
        names_article = F.names(article_text)
        best_names = F.names(best_text)
        rule = max((( emb[j] + 2.0 * t) / 3.0 for t, j in lex[:2] if t >= 0.1), default=0.0)
        top2 = sb | (set(stems[scored[1][1]]) if len(scored) > 1 else set())
        missing = [w for w in claim_set if w not in article_stems]
        article_values = [q.value for j in idx for q in F.quantities(flat[j].text)] if claim_q else []
        extra = {
            "idf_recall_best": sum(v for w, v in claim_idf.items() if w in sb) / claim_idf_sum,
            "idf_recall_top2": sum(v for w, v in claim_idf.items() if w in top2) / claim_idf_sum,
            "idf_recall_article": sum(v for w, v in claim_idf.items() if w in article_stems) / claim_idf_sum,
            "idf_missing_max": max((claim_idf[w] for w in missing), default=0.0) / idf_top,
            "missing_count": min(len(missing), 5) / 5.0,
            "numbers_missing_article": (sum(not any(F._same(q.value, v) for v in article_values)
                                            for q in claim_q) / len(claim_q)) if claim_q else 0.0,
        }
        if deep and claim_an is not None:
            near = [j for _, j in scored[:3]]
            an_best = F.analyse(best_text)
            fa = F.frame_agreement(claim_an, an_best)
            ent_missing, ent_swap = F.entity_swap(claim_an, an_best, article_stems)
            near_conf = fa["slot_conflict"]
            near_swap = ent_swap
            for j in near[1:]:
                an = F.analyse(flat[j].text)
                g = F.frame_agreement(claim_an, an)
                if g["verb_match"] > 0:
                    near_conf = max(near_conf, g["slot_conflict"])
                near_swap = max(near_swap, F.entity_swap(claim_an, an, article_stems)[1])
            extra.update({
                "verb_match": fa["verb_match"], "slot_agree": fa["slot_agree"],
                "slot_conflict": fa["slot_conflict"], "verb_neg_xor": fa["verb_neg_xor"],
                "slot_conflict_near": near_conf, "entity_missing_article": ent_missing,
                "entity_swap": ent_swap, "entity_swap_near": near_swap,
                "claim_has_entity": float(bool(claim_an.entities)),
                "claim_has_frame": float(bool(claim_an.frames)),
            })
        feats = {
            **extra,
            "emb_best": emb[best],
            "tfidf_best": tfidf_of[best],
            "recall_best": len(claim_set & sb) / max(len(claim_set), 1),
            "recall_article": len(claim_set & article_stems) / max(len(claim_set), 1),
            "bigram_best": len(claim_bigrams & set(lexical.bigrams(best_text))) / max(len(claim_bigrams), 1),
            "names_best": len(claim_names & best_names) / len(claim_names) if claim_names else 0.0,
            "names_article": len(claim_names & names_article) / len(claim_names) if claim_names else 0.0,
            "claim_has_number": float(bool(claim_q)),
            "number_match": match,
            "number_conflict": conflict,
            "number_conflict_near": near_conflict,
            "time_conflict": tconf,
            "negation_xor": float(claim_neg != (F.negations(best_text) > 0)),
            "opposite": F.opposite(claim_set, sb),
            "emb_second": scored[1][0] if len(scored) > 1 else 0.0,
            "recall_pair": pair,
            # another actor, place or charge for the same fact: the claim names something
            # the aligned sentence does not, and the sentence names something else
            "names_missing_article": (len(claim_names - names_article) / len(claim_names)
                                      if claim_names else 0.0),
            "names_swap": float(bool(claim_names - best_names) and bool(best_names - claim_names)
                                and bool(claim_names & best_names)),
            "conflict_x_emb": near_conflict * emb[best],
        }
        start = idx[0]
        out.append((feats, [(sc, j - start) for sc, j in scored], best - start, rule))
    F.relative([f for f, _, best, _ in out if best >= 0])
    for f, _, best, _ in out:
        if best < 0:
            f.update(dict.fromkeys(F.RELATIVE, 0.0))
    return out


def judge(
    claim: str,
    articles: Sequence[Article],
    sentences: Sequence[Sequence[Sentence]] | None = None,
    *,
    model: dict | None = None,
    embed=None,
    candidates: int = CANDIDATES,
) -> list[Judgement]:
    """The verdict of every article on ``claim``, in the order given.

    Args:
        claim: the claim's text (any sentence).
        articles: clean articles.
        sentences: their sentences (``nlp.sentences``), when already split.
        model: weights and thresholds (default: the shipped ``model.json``).
        embed: a function from texts to unit vectors (default: the shipped MiniLM).
    """
    if sentences is None:
        from .. import nlp

        sentences = [nlp.sentences(a) for a in articles]
    model = model or load_model()
    rel_m, dis_m, th = model["related"], model["disputes"], model["thresholds"]
    rep_m = model.get("reports")
    names = model["features"]
    featured = featurize(claim, articles, sentences, embed, candidates)
    dis_names = dis_m.get("features", names)
    xd = np.array([[f.get(n, 0.0) for n in dis_names] for f, *_ in featured], dtype=float)
    dis_probs = _disputes_prob(dis_m, xd) if len(xd) else np.zeros(0)
    out = []
    for article, sents, (feats, scored, best, rule), p_dis_row in zip(
        articles, sentences, featured, dis_probs, strict=True
    ):
        x = [feats.get(n, 0.0) for n in names]
        p_rel = _logit(rel_m["weights"], rel_m["bias"], x) if best >= 0 else 0.0
        p_dis = float(p_dis_row) if best >= 0 else 0.0
        p_rep = p_rel if rep_m is None or best < 0 else _logit(rep_m["weights"], rep_m["bias"], x)
        if p_rel >= th.get("related_for_disputes", th["related"]) and p_dis >= th["disputes"]:
            label = DISPUTES
        elif p_rep >= th.get("reports", th["related"]) and not (feats["number_conflict"] and not feats["number_match"]):
            # an aligned sentence that gives another number for the same count, and none
            # of the claim's, never corroborates it (on the tuning half this costs 3 of
            # 276 reports pairs, cross-validated, and no precision)
            label = REPORTS
        else:
            label = ABSENT
        evidence: list[Evidence] = []
        if label != ABSENT:
            chosen = [best]
            if label == DISPUTES and not (feats["number_conflict"] or feats["time_conflict"]):
                # show the nearby sentence whose number or time disagrees, too
                claim_q = F.quantities(normalize(claim))
                for _, j in scored[1:]:
                    text = sents[j].text
                    if F.number_agreement(claim_q, F.quantities(text))[1] or F.time_conflict(claim, text):
                        chosen.append(j)
                        break
            for j in chosen:
                s = sents[j]
                assert article.text[s.start : s.end] == s.text, "evidence span does not match"
                evidence.append(Evidence(article.id, s.start, s.end, s.text,
                                         p_dis if label == DISPUTES else p_rep))
        out.append(Judgement(article.id, label, p_rel, p_dis, tuple(evidence), feats, rule, p_rep))
    return out

