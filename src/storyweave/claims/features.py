"""What a claim and one article's sentences share, and where they disagree, as numbers.

The judge (``claims.judge``) aligns a claim to each article's sentences and feeds a small
logistic model with the features computed here. They are deliberately plain, each a
question a fact-checker asks of an aligned sentence:

- does it say the same thing? MiniLM cosine, TF-IDF cosine, the share of the claim's
  content words, names and word pairs it holds (and the whole article holds);
- do its numbers agree? a number of the claim is *related* to a number of the sentence
  when the words around them overlap ("52 people killed" / "killed 62 people"); related
  numbers that differ, with none equal, are a conflict;
- do its clock times, weekdays and month names agree (same rule);
- does one side deny or reverse the other? negation cues on one side only, and
  opposite words ("increased" / "cut", "rejected" / "agreed", "unpaid" / "paid").

No rule here knows any article, outlet or site; all are word classes of English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..facts.numbers import NUMBER_WORDS
from ..records import normalize
from ..summarize import lexical

#: Feature names, in the order of the model's weights (``model.json``).
NAMES = (
    "emb_best",
    "tfidf_best",
    "recall_best",
    "recall_article",
    "bigram_best",
    "names_best",
    "names_article",
    "claim_has_number",
    "number_match",
    "number_conflict",
    "number_conflict_near",
    "time_conflict",
    "negation_xor",
    "opposite",
    "emb_second",
    "recall_pair",
    "names_missing_article",
    "names_swap",
    "conflict_x_emb",
    # IDF-weighted coverage: a rare word of the claim the article lacks weighs more
    "idf_recall_best",
    "idf_recall_top2",
    "idf_recall_article",
    "idf_missing_max",
    "missing_count",
    "numbers_missing_article",
    # who did what to whom (spaCy parse of the claim and the best 3 aligned sentences)
    "verb_match",
    "slot_agree",
    "slot_conflict",
    "verb_neg_xor",
    "slot_conflict_near",
    "entity_missing_article",
    "entity_swap",
    "entity_swap_near",
    "claim_has_entity",
    "claim_has_frame",
    # the article against the other articles judged with it: a reporter stands out from
    # the articles that do not say it (the claim's own source, a near copy, is left out)
    "emb_vs_median",
    "emb_vs_max",
    "emb_rank",
    "idf_vs_median",
    "idf_rank",
)

#: The disputes model (boosted trees, on related articles) reads every feature. The first
#: judge's logistic disputes model read only the disagreement features: a linear model on
#: all of them learnt the labels' style (typed dispute probes are short, reports long
#: paraphrases). Trees can ask "similar AND a slot filled differently", which a sum of
#: weights cannot; cross-validated on the tuning half (5 folds by cluster) the disputes
#: average precision is 0.43 against 0.25 for the logistic model on disagreement features,
#: and the claim's length, the plainest trace of that style, is no feature.
DISPUTE_NAMES = NAMES
#: Relative features of a single article (no other to compare with) are 0.
RELATIVE = ("emb_vs_median", "emb_vs_max", "emb_rank", "idf_vs_median", "idf_rank")
#: An article whose aligned sentence is this close to the claim is taken as the claim's own
#: source and left out of the others' statistics.
SOURCE_COSINE = 0.97


def relative(feats: Sequence[dict[str, float]]) -> None:
    """Fill the ``RELATIVE`` features of every article in place, from the best-aligned
    MiniLM cosine and IDF-weighted coverage of the other articles."""
    import statistics

    emb = [f["emb_best"] for f in feats]
    idf = [f["idf_recall_best"] for f in feats]
    for i, f in enumerate(feats):
        others = [j for j in range(len(feats)) if j != i and emb[j] < SOURCE_COSINE]
        if not others:
            f.update(dict.fromkeys(RELATIVE, 0.0))
            continue
        oe = [emb[j] for j in others]
        oi = [idf[j] for j in others]
        f["emb_vs_median"] = emb[i] - statistics.median(oe)
        f["emb_vs_max"] = emb[i] - max(oe)
        f["emb_rank"] = sum(v > emb[i] for v in oe) / len(oe)
        f["idf_vs_median"] = idf[i] - statistics.median(oi)
        f["idf_rank"] = sum(v > idf[i] for v in oi) / len(oi)

_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
#: Short scales written onto a sum of money ("$53m", "£1.5bn"); after a plain number
#: "m" is as likely metres, so they count only after a currency sign.
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
_WORD_NUMBERS = {k: v for k, v in NUMBER_WORDS.items() if k not in {"a", "an"}} | {
    "twice": 2, "thrice": 3, "dozen": 12}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?:-\s*)?(hundred|thousand|million|billion|trillion)\b|(mn|m|bn|b|k|tn)\b)?"
    r"|\b(" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")\b"
    r"(?:[\s-]+(hundred|thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(a\.?m\.?|p\.?m\.?)?", re.IGNORECASE)
_CLOCK_SHORT = re.compile(r"\b(\d{1,2})\s*(a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")

#: Cues that a sentence negates or denies what it states.
NEGATION = frozenset(
    "not no never n't without denied deny denies denying rejected reject rejects refused "
    "refuses unrelated false negative none nor neither cannot acquitted dismissed".split()
)
#: Pairs of words that state opposite outcomes (stems on both sides).
_OPPOSITES = [
    ("increas", "cut"), ("increas", "decreas"), ("increas", "reduc"), ("rais", "cut"),
    ("rise", "fall"), ("rose", "fell"), ("higher", "lower"), ("more", "fewer"),
    ("more", "less"), ("gain", "loss"), ("won", "lost"), ("win", "lose"),
    ("agre", "reject"), ("accept", "reject"), ("accept", "refus"), ("confirm", "deni"),
    ("admit", "deni"), ("claim", "deni"), ("positiv", "negativ"), ("paid", "unpaid"),
    ("guilty", "acquitt"), ("alive", "dead"), ("open", "clos"), ("approv", "reject"),
    ("lift", "impos"), ("releas", "held"), ("allow", "ban"), ("support", "oppos"),
    ("rais", "lower"), ("longer", "shorter"), ("before", "after"),
]
OPPOSITES = {a: set() for a, _ in _OPPOSITES} | {b: set() for _, b in _OPPOSITES}
for _a, _b in _OPPOSITES:
    OPPOSITES[_a].add(_b)
    OPPOSITES[_b].add(_a)


@dataclass(frozen=True)
class Quantity:
    """A number in a text, the range its qualifier allows, and the content stems around
    it (what it counts): "at least 290" allows 290 and more, "nearly 300" up to 300."""

    value: float
    context: frozenset[str]
    low: float | None = None
    high: float | None = None

    def allows(self, v: float) -> bool:
        lo = self.value if self.low is None else self.low
        hi = self.value if self.high is None else self.high
        return lo - 0.005 * abs(lo) <= v <= hi + 0.005 * abs(hi)


_AT_LEAST = re.compile(r"\b(?:at least|more than|over|above|upwards of|in excess of|exceeding|passing|passed|topped|beyond)\s+\$?$")
_AT_MOST = re.compile(r"\b(?:up to|less than|fewer than|under|below|nearly|almost|as many as|as much as|no more than|close to)\s+\$?$")
_ABOUT = re.compile(r"\b(?:about|around|some|approximately|roughly|an estimated|estimated|nearly|almost|close to)\s+\$?$")


def _bounds(before: str, v: float) -> tuple[float | None, float | None]:
    b = before.lower()
    if _AT_LEAST.search(b):
        return v, float("inf")
    if _AT_MOST.search(b):
        return (0.9 * v if _ABOUT.search(b) else 0.0), v
    if _ABOUT.search(b):
        return 0.9 * v, 1.1 * v
    return None, None


def _value(digits: str | None, scale: str | None, word: str | None, wscale: str | None) -> float:
    if digits is not None:
        v = float(digits.replace(",", ""))
        s = scale
    else:
        v = float(_WORD_NUMBERS[word.lower()])  # type: ignore[union-attr]
        s = wscale
    if s:
        v *= _SCALES[s.lower()]
    return float(f"{v:.12g}")


def quantities(text: str) -> list[Quantity]:
    """The numbers of ``text`` (digits or words, with scale), clock times left out."""
    t = normalize(text)
    clocks = [m.span() for m in _CLOCK.finditer(t)] + [m.span() for m in _CLOCK_SHORT.finditer(t)]
    out = []
    for m in _NUMBER.finditer(t):
        if any(a <= m.start() < b for a, b in clocks):
            continue
        if m.group(4) and m.group(4).lower() == "one" and not m.group(5):
            continue  # "one of the", "one day": rarely a count that could disagree
        v = _value(m.group(1), m.group(2), m.group(4), m.group(5))
        if m.group(3) and t[max(0, m.start() - 1) : m.start()] in {"$", "\u00a3", "\u20ac"}:
            v = float(f"{v * _SHORT_SCALES[m.group(3).lower()]:.12g}")
        before = lexical.content_stems(t[max(0, m.start() - 40) : m.start()])[-2:]
        after = lexical.content_stems(t[m.end() : m.end() + 40])[:3]
        ctx = frozenset(w for w in before + after if not w[0].isdigit())
        low, high = _bounds(t[max(0, m.start() - 30) : m.start()], v)
        out.append(Quantity(v, ctx, low, high))
    return out


def clock_times(text: str) -> set[int]:
    """Clock times as minutes after midnight (12-hour readings folded to 24 hours)."""
    out = set()
    for m in _CLOCK.finditer(text):
        h, mi, ampm = int(m.group(1)), int(m.group(2)), (m.group(3) or "").lower()
        if h > 23 or mi > 59:
            continue
        if ampm.startswith("p") and h < 12:
            h += 12
        out.add((h % 24) * 60 + mi)
    for m in _CLOCK_SHORT.finditer(text):
        h = int(m.group(1))
        if h <= 12:
            out.add(((h % 12) + (12 if m.group(2).lower().startswith("p") else 0)) * 60)
    return out


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def number_agreement(claim: Sequence[Quantity], sentence: Sequence[Quantity]) -> tuple[float, float]:
    """(share of the claim's numbers the sentence states, 1.0 if a related number differs).

    A claim number counts as stated when the same value occurs in the sentence; it
    conflicts when the sentence has a number about the same thing (shared context stems)
    that is none of the claim's numbers.
    """
    if not claim:
        return 0.0, 0.0
    matched = conflict = 0
    for q in claim:
        # the same number, or a plain number inside the other side's range ("more than
        # $26 million" allows "$26.6 million"); two ranges with different numbers are two
        # counts ("at least 200" is not "at least 290")
        if any(_same(q.value, s.value) or (s.low is None and q.allows(s.value))
               or (q.low is None and s.allows(q.value)) for s in sentence):
            matched += 1
            continue
        # a sentence number that states another number of the claim is not a rival
        related = [s for s in sentence if q.context & s.context
                   and not any(_same(s.value, c.value) for c in claim)]
        if related:
            conflict += 1
    return matched / len(claim), float(conflict > 0)


def time_conflict(claim: str, sentence: str) -> float:
    """1.0 when both name a clock time, a weekday or a month and none agrees."""
    c, s = normalize(claim).lower(), normalize(sentence).lower()
    ct, st = clock_times(c), clock_times(s)
    if ct and st and not ct & st:
        return 1.0
    for names in (_WEEKDAYS, _MONTHS):
        cw = {w for w in names if re.search(rf"\b{w}\b", c)}
        sw = {w for w in names if re.search(rf"\b{w}\b", s)}
        if names is _MONTHS:  # "may" is mostly a verb
            cw.discard("may")
            sw.discard("may")
        if cw and sw and not cw & sw:
            return 1.0
    return 0.0


def negations(text: str) -> int:
    toks = lexical.tokens(text.replace("n't", " n't"))
    return sum(1 for t in toks if t in NEGATION) + text.count("n't")


def opposite(claim_stems: set[str], sentence_stems: set[str]) -> float:
    """1.0 when a word of one side has its opposite on the other and not itself."""
    for w in claim_stems:
        for key, opp in OPPOSITES.items():
            if w.startswith(key) and w not in sentence_stems:
                if any(s.startswith(o) for o in opp for s in sentence_stems) and not any(
                    c.startswith(o) for o in opp for c in claim_stems
                ):
                    return 1.0
    return 0.0


_CAP = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z\u00C0-\u024F'\-]+)")


def names(text: str) -> set[str]:
    """Capitalised words not at a sentence start (names, places, organisations), stemmed."""
    t = normalize(text)
    out = set()
    for m in _CAP.finditer(t):
        w = m.group(1).lower()
        if not lexical.is_stop(w) and w not in _WEEKDAYS and w not in _MONTHS:
            out.add(lexical.stem(w))
    return out


# ------------------------------------------------------------ who did what to whom
#
# The false ``reports`` the first judge made were mostly claims with one thing changed: the
# same verb and most of the words, another actor, place, charge or number. A bag of words
# cannot see that; a parse can. For the claim and the aligned sentence we read each verb's
# frame (who, what, and the objects of its prepositions) and the named entities by type,
# and ask: same verb, and a different filler in the same slot? a name of the claim missing
# from the article while the sentence names another of the same type?

#: Entity types whose swap changes the fact (dates and numbers have their own features).
ENTITY_TYPES = frozenset({"PERSON", "GPE", "LOC", "ORG", "FAC", "NORP", "EVENT", "PRODUCT"})
#: Verbs that carry no fact of their own.
_LIGHT_VERBS = frozenset({"be", "have", "do", "say", "tell", "report", "add", "according"})
_PRONOUNS = frozenset("he she it they we i you him her them us who which that this these those".split())


@dataclass(frozen=True)
class Frame:
    """One verb of a sentence with its slot fillers (content stems)."""

    verb: str
    negated: bool
    subj: frozenset[str]
    obj: frozenset[str]
    preps: tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True)
class Analysis:
    frames: tuple[Frame, ...]
    #: (entity type, content stems of the entity)
    entities: tuple[tuple[str, frozenset[str]], ...]


def _span_stems(tok) -> frozenset[str]:
    """The stems of a slot filler: its head with its compounds and modifiers' names."""
    words = [tok] + [c for c in tok.children if c.dep_ in {"compound", "amod", "nummod", "poss", "appos"}]
    out = set()
    for w in words:
        t = w.text.lower()
        if t in _PRONOUNS or lexical.is_stop(t):
            continue
        out.update(lexical.content_stems(t))
    return frozenset(out)


def _frame(verb) -> Frame:
    subj: set[str] = set()
    obj: set[str] = set()
    preps = []
    negated = False
    for c in verb.children:
        dep = c.dep_
        if dep == "neg":
            negated = True
        elif dep in {"nsubj", "csubj"}:
            subj |= _span_stems(c)
        elif dep in {"nsubjpass", "dobj", "attr", "oprd", "dative"}:
            obj |= _span_stems(c)
        elif dep == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    subj |= _span_stems(g)
        elif dep == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    preps.append((c.lemma_.lower(), _span_stems(g)))
    return Frame(verb.lemma_.lower(), negated, frozenset(subj), frozenset(obj), tuple(preps))


@lru_cache(maxsize=20_000)
def analyse(text: str) -> Analysis:
    """The verb frames and typed entities of one sentence (spaCy's full pipeline; cached,
    since the brief asks about the same article sentences for every summary sentence)."""
    from .. import nlp

    doc = nlp.pipeline()(normalize(text)[:2000])
    frames = tuple(_frame(t) for t in doc if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() not in _LIGHT_VERBS)
    ents = tuple((e.label_, frozenset(lexical.content_stems(e.text))) for e in doc.ents
                 if e.label_ in ENTITY_TYPES and lexical.content_stems(e.text))
    return Analysis(frames, ents)


def _differ(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and not a & b


def frame_agreement(claim: Analysis, sentence: Analysis) -> dict[str, float]:
    """How the claim's verb frames meet the sentence's.

    ``verb_match``: share of the claim's verbs the sentence has; ``slot_agree``: share of
    the matched verbs' filled slots (subject, object, prepositions) whose fillers share a
    stem; ``slot_conflict``: a matched verb has a slot filled on both sides with nothing in
    common; ``verb_neg_xor``: a matched verb negated on one side only.
    """
    out = {"verb_match": 0.0, "slot_agree": 0.0, "slot_conflict": 0.0, "verb_neg_xor": 0.0}
    if not claim.frames:
        return out
    by_verb: dict[str, list[Frame]] = {}
    for f in sentence.frames:
        by_verb.setdefault(f.verb, []).append(f)
    matched = agree = slots = 0
    for cf in claim.frames:
        cands = by_verb.get(cf.verb)
        if not cands:
            continue
        matched += 1
        best_agree, best_slots, best_conf, neg = -1, 0, 1.0, 1.0
        for sf in cands:
            a = n = conf = 0
            pairs = [(cf.subj, sf.subj), (cf.obj, sf.obj)]
            sp = dict(sf.preps)
            pairs += [(fill, sp[p]) for p, fill in cf.preps if p in sp]
            for x, y in pairs:
                if x and y:
                    n += 1
                    if x & y:
                        a += 1
                    else:
                        conf = 1
            if a > best_agree or (a == best_agree and conf < best_conf):
                best_agree, best_slots, best_conf = a, n, conf
                neg = float(cf.negated != sf.negated)
        agree += best_agree
        slots += best_slots
        out["slot_conflict"] = max(out["slot_conflict"], float(best_conf))
        out["verb_neg_xor"] = max(out["verb_neg_xor"], neg)
    out["verb_match"] = matched / len(claim.frames)
    out["slot_agree"] = agree / slots if slots else 0.0
    return out


def entity_swap(claim: Analysis, sentence: Analysis, article_stems: set[str]) -> tuple[float, float]:
    """(share of the claim's entities the article never names, 1.0 if one of them is
    missing while the sentence names another entity of the same type the claim does not)."""
    if not claim.entities:
        return 0.0, 0.0
    claim_stems = set().union(*(s for _, s in claim.entities))
    missing = [(t, s) for t, s in claim.entities if not s & article_stems]
    swap = 0.0
    for t, _s in missing:
        if any(st == t and not ss & claim_stems for st, ss in sentence.entities):
            swap = 1.0
    return len(missing) / len(claim.entities), swap
