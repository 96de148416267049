"""Numeric statements, grouped across articles, with their disagreements.

A figure is a number the NER model marks (CARDINAL, MONEY, PERCENT, QUANTITY),
read with its qualifier ("at least", "some", "close to"), what it counts (the
noun it modifies and the event that noun takes part in: "civilians killed"), its
scope (the places and the date expression of its clause; "since" makes the date a
starting point), and its source ("according to X", "X said", a quotation's
speaker; an attribution carries over to the next sentence of the paragraph, as
news writing lets it).

Across articles, figures about the same quantity are grouped: same event class,
compatible things counted (people, children, fighters), compatible places, and
time scopes of the same kind: the same day, or a running total (since a date, or
over a week or more). Within a group, figures with the same scope and different
values are a disagreement; figures whose scopes differ are listed with how.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from ..records import Disagreement, Figure, normalize
from .entities import ArticleNames, fold
from .numbers import NUMBER_WORDS, spelled_number
from .parse import Parsed
from .quotes import Resolver, _speech_verbs, _subject
from .timeline import resolve

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

QUALIFIERS = [
    "at least",
    "at most",
    "more than",
    "less than",
    "fewer than",
    "greater than",
    "as many as",
    "as few as",
    "up to",
    "upwards of",
    "in excess of",
    "no fewer than",
    "no less than",
    "well over",
    "just over",
    "just under",
    "an estimated",
    "estimated",
    "close to",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "over",
    "under",
    "only",
    "another",
    "about",
]
ONES = NUMBER_WORDS
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
    "bn": 1_000_000_000,
    "m": 1_000_000,
    "k": 1_000,
}
CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "\u20ac": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "\u00a3": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "\u00a5": "JPY",
    "yen": "JPY",
    "yuan": "CNY",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rupees": "INR",
}
#: ISO 4217 codes written before an amount ("CLP 1,000,000", "USD 2,500"); not those
#: that are also English words ("TRY", "COP", "PEN", "ALL").
ISO_CODES = {
    "usd", "eur", "gbp", "jpy", "cny", "rub", "inr", "chf", "cad", "aud", "nzd", "clp",
    "brl", "mxn", "ars", "hkd", "sgd", "krw", "zar", "sek", "nok", "dkk", "pln", "czk",
    "huf", "idr", "myr", "php", "thb", "vnd", "pkr", "ngn", "egp", "ils", "sar", "aed",
    "uah", "twd",
}
CURRENCIES.update({code: code.upper() for code in ISO_CODES})
_ISO_WORD = re.compile(r"\b(?:" + "|".join(sorted(ISO_CODES)) + r")\b")
#: Event classes: what a counted noun takes part in.
EVENTS = {
    "killed": {
        "kill",
        "die",
        "dead",
        "death",
        "slay",
        "perish",
        "execute",
        "massacre",
        "murder",
        "lose",
        "claim",
        "leave",
    },
    "injured": {"injure", "wound", "hurt", "injured", "wounded", "maim"},
    "displaced": {
        "displace",
        "flee",
        "evacuate",
        "transfer",
        "relocate",
        "uproot",
        "deport",
        "transport",
        "move",
        "expel",
    },
    "detained": {"arrest", "detain", "capture", "jail", "imprison", "hold", "abduct", "kidnap"},
    "living": {"live", "reside", "trap", "besiege", "remain", "stay", "shelter"},
    "strikes": {"strike", "raid", "target", "bomb", "shell", "hit", "attack", "launch", "fire"},
}
PEOPLE = {
    "people",
    "person",
    "civilian",
    "resident",
    "victim",
    "other",
    "inhabitant",
    "individual",
    "man",
    "woman",
    "adult",
    "refugee",
    "migrant",
    "patient",
    "worker",
    "citizen",
    "family",
}
CHILDREN = {"child", "kid", "minor", "baby", "infant", "boy", "girl", "student", "pupil"}
FIGHTERS = {
    "fighter",
    "rebel",
    "militant",
    "soldier",
    "troop",
    "combatant",
    "insurgent",
    "member",
    "jihadist",
    "officer",
    "policeman",
    "police",
    "gunman",
    "militiaman",
}
PLACE_NOUNS = {
    "area",
    "district",
    "city",
    "town",
    "village",
    "neighbourhood",
    "neighborhood",
    "province",
    "region",
    "country",
    "camp",
    "border",
    "part",
    "side",
    "quarter",
    "territory",
    "zone",
    "suburb",
    "street",
    "capital",
    "state",
    "county",
    "east",
    "west",
    "north",
    "south",
    "hospital",
    "school",
    "market",
}
LOCATIVE = {
    "in",
    "at",
    "across",
    "inside",
    "near",
    "around",
    "throughout",
    "outside",
    "within",
    "on",
    "from",
    "to",
    "into",
}
DIRECTIONS = {
    "eastern",
    "western",
    "northern",
    "southern",
    "east",
    "west",
    "north",
    "south",
    "central",
    "north-western",
    "north-eastern",
    "south-western",
    "south-eastern",
    "northwestern",
    "northeastern",
    "southwestern",
    "southeastern",
}
_CONTROL = re.compile(r"^(\w+)-(?:held|controlled|run)$")
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
#: verbs that say nothing about what a number counts
LIGHT_VERBS = {"include", "be", "have", "do", "get", "say", "tell", "add", "report", "note"}
#: a running total covers at least this many days (shorter windows are a latest toll)
RUNNING_TOTAL_DAYS = 7


# ---------------------------------------------------------------- reading a number


def parse_number(text: str) -> tuple[float, float] | None:
    """``(low, high)`` of a number written in digits or words; ``None`` if vague.

    "1.4 million" -> 1.4e6; "Three hundred" -> 300; "two dozen" -> 24;
    "10 to 20", "10-20", "between 10 and 20" -> (10, 20).
    """
    t = normalize(text).lower().replace(",", "")
    t = re.sub(r"^(?:between|from)\s+", "", t)
    # "$986-billion": a hyphen between a number and its scale joins them, it is no range
    t = re.sub(r"(\d)\s*-\s*(hundred|thousand|million|billion|trillion)\b", r"\1 \2", t)
    # one spelled-out cardinal ("twenty-two thousand", "one hundred and five") is no range
    spelled = spelled_number(t)
    if spelled is not None:
        return _tidy(spelled), _tidy(spelled)
    m = re.match(r"^(.+?)\s*(?:-|\u2013|to|and|or)\s*(.+)$", t)
    if m and not re.fullmatch(r"[a-z]+-[a-z]+", t):
        lo, hi = _single(m.group(1)), _single(m.group(2))
        if lo is not None and hi is not None and lo < hi:
            return lo, hi
    v = _single(t)
    return None if v is None else (v, v)


def _single(t: str) -> float | None:
    t = t.strip().strip("$\u20ac\u00a3\u00a5%").strip()
    t = re.sub(r"\s*(?:per\s*cent|percent|pc)$", "", t)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z]+)?", t)
    if m:
        v = float(m.group(1))
        scale = m.group(2)
        if scale:
            if scale not in SCALES:
                return None
            v *= SCALES[scale]
        return _tidy(v)
    total = 0.0
    current = 0.0
    seen = False
    for w in re.split(r"[\s-]+", t):
        if w in {"and", ""}:
            continue
        if w in ONES:
            current += ONES[w]
            seen = True
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            m = re.fullmatch(r"\d+(?:\.\d+)?", w)
            if m:
                current += float(w)
                seen = True
            else:
                return None
    return _tidy(total + current) if seen else None


def _tidy(v: float) -> float:
    """8.2 x 10^9 is 8200000000, not the 8199999999.999999 of binary floating point."""
    return float(f"{v:.12g}")


def _qualifier(words_before: str) -> str:
    low = " " + normalize(words_before).lower()
    for q in sorted(set(QUALIFIERS), key=len, reverse=True):
        if low.endswith(" " + q):
            return q
    return ""


def _participle(tok: Token) -> str:
    if tok.tag_ in {"VBN", "VBD"} or tok.pos_ == "ADJ":
        return tok.lower_
    lemma = tok.lemma_.lower()
    irregular = {
        "lose": "lost",
        "leave": "left",
        "flee": "fled",
        "hold": "held",
        "take": "taken",
        "hit": "hit",
        "shoot": "shot",
        "die": "died",
        "make": "made",
        "give": "given",
        "find": "found",
        "bring": "brought",
        "send": "sent",
        "keep": "kept",
        "build": "built",
        "drive": "driven",
        "put": "put",
        "set": "set",
    }
    if lemma in irregular:
        return irregular[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if (
        re.search(r"(?:fer|mit|pel|[^aeiou][aeiou][bdgmnpt])$", lemma)
        and len(lemma) <= 8
        and not lemma.endswith(("en", "er"))
        or lemma.endswith("fer")
    ):
        return lemma + lemma[-1] + "ed"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def is_counting_date(ent: Span) -> bool:
    """A number range the model calls a DATE ("Between 40 and 50 homes")."""
    return bool(_COUNT_RANGE.fullmatch(ent.text.lower())) and any(t.dep_ == "nummod" for t in ent)


_COUNT_RANGE = re.compile(r"(?:between\s+)?\d[\d,.]*\s*(?:and|to|-|\u2013)\s*\d[\d,.]*")


# ---------------------------------------------------------------- one article


@dataclass
class _Found:
    figure: Figure
    paragraph: int
    sentence_index: int
    noun_class: str = ""
    places: frozenset[str] = frozenset()
    sides: frozenset[str] = frozenset()
    time_kind: str = ""  # "since", "recent", "day", ""
    days: int | None = None
    anchored: bool = False


def _counted(num: Token) -> tuple[str, str, str, Token | None]:
    """``(counted, event class, noun class, event token)`` for a number token."""
    noun = (
        num.head if num.dep_ in {"nummod", "quantmod"} and num.head is not num else None
    )
    seen = {num.i}
    while (
        noun is not None
        and (noun.pos_ == "NUM" or noun.lemma_.lower() in SCALES)
        and noun.head is not noun
    ):
        # "two dozen civilians", "hundreds of people". The walk remembers where it has
        # been: "fell to $5.5m" can parse "5.5" and "m" as two objects of "to", and
        # going up to "to" and down to its first object would then go round for ever.
        seen.add(noun.i)
        noun = noun.head
        if noun.pos_ == "ADP":
            seen.add(noun.i)
            noun = next((c for c in noun.children if c.dep_ == "pobj" and c.i not in seen), None)
        if noun is not None and noun.i in seen:
            noun = None
    if noun is None or noun.pos_ not in {"NOUN", "PROPN", "PRON"}:
        # "the toll rose to 43", "killed 43": the number stands alone
        noun = None
    words: list[str] = []
    noun_class = ""
    event: Token | None = None
    if noun is not None:
        mods = [
            c
            for c in noun.children
            if c.i < noun.i
            and c.dep_ in {"amod", "compound"}
            and c.lower_ not in {"other", "more", "further", "additional", "another"}
        ]
        first = min((t.i for c in mods for t in c.subtree), default=noun.i)
        words.append(noun.doc[first : noun.i + 1].text)
        lemma = noun.lemma_.lower()
        if lemma in CHILDREN:
            noun_class = "children"
        elif lemma in FIGHTERS or any(fold(w).endswith(("rebels", "fighters")) for w in words):
            noun_class = "fighters"
        elif lemma in PEOPLE:
            noun_class = "people"
        else:
            noun_class = lemma
        event = _event_of(noun)
    else:
        event = _event_of(num)
    phrase = " ".join(words)
    if event is not None and event.lemma_.lower() in LIGHT_VERBS:
        event = None  # "including 123 children" is part of another count; "have" tells nothing
    if event is not None and event.lemma_.lower() == "estimate":
        event = _event_of(event) or event
    if event is not None:
        # "left 145 people dead": the adjective is the event
        comp = [
            c
            for c in event.children
            if c.dep_ in {"oprd", "acomp", "ccomp", "xcomp"} and c.pos_ == "ADJ"
        ]
        ev = comp[0] if comp and event.lemma_ == "leave" else event
        word = _participle(ev)
        if ev.lemma_ == "lose" and any(c.lemma_ in {"life", "live"} for c in ev.children):
            word = "lost their lives"
        kind = next(
            (
                k
                for k, lemmas in EVENTS.items()
                if ev.lemma_.lower() in lemmas or ev.lower_ in lemmas
            ),
            ev.lemma_.lower(),
        )
        if ev.lemma_ == "leave" and not comp:
            kind = "left"
        if ev.lemma_ == "lose" and word != "lost their lives":
            kind = "lost"
        counted = f"{phrase} {word}".strip()
        return counted, kind, noun_class, ev
    return phrase, "", noun_class, None


def _event_of(tok: Token) -> Token | None:
    """The verb (or adjective) a counted noun is the subject or object of."""
    for c in tok.children:
        if c.dep_ in {"relcl", "acl"} and c.pos_ in {"VERB", "ADJ"}:
            return c
    cur = tok
    for _ in range(3):
        head = cur.head
        if head is cur:
            return None
        if cur.dep_ in {
            "nsubj",
            "nsubjpass",
            "dobj",
            "attr",
            "pobj",
            "conj",
            "appos",
        } and head.pos_ in {"VERB", "ADJ", "AUX"}:
            if head.lemma_ == "be":
                # "Among the dead were six children": the predicate holds the event
                for c in head.children:
                    if c.dep_ == "prep":
                        for g in c.children:
                            if g.lemma_ in EVENTS["killed"] | EVENTS["injured"]:
                                return g
                return None
            return head
        if cur.dep_ in {"pobj"}:
            cur = head
            continue
        if head.pos_ in {"ADP"}:
            cur = head
            continue
        return None
    return None


def _places(
    sent: Span, num: Token, places: set[str]
) -> tuple[str, frozenset[str], frozenset[str]]:
    """The places of a figure's sentence as written, their key words, their side qualifiers."""
    chosen: list[tuple[int, Token]] = []
    for tok in sent:
        if tok.dep_ not in {"pobj", "poss"}:
            continue
        head = tok.head
        prep = head if tok.dep_ == "pobj" else (head.head if head.dep_ == "pobj" else None)
        if prep is None or prep.lower_ not in LOCATIVE or prep.head.lower_ == "according":
            continue
        known = fold(tok.text) in places  # a place elsewhere in the story
        is_place = (
            known or tok.ent_type_ in {"GPE", "LOC", "FAC"} or tok.lemma_.lower() in PLACE_NOUNS
        )
        if not is_place or (not known and tok.ent_type_ in {"DATE", "TIME", "ORG", "PERSON"}):
            continue
        chosen.append((abs(tok.i - num.i), tok))
    chosen.sort(key=lambda x: x[0])
    texts: list[str] = []
    keys: set[str] = set()
    sides: set[str] = set()
    for _, tok in chosen[:2]:
        parts = [
            t for t in tok.subtree if t.i <= tok.i and t.dep_ not in {"det", "case"} and not t.like_num
        ]
        while parts and (parts[0].is_punct or parts[0].dep_ == "det"):
            parts.pop(0)
        text = tok.doc[parts[0].i : tok.i + 1].text if parts else tok.text
        texts.append(text)
        for t in parts:
            low = fold(t.text)
            if low in DIRECTIONS:
                sides.add("dir:" + low.replace("ern", "").replace("-", ""))
            m = _CONTROL.match(low)
            if m:
                side = m.group(1)
                side = {"regime": "government", "opposition": "rebel", "militant": "rebel"}.get(
                    side, side
                )
                sides.add("ctl:" + side)
            if t.pos_ == "PROPN":
                keys.add(low)
    return "; ".join(texts), frozenset(keys), frozenset(sides)


