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
)

#: The disputes model reads only the disagreement features (and whether the claim has a
#: number at all): given that an article states the fact, only a conflict should make it
#: a dispute. With the similarity features too, the model learnt from the labels' style
#: (typed dispute probes are short, reports long paraphrases) that a close paraphrase
#: with another number is *not* a dispute; cross-validated on the tuning half the two
#: score alike (disputes F0.5 0.36 against 0.43, P 0.60 against 0.62).
DISPUTE_NAMES = (
    "claim_has_number",
    "number_match",
    "number_conflict",
    "number_conflict_near",
    "time_conflict",
    "negation_xor",
    "opposite",
    "names_swap",
    "names_missing_article",
)

_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD_NUMBERS = {k: v for k, v in NUMBER_WORDS.items() if k not in {"a", "an"}} | {
    "twice": 2, "thrice": 3, "dozen": 12}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?:-\s*)?(hundred|thousand|million|billion|trillion)\b)?"
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
        if m.group(3) and m.group(3).lower() == "one" and not m.group(4):
            continue  # "one of the", "one day": rarely a count that could disagree
        v = _value(m.group(1), m.group(2), m.group(3), m.group(4))
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
