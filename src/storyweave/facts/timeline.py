"""Dated events, and the publication date of an article that gives none.

Date expressions (spaCy DATE entities) are resolved against an anchor, the
article's publication date: "on Thursday" is the last Thursday on or before it,
"last month" the month before, "since early September" September of its year (or
the year before, dates being in the past), "earlier in the week" its week,
"the past 10 days" the ten days up to it. The common phrases are handled here
rather than by dateparser, which misreads some ("earlier this year", "after a");
dateparser is only asked about what these rules do not know, and its answer is
kept only when it lies on or before the anchor.

An article with no date gets one inferred from its text and marked so: the year
is the latest year it writes out, plus one when it also gives month-days without a
year (news style writes the year only for other years); failing that the
story's year. The day is the latest month-day told in the past tense, moved on to
the latest weekday it tells of in the past tense ("killed on Thursday"), since news
names a weekday for the days just gone and writes out dates further back. It is
the earliest date consistent with that evidence, which is listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..records import Event, normalize
from .numbers import NUMBER_WORDS
from .parse import Parsed

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
# vague counts read as their usual size ("a few days ago" = 3 days)
NUMBERS = {**NUMBER_WORDS, "few": 3, "several": 3, "couple": 2}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MD = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DM = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.I
)
_MY = re.compile(rf"\b({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_AGO = re.compile(r"\b(\d+|[a-z]+)\s+(day|week|month|year)s?\s+ago\b")
_PAST = re.compile(
    r"\b(?:the\s+)?(?:past|last|previous|preceding)\s+(\d+|[a-z]+)\s+(day|week|month|year)s?\b"
)
_IN_N = re.compile(
    r"\b(?:in|over|within|during)\s+(?:the\s+)?(?:past\s+|last\s+)?(\d+|[a-z]+)\s+(day|week|month|year)s?\b"
)
_COUNTING = re.compile(r"(?:between\s+)?\d[\d,.]*\s*(?:and|to|-|\u2013)\s*\d[\d,.]*")
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


@dataclass(frozen=True)
class Resolved:
    """A date expression resolved: ``start`` (and ``end`` for a period) at a precision."""

    start: date
    precision: str = "day"
    end: date | None = None
    year_given: bool = True  # false when the year was supplied from the anchor

    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()


def _num(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _month_start(d: date, back: int = 0) -> date:
    month = d.month - back
    year = d.year
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve(phrase: str, anchor: date, future: bool = False) -> Resolved | None:
    """Resolve a date expression against ``anchor`` (dates are taken to be in the past;
    with ``future``, for a clause in the future tense, on or after it).

    Returns ``None`` for vague phrases ("recent weeks", "years", "daily").
    """
    p = normalize(phrase).lower().replace("\u2019", "'")
    p = re.sub(r"^(?:on|since|from|in|by|until|till|during|over|the|of)\s+", "", p)
    # absolute dates
    m = _MD.search(p) or None
    if m:
        month, day, year = MONTHS[m.group(1)], int(m.group(2)), m.group(3)
        return _absolute(year, month, day, anchor, future)
    m = _DM.search(p)
    if m:
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], m.group(3)
        return _absolute(year, month, day, anchor, future)
    m = _MY.search(p)
    if m and not re.search(r"\bmay\b", p) or (m and m.group(2)):
        month = MONTHS[m.group(1)]
        if m.group(2):
            return Resolved(date(int(m.group(2)), month, 1), "month")
        year = anchor.year if month <= anchor.month else anchor.year - 1
        return Resolved(date(year, month, 1), "month", year_given=False)
    # weekdays: the last one on or before the anchor ("last Thursday": before it)
    for name, wd in WEEKDAYS.items():
        if re.search(rf"\b{name}(?:'s)?\b", p):
            back = (anchor.weekday() - wd) % 7
            if back == 0 and re.search(r"\blast\b", p):
                back = 7
            if re.search(r"\bnext\b", p):
                return Resolved(anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7))
            if future:
                # "the truce begins at 8 a.m. on Friday", written on that Friday: today
                return Resolved(anchor + timedelta(days=(wd - anchor.weekday()) % 7))
            return Resolved(anchor - timedelta(days=back))
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", p):
        return Resolved(anchor)
    if re.search(r"\byesterday\b", p):
        return Resolved(anchor - timedelta(days=1))
    if re.search(r"\btomorrow\b", p):
        return Resolved(anchor + timedelta(days=1))
    m = _AGO.search(p)
    if m and _num(m.group(1)) is not None and m.group(1) not in {"few", "several", "couple"}:
        n, unit = _num(m.group(1)), m.group(2)
        assert n is not None
        if unit == "month":
            return Resolved(_month_start(anchor, n), "month")
        if unit == "year":
            return Resolved(date(anchor.year - n, 1, 1), "year")
        return Resolved(
            anchor - timedelta(days=n * _UNIT_DAYS[unit]), "day" if unit == "day" else "week"
        )
    m = _PAST.search(p) or _IN_N.search(p)
    if m and _num(m.group(1)) is not None and m.group(1) not in {"few", "several", "couple"}:
        n = _num(m.group(1))
        assert n is not None
        return Resolved(anchor - timedelta(days=n * _UNIT_DAYS[m.group(2)]), "day", end=anchor)
    if re.search(
        r"\b(?:in|over|within)?\s*(?:the\s+)?(?:past|last)\s+(day|week|month|year)\b", p
    ) and not re.search(r"\blast (week|month|year)\b", p):
        unit = re.search(r"(day|week|month|year)", p).group(1)  # type: ignore[union-attr]
        return Resolved(anchor - timedelta(days=_UNIT_DAYS[unit]), "day", end=anchor)
    if re.search(r"\b(?:one|a)\s+week\b", p):
        return Resolved(anchor - timedelta(days=7), "day", end=anchor)
    if re.search(r"\blast month\b", p):
        return Resolved(_month_start(anchor, 1), "month")
    if re.search(r"\bthis month\b|\bearlier (?:in )?(?:this|the) month\b", p):
        return Resolved(_month_start(anchor), "month")
    if re.search(r"\blast week\b", p):
        monday = anchor - timedelta(days=anchor.weekday() + 7)
        return Resolved(monday, "week", end=monday + timedelta(days=6))
    if re.search(r"\b(?:this|the) week\b", p):
        monday = anchor - timedelta(days=anchor.weekday())
        return Resolved(monday, "week", end=anchor)
    if re.search(r"\blast year\b", p):
        return Resolved(date(anchor.year - 1, 1, 1), "year")
    if re.search(r"\bthis year\b", p):
        return Resolved(date(anchor.year, 1, 1), "year", end=anchor)
    m = _YEAR.search(p)
    if m and not re.search(r"\d{4}s\b", p):
        return Resolved(date(int(m.group(1)), 1, 1), "year")
    if re.search(r"\d", p):
        return _dateparser(p, anchor)
    return None


def _absolute(
    year: str | None, month: int, day: int, anchor: date, future: bool = False
) -> Resolved | None:
    if year:
        d = _safe_date(int(year), month, day)
        return Resolved(d) if d else None
    d = _safe_date(anchor.year, month, day)
    if d is None:
        return None
    if future and d < anchor:
        d = _safe_date(anchor.year + 1, month, day) or d
    elif not future and d > anchor + timedelta(days=1):
        d = _safe_date(anchor.year - 1, month, day) or d
    return Resolved(d, year_given=False)


def _dateparser(phrase: str, anchor: date) -> Resolved | None:
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a core dependency
        return None
    from datetime import datetime

    base = datetime(anchor.year, anchor.month, anchor.day, 12)
    got = dateparser.parse(
        phrase,
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "STRICT_PARSING": False},
    )
    if got is None or got.date() > anchor:
        return None
    return Resolved(got.date())


# ---------------------------------------------------------------- mentions


@dataclass
class Mention:
    """A date expression in an article: its text, where it is, and its tense."""

    phrase: str
    start: int  # in Article.text
    end: int
    sentence: Span
    offset: int
    past: bool
    explicit_year: int | None = None
    future: bool = False
    month_day: bool = False
    weekday: bool = False
    reaches_now: bool = False  # its clause is in the present or present perfect


def mentions(parsed: Parsed) -> list[Mention]:
    out = []
    for _, offset, sent in parsed.sentences():
        for ent in sent.ents:
            if ent.label_ != "DATE" or (
                _COUNTING.fullmatch(ent.text.lower()) and any(t.dep_ == "nummod" for t in ent)
            ):
                continue  # "Between 40 and 50 homes" is a count the model took for a date
            text = ent.text
            low = text.lower()
            year = [int(y) for y in _YEAR.findall(text)]
            past = _past_tense(ent)
            weekday = any(re.search(rf"\b{w}\b", low) for w in WEEKDAYS)
            out.append(
                Mention(
                    phrase=text,
                    start=offset + ent.start_char,
                    end=offset + ent.end_char,
                    sentence=sent,
                    offset=offset,
                    past=past,
                    # news tells the weekdays just gone in the past tense: a bare weekday
                    # in a clause in the present or with a modal is one ahead ("shuts down
                    # Monday night", "could agree a deal by Monday")
                    future=_future_tense(ent) or (
                        weekday and not past and not re.search(r"\blast\b", low) and _looks_ahead(ent)
                    ),
                    explicit_year=max(year) if year else None,
                    month_day=bool(_MD.search(low) or _DM.search(low)),
                    weekday=weekday,
                    reaches_now=_reaches_now(ent),
                )
            )
    return out


def _clause_verb(ent: Span) -> Token:
    """The verb (or auxiliary) of the clause a date belongs to: up from the date's root
    through at most six heads; the last token reached when there is none."""
    tok = ent.root
    seen = 0
    while tok.pos_ not in {"VERB", "AUX"} and tok.head is not tok and seen < 6:
        tok = tok.head
        seen += 1
    return tok


def _future_tense(ent: Span) -> bool:
    """Whether the date's clause looks ahead: "will meet on Saturday", "would visit on
    October 19", "when the latter visits Paris on October 19"."""
    tok = _clause_verb(ent)
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    aux = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in {"will", "would", "shall", "'ll", "wo"} for a in aux):
        return True
    marks = {c.lower_ for c in tok.children if c.dep_ in {"mark", "advmod"}}
    present = tok.tag_ in {"VBZ", "VBP"} and not aux
    return present and bool(marks & {"when", "before", "until", "once"})