def _when(
    sent: Span, num: Token, offset: int, anchor: date | None
) -> tuple[str, str | None, str | None, str, int | None]:
    """``(as written, since, until, kind, days)`` of the date expression nearest the number."""
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    best = None
    # the nearest; at equal distance the one after the number, where news puts a figure's
    # date ("fell from €24.2m in 2014 to €5.58m last year": €5.58m is last year's)
    for ent in sorted(dates, key=lambda e: (abs(e.root.i - num.i), e.root.i < num.i)):
        r = resolve(ent.text, anchor) if anchor else None
        if anchor is not None and r is None:
            continue
        best = (ent, r)
        break
    if best is None:
        return "", None, None, "", None
    ent, r = best
    before = sent.doc[max(sent.start, ent.start - 12) : ent.start]
    since = any(t.lower_ == "since" for t in before) and not any(
        e.label_ == "DATE" and before.start <= e.start < ent.start for e in dates
    )
    prep = sent.doc[ent.start - 1].lower_ if ent.start > sent.start else ""
    if since:
        written = f"since {ent.text}" if not ent.text.lower().startswith("since") else ent.text
    elif prep in {"on", "in", "during", "over", "since", "by", "until", "from", "within"}:
        written = f"{prep} {ent.text}"
    else:
        written = ent.text
    if r is None:
        return written, None, None, "since" if since else "", None
    start = r.start
    if since:
        until = anchor
        kind = "since"
    elif r.end is not None:
        until = r.end
        kind = "recent" if r.precision == "day" else r.precision
    else:
        until = start if r.precision == "day" else None
        kind = "day" if r.precision == "day" else r.precision
    days = (until - start).days if until else None
    calendar = bool(_MONTH_NAME.search(ent.text))
    if kind == "since" and calendar:
        pass  # a running total from a calendar date ("since September 19")
    elif kind in {"recent", "since"} and days is not None:
        kind = "since" if days >= RUNNING_TOTAL_DAYS else "recent"
    return written, start.isoformat(), until.isoformat() if until else None, kind, days


def article_figures(
    parsed: Parsed,
    names: ArticleNames,
    quotes: Sequence[tuple[int, int, str]],
    anchor: date | None,
    anchored: bool,
    places: set[str] | None = None,
) -> list[_Found]:
    """The figures of one article; ``quotes`` are ``(start, end, speaker)`` in its text."""
    art = parsed.article
    text = art.text
    resolver = Resolver(names)
    out: list[_Found] = []
    for p, (offset, doc) in enumerate(parsed.paragraphs):
        carried_source: str | None = None
        carried_when: tuple[str, str | None, str | None, str, int | None] | None = None
        carried_what: tuple[str, str] = ("", "")  # (unit, noun class) of the figure it came with
        for si, sent in enumerate(doc.sents):
            sent_figs: list[_Found] = []
            source = _source(sent, offset, resolver, names)
            for ent in sent.ents:
                if ent.label_ not in {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"} and not (
                    ent.label_ == "DATE" and is_counting_date(ent)
                ):
                    continue
                found = _figure(ent, sent, offset, text, art.id)
                if found is None:
                    continue
                fig, num = found
                counted, kind, noun_class, _ = _counted(num)
                if fig.unit == "count" and (num.dep_ == "compound" or not (noun_class or kind in EVENTS)):
                    continue  # a model number ("Porsche 911"), or a number that counts nothing named
                if fig.unit == "count" and (_clock_time(ent) or _in_a_name(ent)):
                    continue  # "at 16.50 UTC"; "the 38 North website", "the FTSE 100"
                where, keys, sides = _places(sent, num, places or set())
                when = _when(sent, num, offset, anchor)
                if not when[0] and carried_when is not None and carried_what == (fig.unit, noun_class) and noun_class:
                    # "in one week, about 840 people have been injured. Three hundred
                    # people have lost their life": the same count goes on; a price, a
                    # charge sheet or a bus number in the next sentence does not
                    when = carried_when
                start = offset + ent.start_char
                inside = [spk for (qs, qe, spk) in quotes if qs <= start < qe]
                attributed = inside[0] if inside else (source or carried_source)
                fig = replace(
                    fig,
                    counted=counted,
                    kind=kind,
                    where=where,
                    when=when[0],
                    since=when[1],
                    until=when[2],
                    attributed_to=attributed,
                )
                sent_figs.append(
                    _Found(fig, p, si, noun_class, keys, sides, when[3], when[4], anchored)
                )
            if sent_figs:
                out.extend(sent_figs)
                if source:
                    carried_source = source
                whens = [
                    ((f.figure.when, f.figure.since, f.figure.until, f.time_kind, f.days),
                     (f.figure.unit, f.noun_class))
                    for f in sent_figs
                    if f.figure.when
                ]
                if whens:
                    carried_when, carried_what = whens[0]
    return out