def _reaches_now(ent: Span) -> bool:
    """The date's clause runs up to the time of writing: the present perfect ("since the
    start of 2016 it has announced") or the present ("so far in 2016 it is ...")."""
    tok = _clause_verb(ent)
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    aux = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lemma_ == "have" and a.tag_ in {"VBZ", "VBP"} for a in aux):
        return True
    return tok.tag_ in {"VBZ", "VBP"} and not aux


_TIMES_OF_DAY = {"morning", "afternoon", "evening", "night", "noon", "midnight"}


def _looks_ahead(ent: Span) -> bool:
    """The date's clause is in the simple present ("the government shuts down Monday",
    "talks continue ahead of the Monday deadline") or has a modal and no perfect ("could
    agree a deal by Monday"), not a participle ("after meeting on Monday"), and only
    when the date is the verb's own ("Thursday's shootings come after ..." tells of a
    shooting that happened)."""
    tok = ent.root
    seen = 0
    while tok.pos_ not in {"VERB", "AUX"} and tok.head is not tok and seen < 6:
        own = tok.i == ent.root.i or tok.lower_ in _TIMES_OF_DAY  # "Monday night"
        if own and tok.dep_ in {"poss", "compound", "amod", "nmod"} and tok.head.lower_ not in _TIMES_OF_DAY:
            return False  # the date modifies a noun: "Thursday's shootings", "the Monday deadline"
        tok = tok.head
        seen += 1
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    aux = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lemma_ == "have" for a in aux):
        return False
    if tok.tag_ in {"VBZ", "VBP"} and not aux:
        return True
    return any(a.tag_ == "MD" for a in aux)