#: What follows a clock time: "16.50 UTC", "8:00 a.m.", "06:44 local time".
_CLOCK_AFTER = {"utc", "gmt", "a.m.", "p.m.", "am", "pm", "a.m", "p.m", "local", "hrs", "h", "hours", "edt", "est", "bst", "cet"}


def _clock_time(ent: Span) -> bool:
    """A time of day written as a number ("at 16.50 UTC", "(18.00 UTC)", "at 06:44")."""
    if not re.fullmatch(r"\d{1,2}[.:][0-5]\d(?::[0-5]\d)?", ent.text.strip()):
        return False
    doc = ent.doc
    after = doc[ent.end].lower_ if ent.end < len(doc) else ""
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return after in _CLOCK_AFTER or before in {"at", "by", "until", "till", "from"} or ":" in ent.text


def _in_a_name(ent: Span) -> bool:
    """A number that is part of a name: after the proper noun it belongs to ("FTSE 100",
    "Type 22 frigate", "TV 2"), or before a proper noun with a singular head ("the 38
    North website", "the 11 News I-Team"): a count above one takes a plural noun
    ("eight Royal Navy personnel", "three Underground trains" are counts)."""
    if len(ent) != 1 or not ent[0].like_num:
        return False
    num = ent[0]
    head = num.head
    if head.i == num.i - 1 and head.text[:1].isupper() and head.ent_type_ not in {"NORP", "DATE"}:
        return True
    if head.i <= num.i or head.pos_ not in {"NOUN", "PROPN"} or head.tag_ not in {"NN", "NNP"}:
        return False
    if not re.fullmatch(r"\d[\d,]*", num.text) or int(num.text.replace(",", "")) < 2:
        return False
    between = num.doc[num.i + 1 : head.i + 1]
    return any(
        t.text[:1].isupper() and (t.pos_ == "PROPN" or t.ent_type_ in {"LOC", "ORG", "GPE", "FAC"})
        and t.ent_type_ != "NORP"
        for t in between
    )


def _figure(
    ent: Span, sent: Span, offset: int, text: str, article: str
) -> tuple[Figure, Token] | None:
    doc = ent.doc
    label = ent.label_
    first, last = _money_bounds(ent, sent)
    raw = doc[first:last].text
    # the qualifier may be inside the entity ("At least seven") or just before it ("close to 145")
    q_inside = ""
    words = raw.split()
    number_start = 0
    for i in range(len(words), 0, -1):
        q = _qualifier(" ".join(words[:i]))
        if q and len(q.split()) == i:
            q_inside, number_start = q, i
            break
    before = doc[max(sent.start, first - 3) : first].text
    qualifier = q_inside or _qualifier(before)
    num_words = words[number_start:]
    num_text = " ".join(num_words)
    unit = "count"
    low_raw = num_text.lower()
    cur = next(
        (
            code
            for sym, code in CURRENCIES.items()
            if sym in low_raw.split() or low_raw.startswith(sym)
        ),
        None,
    )
    if label == "MONEY" or cur:
        unit = cur or "money"
    if label == "PERCENT" or re.search(r"%|\bper\s*cent\b|\bpercent\b", low_raw):
        unit = "percent"  # the model calls "20 per cent" MONEY
    cleaned = re.sub(r"(?:us)?\$|\u20ac|\u00a3|\u00a5|%", " ", low_raw)
    cleaned = re.sub(
        r"\b(?:dollars?|euros?|pounds?|yen|yuan|roubles?|rubles?|rupees|per\s*cent|percent|of)\b",
        " ",
        cleaned,
    )
    cleaned = re.sub(_ISO_WORD, " ", cleaned)
    cleaned = re.sub(r"\b(?:a|an)\s+(dozen|hundred|thousand|million|billion)\b", r"1 \1", cleaned)
    got = parse_number(" ".join(cleaned.split()))
    if got is None:
        return None
    lo, hi = got
    # years and ages dressed as cardinals are not counts
    if unit == "count" and lo == hi and re.fullmatch(r"(?:19|20)\d\d", num_text):
        return None
    num_token = ent.root
    for t in ent:
        if t.like_num:
            num_token = t
    for t in ent:
        if t.dep_ == "nummod":
            num_token = t  # in a range, the number that modifies the noun
    # the number as written, from the first digit or number word to the end of the entity
    nstart = doc[first].idx
    span_end = nstart + len(raw)
    if number_start and num_words:
        skip = len(" ".join(words[:number_start]))
        nstart = nstart + raw.index(num_words[0], skip)
    s, e = offset + nstart, offset + span_end
    ss, se = offset + sent.start_char, offset + sent.end_char
    fig = Figure(
        value=lo if lo == hi else (lo + hi) / 2,
        low=lo,
        high=hi,
        number=text[s:e],
        sentence=text[ss:se],
        article=article,
        start=s,
        end=e,
        qualifier=qualifier.lower(),
        unit=unit,
    )
    return fig, num_token