def _past_tense(ent: Span) -> bool:
    """Whether the clause the date belongs to is told in the past (not "will meet on Saturday")."""
    tok = _clause_verb(ent)
    if tok.pos_ not in {"VERB", "AUX"}:
        return True  # a noun phrase ("Monday's condemnation"): no tense to go by
    aux = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in {"will", "would", "shall", "'ll"} for a in aux):
        return False
    if tok.tag_ == "VBN" and any(a.lower_ == "to" or a.tag_ == "MD" for a in aux) and not any(
        a.lemma_ == "have" for a in aux
    ):
        return False  # "are due to be put forward in 2017", "could be approved": ahead
    if tok.tag_ in {"VBD", "VBN"} or any(
        a.tag_ in {"VBD", "VBZ", "VBP"} and a.lemma_ == "have" for a in aux
    ):
        return True
    return any(a.tag_ == "VBD" for a in aux)


@dataclass
class Dating:
    """An article's publication date, given or inferred, with the evidence."""

    date: date | None
    inferred: bool
    evidence: list[str] = field(default_factory=list)
    year_lower_bound: int | None = None


def given_date(published: str | None) -> date | None:
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def year_bound(ms: list[Mention]) -> tuple[int | None, str]:
    """The earliest year the article can be from, and why."""
    # a year in the future tense ("by 2050") or after today says nothing about publication
    this_year = date.today().year
    years = [(m.explicit_year, m) for m in ms if m.explicit_year and m.past and m.explicit_year <= this_year]
    if not years:
        return None, ""
    top, mention = max(years, key=lambda x: x[0])
    bare = [m for m in ms if m.month_day and not m.explicit_year]
    # the year may be the current one when its clause runs up to now ("since the start
    # of 2016 it has cut 7,000 jobs"): then it is no other year, and no later one follows
    if bare and mention.explicit_year and not mention.month_day and not mention.reaches_now:
        return top + 1, (
            f"it writes out the year {top} (\u201c{mention.phrase}\u201d) but gives "
            f"\u201c{bare[0].phrase}\u201d without one, so it is from {top + 1} or later"
        )
    return top, f"the latest year it names is {top} (\u201c{mention.phrase}\u201d)"