#: Words after a number that belong to it: a scale ("$5.5m", "24.2 million") and then a
#: currency or percent word ("24.2 million euros", "20 per cent").
_AFTER_SCALE = {k for k in SCALES if k not in {"dozen"}}
_AFTER_UNIT = {k for k in CURRENCIES if k.isalpha()} | {"percent"}


def _money_bounds(ent: Span, sent: Span) -> tuple[int, int]:
    """The token range of a figure: the entity, widened over what the model leaves out.

    The small model often marks only the digits of "$5.5m" or "€24.2m", and "24.2
    million" without the "euros" after it: the value then lost its scale (5.5 for five
    and a half million) and the currency. A currency sign glued to the front, a scale
    glued to the back or written as a word, and a currency word or "per cent" right
    after are part of the figure.
    """
    doc = ent.doc
    first, last = ent.start, ent.end
    if first > sent.start:
        prev = doc[first - 1]
        if prev.whitespace_ == "" and prev.text.lower() in CURRENCIES:
            first -= 1
        elif prev.text.isupper() and prev.text.lower() in ISO_CODES:
            first -= 1  # "CLP 1,000,000"
    if last < sent.end:
        nxt = doc[last]
        glued = doc[last - 1].whitespace_ == ""
        if nxt.lower_ in _AFTER_SCALE and (glued or len(nxt.text) > 2) and doc[last - 1].like_num:
            last += 1
    if last < sent.end and doc[last].lower_ in _AFTER_UNIT:
        last += 1
    elif last + 1 < sent.end and doc[last].lower_ == "per" and doc[last + 1].lower_ == "cent":
        last += 2
    return first, last


def _source(sent: Span, offset: int, resolver: Resolver, names: ArticleNames) -> str | None:
    """Who a sentence attributes its content to: "according to X", "X said"."""
    verbs = _speech_verbs(sent.doc, sent.start_char, sent.end_char, set())
    verbs.sort(key=lambda v: (0 if v.lower_ == "according" else 1, sum(1 for _ in v.ancestors)))
    for v in verbs:
        subj = _subject(v)
        if subj is None:
            continue
        if subj.pos_ == "PRON" and subj.lower_ in {"he", "she"}:
            who = names.person_before(offset + subj.idx)
            if who:
                return who
        got = resolver.resolve(subj, offset + subj.idx)
        if got:
            return got[0]
    return None


# ---------------------------------------------------------------- across articles


@dataclass
class Grouping:
    figures: list[Figure]
    disagreements: list[Disagreement] = field(default_factory=list)


def _compatible(a: _Found, b: _Found) -> bool:
    fa, fb = a.figure, b.figure
    if not fa.kind or fa.kind != fb.kind or fa.unit != fb.unit:
        return False
    if a.noun_class != b.noun_class:
        return False
    if a.places and b.places and not (a.places & b.places):
        return False
    for prefix in ("dir:", "ctl:"):
        sa = {s for s in a.sides if s.startswith(prefix)}
        sb = {s for s in b.sides if s.startswith(prefix)}
        if sa and sb and not (sa & sb):
            return False
    if not a.time_kind and not b.time_kind:
        # no time given by either (common in undated copy): the same named place must
        # carry them ("killed 300 people in Nepal" / "killed 250 in Nepal")
        return bool(a.places & b.places)
    if a.time_kind != b.time_kind:
        return False
    if a.time_kind == "day":
        return fa.since == fb.since
    if a.anchored and b.anchored and fa.since and fb.since and fa.until and fb.until:
        # both dated by their outlets: the periods must overlap
        return max(fa.since, fb.since) <= min(fa.until, fb.until)
    return True