def infer_date(ms: list[Mention], year: int | None, why_year: str) -> Dating:
    """The earliest publication date consistent with the article's own dates."""
    if year is None:
        return Dating(None, True, ["no year in the text"])
    evidence = [why_year] if why_year else []
    anchor = date(year, 12, 31)
    days: list[tuple[date, Mention]] = []
    for m in ms:
        if not m.month_day or not m.past:
            continue
        r = resolve(m.phrase, anchor)
        if r is not None and r.precision == "day":
            d = r.start if m.explicit_year else _safe_date(year, r.start.month, r.start.day)
            if d is not None and d.year >= year:  # "May 4, 2001" says nothing of 2004
                days.append((d, m))
    if not days:
        months = []
        for m in ms:
            # a month by its name ("in a March report"); "last month" against the year's
            # end would only say November
            named = bool(_MY.search(m.phrase.lower())) and not re.fullmatch(r"\s*may\s*", m.phrase.lower())
            r = resolve(m.phrase, anchor) if m.past and named else None
            if r is not None and r.precision == "month" and r.start.year == year:
                months.append((r.start, m))
        if not months:
            # only the year: no anchor to resolve "on Thursday" against
            return Dating(None, True, [*evidence, "no day or month told in the past"], year)
        d, m = max(months, key=lambda x: x[0])
        evidence.append(f"latest month told in the past: \u201c{m.phrase}\u201d")
        days = [(d, m)]
    latest, m = max(days, key=lambda x: x[0])
    evidence.append(f"latest date told in the past: \u201c{m.phrase}\u201d ({latest.isoformat()})")
    best = latest
    best_phrase = None
    for w in ms:
        if not w.weekday or not w.past or w.month_day:
            continue
        for name, wd in WEEKDAYS.items():
            if re.search(rf"\b{name}\b", w.phrase.lower()):
                ahead = (wd - latest.weekday()) % 7 or 7
                d = latest + timedelta(days=ahead)
                if d > best:
                    best, best_phrase = d, w.phrase
    if best_phrase:
        evidence.append(
            f"it tells of \u201c{best_phrase}\u201d in the past, the first such day after "
            f"{latest.isoformat()}: {best.isoformat()}"
        )
    return Dating(best, True, evidence)


#: A length of time with nothing that places it ("40 years", "for a week", "11 days",
#: "61" for an age, "1501" for a house number): the model marks these DATE, but they
#: name no day, and resolved against the anchor they gave "1961" for a man aged 61.
_LENGTH = re.compile(
    r"(?:(?:for|about|around|nearly|almost|just|some|only|more than|less than|at least|up to|"
    r"over|another|the|a further)\s+)*"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|"
    r"twenty|thirty|forty|fifty|sixty|a few|several|a couple of|many)"
    r"(?:[\s-]+(?:and a half|full))?[\s-]+(?:day|week|month|year|hour|minute|decade)s?(?:[\s-]+old)?"
)


def names_a_time(phrase: str) -> bool:
    """Whether a DATE phrase places something in time, rather than measuring a span or
    being a bare number the model mistook for a date."""
    p = normalize(phrase).lower().strip()
    if re.fullmatch(r"\d{1,4}", p):
        return bool(_YEAR.fullmatch(p))
    return not _LENGTH.fullmatch(p)


def article_events(parsed: Parsed, ms: list[Mention], dating: Dating) -> list[Event]:
    """One event per resolvable date expression, carrying its sentence.

    An article whose date is unknown still dates what writes its own year ("In June
    2004", "May 4, 2001"): that needs no anchor, and the event's anchor is its own date.
    """
    text = parsed.article.text
    out = []
    for m in ms:
        if dating.date is None and m.explicit_year is None:
            continue
        anchor = dating.date or date(m.explicit_year or 1, 12, 31)
        window = re.search(r"\b(?:in|over|within|during|past|last)\s+$", text[max(0, m.start - 12) : m.start], re.I)
        if not names_a_time(m.phrase) and not window:
            continue  # "in one week" is the week up to the anchor; "for a week" is no date
        r = resolve(m.phrase, anchor, future=m.future)
        if r is None or (dating.date is None and (r.start.year != m.explicit_year or r.end)):
            continue  # without the article's date, only the date the phrase writes out
        sent = m.sentence
        s, e = m.offset + sent.start_char, m.offset + sent.end_char
        out.append(
            Event(
                date=r.iso(),
                phrase=text[m.start : m.end],
                event=text[s:e],
                article=parsed.article.id,
                anchor=anchor.isoformat() if dating.date else r.iso(),
                precision=r.precision,
                end=r.end.isoformat() if r.end else None,
                # a date with its year written out does not rest on the anchor
                inferred=(dating.inferred and m.explicit_year is None) or not r.year_given,
                start=s,
                stop=e,
            )
        )
    return out