def _slug(f: Figure, places: frozenset[str]) -> str:
    where = sorted(places)[0] if places else ""
    base = "-".join(w for w in re.findall(r"[a-z0-9]+", fold(f"{f.kind} {where}")) if w)
    return base or "figures"


def group_figures(found: Sequence[_Found], labels: dict[str, str]) -> Grouping:
    """Group figures about the same quantity across articles and flag how they differ."""
    groups: list[list[int]] = []
    for i, f in enumerate(found):
        for g in groups:
            if all(_compatible(f, found[j]) for j in g):
                g.append(i)
                break
        else:
            groups.append([i])
    figures = [f.figure for f in found]
    disagreements: list[Disagreement] = []
    used: dict[str, int] = {}
    for g in groups:
        if len({found[j].figure.article for j in g}) < 2:
            continue
        slug = _slug(found[g[0]].figure, frozenset().union(*(found[j].places for j in g)))
        used[slug] = used.get(slug, 0) + 1
        gid = slug if used[slug] == 1 else f"{slug}-{used[slug]}"
        for j in g:
            figures[j] = replace(figures[j], group=gid)
        disagreements.extend(_differences(gid, g, found, labels))
    return Grouping(figures, disagreements)


def _scope_key(f: _Found) -> tuple:
    return (
        f.figure.since if f.time_kind != "recent" else f.days,
        f.figure.until if f.time_kind == "day" else None,
        f.places,
        f.sides,
        fold(f.figure.counted),
    )


def _describe(f: Figure, labels: dict[str, str]) -> str:
    q = f"{f.qualifier} " if f.qualifier else ""
    value = int(f.value) if float(f.value).is_integer() else f.value
    scope = f" ({f.scope})" if f.scope else ""
    return f"{q}{value:,} {f.counted}{scope} [{labels.get(f.article, f.article)}]"


def _differences(
    gid: str, g: list[int], found: Sequence[_Found], labels: dict[str, str]
) -> list[Disagreement]:
    out = []
    by_scope: dict[tuple, list[int]] = {}
    for j in g:
        by_scope.setdefault(_scope_key(found[j]), []).append(j)
    for members in by_scope.values():
        values = {(found[j].figure.low, found[j].figure.high) for j in members}
        articles = {found[j].figure.article for j in members}
        if len(values) > 1 and len(articles) > 1:
            note = "same scope, different values: " + "; ".join(
                _describe(found[j].figure, labels) for j in members
            )
            out.append(Disagreement(gid, "values", tuple(members), note))
    if len(by_scope) > 1:
        how = []
        since = {found[j].figure.when for j in g if found[j].figure.when}
        if len({found[j].figure.since for j in g}) > 1 and since:
            how.append("time (" + " vs ".join(sorted(since)) + ")")
        wheres = {found[j].figure.where for j in g}
        if len(wheres) > 1:
            how.append("place (" + " vs ".join(sorted(w or "unstated" for w in wheres)) + ")")
        counted = {found[j].figure.counted for j in g}
        if len(counted) > 1:
            how.append("what is counted (" + " vs ".join(sorted(counted)) + ")")
        note = (
            "scopes differ in "
            + (", ".join(how) or "detail")
            + ": "
            + "; ".join(_describe(found[j].figure, labels) for j in g)
        )
        out.append(Disagreement(gid, "scope", tuple(g), note))
    return out
