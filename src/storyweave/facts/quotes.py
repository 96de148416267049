"""Direct quotations and who said them.

A quotation is text between double quote marks (straight or curly, mixed as
sloppy copy mixes them); one left open at the end of a paragraph runs on when the
next paragraph opens with a quote mark (the newspaper convention). Its speaker is
the subject of a verb of saying whose clause holds the quotation ("... ," Putin
said; said Kremlin spokesman Dmitry Peskov; Peskov went on to say that ...;
according to ...), resolved to the fullest name the article gives: a pronoun
points back to the last speaker (or the last person named), a role noun ("the
Kremlin spokesman") to the person it was given to, "a statement issued by his
spokesman" to the one "his" points to. A quotation with no such verb is a scare
quote ('so-called "moderate" rebels') and is left out, as is a one-word quotation
that is not the object of "call", "describe" and the like.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Quote, Span, normalize
from .entities import (
    PRONOUN_GROUP,
    PRONOUN_PERSON,
    ArticleNames,
    fold,
    office_holder,
    proper_run,
    strip_name,
    title_only,
    words,
)
from .parse import Parsed

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Verbs that introduce reported speech (lemmas).
SPEECH_VERBS = {
    "say", "tell", "add", "state", "announce", "declare", "write", "claim", "insist", "warn",
    "explain", "note", "argue", "ask", "call", "describe", "dismiss", "reject", "deny",
    "accuse", "condemn", "urge", "report", "estimate", "stress", "conclude", "continue",
    "acknowledge", "admit", "reply", "respond", "testify", "suggest", "tweet", "post",
    "quote", "recall", "remark", "observe", "comment", "emphasise", "emphasize", "predict",
    "promise", "vow", "pledge", "threaten", "complain", "concede", "confirm", "believe",
    "think", "hope", "fear", "question", "wonder", "shout", "cry", "yell", "whisper", "joke",
    "boast", "mention", "point", "order", "demand", "label", "brand", "term", "dub",
    "characterize", "characterise", "lament", "praise", "criticise", "criticize", "blame",
    "regret", "assert", "maintain", "contend", "allege", "agree", "disagree", "caution",
    "reiterate", "repeat", "underline", "highlight", "signal", "counter",
    "retort", "muse", "told", "speak", "voice", "reveal", "read",
}
#: Entity types that do not speak ("told House of Cards" is a show).
NOT_SPEAKERS = {"WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE", "DATE", "TIME", "MONEY",
                "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
#: Entity labels the small model gives some people's names.
_NAME_LIKE = {"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
#: Verbs whose one-word object in quotes is still a quotation ("called it "barbaric"").
NAMING_VERBS = {"call", "describe", "label", "brand", "term", "dub", "characterize", "characterise"}
#: Nouns that stand for their author ("a statement issued by his spokesman").
DOCUMENT_NOUNS = {
    "statement", "report", "communique", "release", "letter", "message", "tweet", "post",
    "memo", "note", "document", "study", "survey", "filing", "comment", "comments",
    "remarks", "interview", "briefing", "spokesman", "spokeswoman", "spokesperson",
    "representative", "office", "account",
}
#: Participles by which a document passes through other hands without being theirs:
#: "the report, quoted by Norway's Aftenposten" is not the newspaper's report.
#: Common nouns for people who speak in news without a name ("the orphaned teenager
#: told the paper"), besides the officials and sources the unnamed-source rule knows.
PERSON_NOUNS = {
    "man", "woman", "men", "women", "boy", "girl", "child", "teenager", "teen", "mother",
    "father", "mom", "dad", "son", "daughter", "wife", "husband", "brother", "sister",
    "uncle", "aunt", "cousin", "grandmother", "grandfather", "relative", "parent", "friend",
    "neighbour", "neighbor", "survivor", "victim", "student", "passenger", "patient",
    "nurse", "pilot", "farmer", "fan", "guard", "colleague", "mayor", "chief", "lawyer",
    "attorney", "prosecutor", "surgeon", "priest", "owner", "tourist", "veteran",
}
#: Agent nouns by their ending ("the driver", "a protester", "the novelist", "a
#: historian"), less the things that end the same way.
_AGENT = re.compile(r"(?:er|or|ist|ian|ant|ent)$")
_NOT_AGENTS = {
    "paper", "newspaper", "letter", "order", "monitor", "report", "statement", "document",
    "computer", "number", "counter", "center", "centre", "error", "factor", "sector",
    "summer", "winter", "water", "power", "member", "chapter", "poster", "quarter",
    "department", "government", "parliament", "agent", "event", "incident", "agreement",
    "plant", "restaurant", "content", "element", "comment", "tweet", "filter", "trailer",
    "register", "minister",
}
#: Unnamed sources that are people ("a rebel source", "a Western diplomat").
_UNNAMED_PEOPLE = {"source", "official", "witness", "resident", "spokesman", "spokeswoman",
                   "analyst", "expert", "diplomat", "officer", "minister", "activist", "doctor"}
#: Bodies that speak as "the district said", "the company added" when the article
#: gives them no name the parser found: the description is the speaker.
_BODY_NOUNS = {
    "district", "company", "hospital", "school", "university", "department", "council",
    "board", "court", "city", "county", "union", "firm", "club", "team", "church", "museum",
    "airline", "bank", "embassy", "campaign", "party", "commission", "committee", "authority",
    "network", "station", "channel", "agency", "organisation", "organization", "foundation",
    "institute", "office", "administration", "prosecutors", "lawyers", "family", "navy",
}
#: People who speak for a body; "a spokesman for X" is someone X did not name.
_SPOKES = {"spokesman", "spokeswoman", "spokesperson", "representative", "spokespeople", "spokesmen"}
RELAY_VERBS = {"quote", "cite", "obtain", "see", "carry", "reprint", "leak", "translate", "review"}

OPEN = {"\u201c", "\u201e", "\u00ab", "\u201f"}
#: U+FFFD: a closing curly mark lost to a wrong decoding ("water?\ufffd? said"), the
#: one mark such text loses most (an opening one stays a quote mark more often)
CLOSE = {"\u201d", "\u00bb", "\ufffd"}
STRAIGHT = '"'
_TRAIL = " \t,.;:"


@dataclass
class RawQuote:
    """A quotation found in one article, before merging across articles."""

    article: str
    parts: list[tuple[int, int]]  # (start, end) in Article.text, inside the quote marks
    text: str
    speaker: str = ""
    cue: str = ""
    person: bool | None = None  # known to be a person (a name, or "he"/"she" points to it)
    kind: str = "direct"  # direct, partial, multi or statement


# ---------------------------------------------------------------- finding quote marks


def quote_spans(paragraphs: Sequence[str]) -> list[list[tuple[int, int, int]]]:
    """The quotations of a list of paragraphs, each as its parts ``(paragraph, start, end)``.

    Offsets are within the paragraph and exclude the quote marks; a part never
    crosses a paragraph. Nested single quotes stay inside.
    """
    found: list[list[tuple[int, int, int]]] = []
    carry: list[tuple[int, int, int]] | None = None  # a quotation open at the end of the last paragraph
    for p, text in enumerate(paragraphs):
        stripped = text.lstrip()
        lead = len(text) - len(stripped)
        if carry is not None:
            if stripped[:1] in OPEN or stripped[:1] == STRAIGHT:
                pass  # it runs on: the open mark below starts the next part
            else:
                found.append(carry)  # unclosed and not continued: it ran to the paragraph's end
                carry = None
        start: int | None = None
        for i, ch in enumerate(text):
            if start is None:
                if ch in OPEN or (ch == STRAIGHT and _opens(text, i)):
                    start = i + 1
            elif ch in CLOSE or ch == STRAIGHT:
                part = (p, start, i)
                if carry is not None and i > start:
                    carry.append(part)
                    found.append(carry)
                    carry = None
                elif i > start:
                    found.append([part])
                start = None
            elif ch in OPEN:
                # an opening mark inside an open quotation: the earlier one was never closed
                start = i + 1
        if start is not None and len(text[start:].split()) >= 3:
            part = (p, start, len(text.rstrip()))
            if carry is not None and lead == start - 1:
                carry.append(part)
            elif carry is not None:
                found.append(carry)
                carry = [part]
            else:
                carry = [part]
        elif carry is not None:
            found.append(carry)
            carry = None
    if carry is not None:
        found.append(carry)
    return found


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when it starts a word (not an inch mark after a digit)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{-\u2014\u2013/") and not after.isspace()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return start, end


# ---------------------------------------------------------------- speakers


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc if start <= t.idx < end]


def _subject(verb: Token) -> Token | None:
    """The subject of a verb of saying, climbing from "saying"/"adding" to the main verb."""
    seen = 0
    while verb is not None and seen < 4:
        for c in verb.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                return c
        # "... according to X"
        if verb.lower_ == "according":
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ == "to":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return g
        if verb.tag_ in {"VBD", "VBZ", "VBP"} and verb.i > verb.sent.start:
            # a finite verb the parser left without a subject: the noun just before it
            prev = verb.doc[verb.i - 1]
            while prev.pos_ in {"ADV", "AUX", "PART"} and prev.i > verb.sent.start:
                prev = verb.doc[prev.i - 1]
            if prev.pos_ in {"PROPN", "NOUN", "PRON"}:
                return prev
        if verb.dep_ in {"advcl", "xcomp", "conj", "ccomp", "acl", "relcl"} and verb.head is not verb:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def _speech_verbs(doc: Doc, sent_start: int, sent_end: int, inside: set[int]) -> list[Token]:
    out = []
    for t in doc:
        if t.idx < sent_start or t.idx >= sent_end or t.i in inside:
            continue
        if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in {"VERB", "AUX"}:
            out.append(t)
        elif t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
            out.append(t)
    return out


class Resolver:
    """Turns a subject token into the fullest name of a speaker, with the article's memory."""

    def __init__(self, names: ArticleNames, parsed: Parsed | None = None) -> None:
        self.names = names
        self.last_person: str | None = None
        self.last_group: str | None = None
        self.history: list[str] = []  # people quoted, in order
        self.gender: dict[str, str] = {}  # person -> "he" / "she", as pronouns showed
        self.last_quote_end = -1
        # the last quotation's speaker when the article gave no name ("the orphaned
        # teenager"): a "she added" right after it is that speaker, not an earlier name
        self.last_unnamed: str | None = None
        self.unnamed_people: set[str] = set()  # unnamed speakers that are people
        self.text = parsed.article.text if parsed is not None else ""
        # "he" or "she" as the article itself uses them after a person's name
        self.voted: dict[str, str] = _gender_votes(parsed, names) if parsed is not None else {}
        # "a statement released by the EU" ... "the statement added": the author of each
        # document or spokesman noun the article gives one, to resolve the later "the ..."
        self.authored: list[tuple[str, str, bool | None, int]] = []
        if parsed is not None:
            for _, offset, sent in parsed.sentences():
                for tok in sent:
                    if tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENT_NOUNS:
                        got = self._author(tok, offset + tok.idx, 0)
                        if got:
                            self.authored.append((tok.lemma_.lower(), got[0], got[1], offset + tok.idx))

    def _author(self, tok: Token, pos: int, depth: int) -> tuple[str, bool | None] | None:
        """Who a document or spokesman noun belongs to, as its own phrase says: "a report
        by Amnesty", "a spokesman for BP", "a statement released by the EU", "a statement
        attributed to the committee"."""
        for t in tok.subtree:
            if t.i == tok.i or t.dep_ != "pobj":
                continue
            prep = t.head  # (spaCy makes a new Token object each time: compare positions)
            on_noun = prep.head.i == tok.i
            on_verb = prep.head.dep_ == "acl" and prep.head.head.i == tok.i  # "released by"
            if on_verb and prep.head.lemma_.lower() in RELAY_VERBS:
                continue  # "the report, quoted by the Straits Times": not its author
            if prep.lower_ not in {"by", "from", "of", "for", "to"} or not (on_noun or on_verb):
                continue
            if prep.lower_ == "to" and on_noun:
                continue  # "a letter to the minister" is not his
            ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
            if ent is not None and ent.label_ in {"ORG", "PERSON"} and ent.end == t.i + 1:
                # the model's span holds the whole name where the parse breaks it up
                # ("Meteorology, Climatology and Geophysics Agency")
                name = strip_name(ent.text, organisation=ent.label_ != "PERSON")
                return self.names.fullest(name), ent.label_ == "PERSON"
            got = self.resolve(t, pos, depth + 1)
            if got:
                return got
        return None

    def _earlier_author(self, head: str, pos: int) -> tuple[str, bool | None] | None:
        """The author of the last "<head>" the article gave one before ``pos``."""
        for lemma, who, person, at in reversed(self.authored):
            if lemma == head and at < pos:
                return who, person
        return None

    def note(self, speaker: str, person: bool | None, end: int = -1) -> None:
        if person is True:
            self.last_person = speaker
            self.history.append(speaker)
        elif person is False:
            self.last_group = speaker
        self.last_unnamed = speaker if person is None and speaker in self.unnamed_people else None
        self.last_quote_end = max(self.last_quote_end, end)

    def _pronoun(self, low: str, pos: int) -> str | None:
        """He or she: a person named as a subject since the last quotation, else the
        last person quoted, else the last person named; never one the other pronoun
        was used for."""
        g = "she" if low in {"she", "her", "hers"} else "he"
        candidates = [
            *self.names.subjects_between(self.last_quote_end, pos),
            *reversed(self.history),
            *self.names.people_before(pos),
        ]
        for who in candidates:
            # the article's own usage first: an earlier "she" this resolver read as
            # someone the article calls "he" was a misreading
            if (self.voted.get(fold(who)) or self._honorific(who) or self.gender.get(who) or g) == g:
                self.gender[who] = g
                return who
        return None

    def _honorific(self, name: str) -> str | None:
        """"he" for a name the article writes "Mr" before, "she" for "Mrs"/"Ms"/"Miss"."""
        last = name.split()[-1] if name.split() else ""
        if not last or not self.text:
            return None
        found = set(re.findall(rf"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:\w+\s+)?{re.escape(last)}\b", self.text))
        if found == {"Mr"}:
            return "he"
        if found and "Mr" not in found:
            return "she"
        return None

    def _it(self, pos: int) -> str | None:
        """"It": an organisation or place named as a subject since the last quotation
        ("This isn't the first time Glass Lewis has raised objections. Last year, it also
        recommended ..."), else a name the model called a person but nothing showed to be
        one (no "he"/"she" pointed to it, no "Mr"/"Ms" before it), else the last group."""
        subjects = self.names.named_subjects_between(self.last_quote_end, pos)
        for n in subjects:
            if n.label in {"ORG", "GPE", "NORP", ""}:
                return self.names.fullest(n.text)
        for n in subjects:
            full = self.names.fullest(n.text)
            if n.label == "PERSON" and full not in self.gender and not self._addressed(full):
                return full
        return None

    def _addressed(self, name: str) -> bool:
        """The article writes "Mr"/"Mrs"/"Ms"/"Dr" before the name's last word."""
        last = name.split()[-1] if name.split() else ""
        return bool(last) and bool(
            re.search(rf"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?:\w+\s+)?{re.escape(last)}\b", self.text)
        )

    def resolve(self, tok: Token, pos: int, depth: int = 0) -> tuple[str, bool | None] | None:
        """``(name, is_person)`` for the phrase headed by ``tok``; ``pos`` is its offset."""
        low = tok.lower_
        if tok.pos_ == "PRON" or low in PRONOUN_PERSON | PRONOUN_GROUP:
            if low in PRONOUN_PERSON:
                if self.last_unnamed and not self.names.subjects_between(self.last_quote_end, pos):
                    return self.last_unnamed, None
                who = self._pronoun(low, pos)
                return (who, True) if who else None
            if low in {"it", "its"}:
                got = self._it(pos)
                if got:
                    return got, False
            if low in {"it", "its", "they", "their", "them"}:
                who = self.last_group or self.names.group_before(pos)
                return (who, False) if who else None
            return None
        if tok.ent_type_ in {"GPE", "LOC", "FAC"}:
            # "the capital, Oslo, a statement attributed to the council said": the parser
            # made the place the subject and the document its appositive; the place says
            # nothing
            for c in tok.children:
                if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > tok.i and (
                    c.lemma_.lower() in DOCUMENT_NOUNS
                ):
                    return self.resolve(c, pos, depth + 1)
        # a name in apposition to a role: "the Kremlin spokesman, Dmitry Peskov"
        for c in tok.children:
            if tok.pos_ != "PROPN" and c.dep_ == "appos" and c.pos_ == "PROPN":
                tok = c
                break
        if tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and re.search(
            r"\b[DRI]\s*-\s*\w+", tok.doc[tok.left_edge.i : tok.i + 1].text
        ):
            tok = tok.head  # "said Sen. Daniel Akaka, D-Hawaii"
        if tok.ent_type_ in NOT_SPEAKERS and not (
            # the small model calls some names WORK_OF_ART or EVENT ("..., Agustin Toro
            # Reyes said"): as the subject of a verb of saying a name is a speaker
            tok.ent_type_ in _NAME_LIKE and tok.dep_ in {"nsubj", "nsubjpass"}
            and tok.head.lemma_.lower() in SPEECH_VERBS
        ):
            return None
        if tok.pos_ == "PROPN":
            run = proper_run(tok)
            if run is not None and title_only(run):
                # a title alone ("The President", "the Foreign Minister, Manouchehr
                # Mottaki", "Prime Minister of the United Kingdom Tony Blair"): the person
                got = self._titled(tok, pos, depth)
                if got:
                    return got
                # an office the article gave no holder for: the office ("the Minister
                # for Wales"), never the place it is for
                return normalize(" ".join(t.text for t in run if fold(t.text) != "the")), True
            # "Mayor of Tarnby Lars Holm announced": the person, not the place of his office
            held = office_holder(run, self.text) if run is not None else None
            name = held or strip_name(run.text if run is not None else tok.text)
            parts_ = name.split()
            if len(parts_) == 2 and parts_[0].isupper() and 2 <= len(parts_[0]) <= 3 and parts_[0].isalpha():
                # "DC Bird", "PC Jones": a rank's initials before a surname the article
                # gave in full ("Detective Constable Tim Bird")
                fuller = self.names.fullest(parts_[1], person=True, pos=pos)
                if fuller != parts_[1]:
                    name = fuller
            full = self.names.fullest(name, pos=pos)
            if tok.ent_type_ in {"PERSON", ""} and self.names.label_of(full) not in {"PERSON", ""}:
                # "Glick said" is Gail Glick, not the law firm "Alexander, Krakow & Glick"
                as_person = self.names.fullest(name, person=True, pos=pos)
                if as_person != name:
                    full = as_person
            label = self.names.label_of(full) or self.names.label_of(name) or tok.ent_type_
            return full, (label == "PERSON") if label else None
        if tok.pos_ in {"NOUN", "PROPN"} and depth < 3:
            # the author of a document: "the Amnesty report", "his spokesman's statement"
            head = tok.lemma_.lower()
            if head in _SPOKES and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children):
                # "a spokesperson for the committee", "a Nestle spokesman": someone the
                # text does not name speaks for the body; the speaker is that description
                # (the body it speaks for stays in the phrase), never the body's name
                phrase = normalize(_description([t for t in list(tok.subtree)[:12] if t.dep_ != "punct"]))
                self.unnamed_people.add(phrase)
                return phrase, None
            if head in DOCUMENT_NOUNS:
                # "his spokesman", "Amnesty's report": the possessor speaks
                for c in tok.children:
                    if c.dep_ == "poss":
                        got = self.resolve(c, pos, depth + 1)
                        if got:
                            return got
            role = self.names.role(
                {t.lower_ for t in tok.subtree if t.is_alpha}, head, pos
            )
            if role and head not in {"statement", "report"}:
                return role, True
            # "Norway's Aftenposten newspaper" is Aftenposten: a name compounded onto the
            # noun comes before the place that owns it
            order = {"compound": 0, "nmod": 1, "poss": 2}
            for c in sorted(tok.children, key=lambda c: order.get(c.dep_, 3)):
                if c.dep_ in {"compound", "poss", "nmod"} and c.pos_ == "PROPN":
                    got = self.resolve(c, pos, depth + 1)
                    if got:
                        return got
                if c.dep_ == "poss" and c.lower_ in PRONOUN_PERSON | PRONOUN_GROUP and head in DOCUMENT_NOUNS:
                    got = self.resolve(c, pos, depth + 1)
                    if got:
                        return got
            if head in DOCUMENT_NOUNS:
                # "a statement issued by his spokesman", "a report by Amnesty"
                for t in tok.subtree:
                    if _relayed(t, tok):
                        continue
                    if t.dep_ in {"pobj", "poss"} and t is not tok and t.head.lower_ in {"by", "from", "of"} | {tok.lower_}:
                        got = self.resolve(t, pos, depth + 1)
                        if got:
                            return got
                got = self._author(tok, pos, depth)
                if got:
                    return got
            if role:
                return role, True
            if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                # "the hospital said": the body the article named with that last word
                # ("St. Jude Children's Research Hospital")
                for n in reversed(self.names.names):
                    if n.pos < pos and n.label in {"ORG", ""} and words(n.text) and words(n.text)[-1] == head and len(words(n.text)) > 1:
                        return self.names.fullest(n.text), False
            if head in DOCUMENT_NOUNS and any(
                c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in tok.children
            ):
                # "the statement added", "the spokesman said": the one the article named before
                got = self._earlier_author(head, pos)
                if got:
                    return got
            # an unnamed source, given as the article gives it: "a rebel source"
            phrase = _description([t for t in tok.subtree if t.i <= tok.i and t.dep_ not in {"punct"}])
            if tok.ent_type_ in {"ORG", "GPE", "NORP"} or any(
                t.pos_ == "PROPN" for t in tok.subtree if t.i < tok.i
            ) or head in {"source", "official", "witness", "resident", "spokesman", "spokeswoman",
                           "analyst", "expert", "diplomat", "officer", "minister", "ministry",
                           "group", "agency", "monitor", "observatory", "statement", "report",
                           "activist", "doctor", "police", "army", "military", "government"} | _BODY_NOUNS or (
                _person_noun(tok)
            ):
                if tok.ent_type_ not in {"ORG", "GPE", "NORP"} and (
                    _person_noun(tok) or head in _UNNAMED_PEOPLE
                ):
                    self.unnamed_people.add(normalize(phrase))  # "he added" may follow
                return normalize(phrase), None
        return None


    def _titled(self, tok: Token, pos: int, depth: int) -> tuple[str, bool | None] | None:
        """The person a title stands for: a name in apposition or after "of ...", else
        the person the article gave that title."""
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ in {"PERSON", ""}:
                return self.resolve(c, pos, depth + 1)
        for ent in tok.doc.ents:
            # "Prime Minister of Sylvania John Hale": the person's own name, not the run
            # of proper nouns that takes the country in
            if ent.label_ == "PERSON" and tok.i < ent.start and ent.root.head.i in {t.i for t in tok.subtree}:
                name = strip_name(ent.text)
                return self.names.fullest(name, person=True), True
        head = tok.lemma_.lower()
        # "the Minister for Wales" is not whoever else is a minister: the remit after
        # "of"/"for" must be among the words the article gave the holder's title
        remit = {t.lower_ for t in tok.subtree if t.is_alpha and t.i > tok.i and any(
            a.lower_ in {"of", "for"} and a.head.i == tok.i for a in t.ancestors)}
        role = self.names.role({t.lower_ for t in tok.subtree if t.is_alpha}, head, pos, need=remit)
        return (role, True) if role else None


_HE = {"he", "him", "his", "himself"}
_SHE = {"she", "her", "hers", "herself"}


def _gender_votes(parsed: Parsed, names: ArticleNames) -> dict[str, str]:
    """For each person, "he" or "she" as the article refers to them: after a person
    named as a subject, a possessive pronoun close behind the name, a subject pronoun
    in a clause under the name's own verb ("Palin responded by saying she was ..."),
    or the subject pronoun of the next sentence when the name was its only person;
    outside quotations; counted over the article. A name the votes split on is left out."""
    quoted: dict[int, list[tuple[int, int]]] = {}
    for parts in quote_spans(list(parsed.article.paragraphs)):
        for p, s, e in parts:
            quoted.setdefault(p, []).append((s - 1, e + 1))
    votes: dict[str, list[int]] = {}
    for p, (_offset, doc) in enumerate(parsed.paragraphs):
        qs = quoted.get(p, [])

        def free(t, qs=qs) -> bool:  # noqa: ANN001
            return t.lower_ in _HE | _SHE and t.dep_ in {"nsubj", "nsubjpass", "poss"} and not any(
                a <= t.idx < b for a, b in qs)

        sents = list(doc.sents)
        for si, sent in enumerate(sents):
            people = [e for e in sent.ents if e.label_ == "PERSON" and not any(a <= e.start_char < b for a, b in qs)]
            for k, ent in enumerate(people):
                is_subject = ent.root.dep_ in {"nsubj", "nsubjpass"} or (
                    ent.root.dep_ == "appos" and ent.root.head.dep_ in {"nsubj", "nsubjpass"}
                )
                stop = people[k + 1].start if k + 1 < len(people) else sent.end
                # a possessive close after the name ("Cruz, who is opening up about his
                # story"); a subject pronoun later in the sentence may be someone else's
                # ("by the time Cruz was set to enter sixth grade, she warned ...")
                verb = ent.root.head if ent.root.dep_ != "appos" else ent.root.head.head
                toks = [t for t in doc[ent.end : stop] if free(t) and (
                    (t.dep_ == "poss" and t.i < ent.end + 8)
                    or (is_subject and t.dep_ != "poss" and any(a.i == verb.i for a in t.ancestors)))]
                if not toks and len(people) == 1 and si + 1 < len(sents):
                    nxt = sents[si + 1]
                    first_people = [e for e in nxt.ents if e.label_ == "PERSON"]
                    head = [t for t in nxt if free(t) and t.dep_ != "poss"][:1]
                    if head and not (first_people and first_people[0].start < head[0].i):
                        toks = head
                if not toks:
                    continue
                who = fold(names.fullest(strip_name(ent.text), person=True))
                v = votes.setdefault(who, [0, 0])
                v[0 if toks[0].lower_ in _HE else 1] += 1
    out = {}
    for who, (he, she) in votes.items():
        if he != she and min(he, she) * 3 <= max(he, she):
            out[who] = "he" if he > she else "she"
    return out


def _description(tokens: list[Token]) -> str:
    """An unnamed speaker's noun phrase, as the text gives it."""
    return " ".join(t.text for t in tokens)


def _person_noun(tok: Token) -> bool:
    """A common noun for a person speaking without a name, as the subject of a verb of
    saying: "the orphaned teenager told", "a local shopkeeper said"."""
    low = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or tok.dep_ not in {"nsubj", "nsubjpass", "pobj"}:
        return False
    return low in PERSON_NOUNS or (
        len(low) > 4 and bool(_AGENT.search(low)) and low not in _NOT_AGENTS
        and low not in DOCUMENT_NOUNS
    )


def _relayed(t: Token, doc_noun: Token) -> bool:
    """``t`` sits under a participle that passes the document on ("quoted by", "cited
    by") below ``doc_noun``: whoever it names did not write the document."""
    for a in t.ancestors:
        if a.i == doc_noun.i:
            return False
        if a.dep_ == "acl" and a.lemma_.lower() in RELAY_VERBS:
            return True
    return False


@dataclass
class Candidate:
    """One speaker a rule or a neighbouring sentence offers for a quotation."""

    name: str
    person: bool | None
    cue: str
    source: str  # which rule or place offered it (a feature of the speaker model)
    para_gap: int = 0  # paragraphs between the quotation and the mention
    away: int = 0  # characters between them
    cross_para: bool = False
    rank: int = 0  # a coreference candidate: 0 for the person named last before the quotation
    subject: bool = False  # ... named as the subject of its clause
    gender: float = 0.0  # ... +1 when the article's he/she for them is the pronoun's, -1 when not


#: Words before a quotation that make it a name, not speech ('a show titled "..."').
_NAMING_WORDS = {
    "dubbed", "named", "titled", "entitled", "nicknamed", "known", "hashtag", "headlined",
    "billed", "pronounced", "word", "words", "phrase", "term", "slogan", "sign", "chanted",
    "chanting", "chant", "banner", "motto", "caption", "label", "labelled", "labeled",
    "branded", "trademark", "mean", "means", "meaning", "translated", "translates",
}
#: Words before a quotation that name a work ('the film "Wild"', 'his memoir "..."').
_WORK_WORDS = {
    "film", "films", "movie", "movies", "book", "books", "novel", "series", "show", "shows",
    "song", "songs", "album", "documentary", "program", "programme", "magazine", "play",
    "episode", "memoir", "musical", "article", "column", "campaign", "site", "website",
    "page", "app", "single", "track", "video", "opera", "poem", "painting", "sitcom", "drama",
    "special", "comedy", "thriller", "franchise", "trilogy", "blog", "podcast", "segment",
    "exhibition", "headline", "story", "stories", "cover", "covers", "jam", "hit", "hits",
    "versions", "version", "star", "actress", "actor", "season", "box", "set",
}
#: Words of the attribution that make a quotation written, not spoken.
_WRITTEN = {
    "write", "tweet", "post", "statement", "email", "e-mail", "letter", "report", "filing",
    "complaint", "paper", "memo", "release", "document", "caption", "message", "notice",
    "petition", "ruling", "lawsuit", "suit", "study", "blog", "website", "facebook", "twitter",
    "instagram", "affidavit", "transcript", "memoir", "book", "note", "order", "warrant",
    "bulletin", "text", "read", "record", "records", "indictment", "obituary",
}
_FIRST_PERSON = {"i", "we", "me", "my", "our", "us", "you", "your", "i'm", "we're", "i've", "mine"}
_DETS = {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "my", "your"}


def article_quotes(parsed: Parsed, names: ArticleNames, collect: list | None = None) -> list[RawQuote]:
    """Every quotation of one article, in order, with its speaker and kind.

    Each pair of quote marks is a candidate. The rules above (a verb of saying and
    its subject, a signature, an introducing colon, the paragraph's speaker, a
    quotation running on) and the sentences around it offer candidate speakers; the
    speaker model (``quote_model``) picks one, or none. The quote model then keeps the
    span as reported speech or drops it as a title, term or name. ``collect``, when
    given, receives each candidate's features (for ``benchmarks/train_quotes.py``).
    """
    from . import quote_model as qm

    art = parsed.article
    text = art.text
    paras = list(art.paragraphs)  # the article's own characters (the parse has plain spaces)
    resolver = Resolver(names, parsed)
    out: list[RawQuote] = []
    para_speaker: dict[int, str] = {}  # paragraph -> the speaker its quotations were given
    spans = quote_spans(paras)
    quoted: dict[int, list[tuple[int, int]]] = {}
    for parts in spans:
        for p, s, e in parts:
            quoted.setdefault(p, []).append((s, e))
    prev_quote_para: int | None = None
    last: tuple[str, bool | None, int] | None = None  # the last quotation's speaker and paragraph
    for parts in spans:
        trimmed = []
        for p, s, e in parts:
            s2, e2 = _trim(paras[p], s, e)
            if e2 > s2:
                trimmed.append((p, s2, e2))
        if not trimmed:
            continue
        qtext = " ".join(paras[p][s:e] for p, s, e in trimmed)
        n_words = len(qtext.split())
        # attribution is looked for around the first and the last part
        found = None
        source = ""
        for p, s, e in (trimmed[-1], trimmed[0]) if len(trimmed) > 1 else (trimmed[0],):
            found = _attribute(parsed, p, s, e, resolver, n_words)
            if found:
                source = "src_rule_verb"
                break
        if not found:
            found = _signed(paras[trimmed[-1][0]], trimmed[-1][2])
            source = "src_rule_signed" if found else ""
        extra = None  # the rule's speaker when a transcript label outranks it
        labelled = _labelled(paras[trimmed[0][0]], trimmed[0][1], resolver,
                             parsed.paragraphs[trimmed[0][0]][0] + trimmed[0][1])
        if labelled and not (found and fold(found[0]) == fold(labelled[0])):
            # a transcript's 'KEILAR: "..."' names the speaker before anything the verbs
            # of the paragraph say; the rule found, if any, stays a candidate
            if found:
                extra = Candidate(found[0], found[2], found[1], source)
            found, source = labelled, "src_rule_label"
        p0 = trimmed[0][0]
        if not found and not _said_by_another(parsed, trimmed[-1]):
            whole = _is_whole_sentence(parsed, trimmed[0])
            if whole and p0 in para_speaker:
                found, source = (para_speaker[p0], "same paragraph", None), "src_rule_para"
            elif whole and p0 > 0 and paras[p0 - 1].rstrip().endswith(":"):
                # "X says:" introduces it; "Ms North also quotes other survivors:" gives
                # it no speaker, and it does not run on from hers
                found, source = _introduced(parsed, p0 - 1, resolver), "src_rule_intro"
                if found is None:
                    prev_quote_para = None
            elif whole and prev_quote_para == p0 - 1 and (p0 - 1) in para_speaker and paras[p0].lstrip()[:1] in OPEN | {STRAIGHT}:
                found, source = (para_speaker[p0 - 1], "running on", None), "src_rule_runon"
        cands: list[Candidate] = []
        if found:
            cands.append(Candidate(found[0], found[2], found[1], source))
        if extra is not None:
            cands.append(extra)
        cands.extend(_neighbours(parsed, trimmed, resolver, quoted))
        pron = cands[0].cue.split()[0].lower() if found and cands[0].cue.split() else ""
        if not found:
            # '"...," she said.' that no rule could resolve still says he or she
            pl_, _, el_ = trimmed[-1]
            m = re.match(r"^\W*\s*(he|she)\s+[a-z]+", paras[pl_][el_:], re.IGNORECASE)
            pron = m.group(1).lower() if m else ""
        if pron in PRONOUN_PERSON or not found:
            cands.extend(_recent_people(parsed, resolver, trimmed, pron))
        if last is not None:
            cands.append(Candidate(last[0], last[1], "last speaker", "src_last_speaker",
                                   para_gap=p0 - last[2], cross_para=p0 != last[2]))
        # the text may name nobody: a candidate of its own, so that the ranker can choose it
        cands.append(Candidate("", None, "nobody named", "src_nobody"))
        whole_para = _whole_paragraph(paras, trimmed)
        cfeats = [_speaker_features(c, cands, last, whole_para, qtext, pron) for c in cands]
        cscores = [qm.probability("speaker", f) for f in cfeats]
        if pron in PRONOUN_PERSON:
            # "she said" is never a man the article calls "he" or "Mr" (nor "he" a woman),
            # whichever sentence offers him
            want = "she" if pron in {"she", "her", "hers"} else "he"
            for i, c in enumerate(cands):
                g = resolver.voted.get(fold(c.name)) or resolver._honorific(c.name) if c.person else None
                if g and g != want:
                    cscores[i] = 0.0
        best = max(range(len(cands)), key=lambda i: cscores[i]) if cands else -1
        qfeats = _quote_features(parsed, paras, trimmed, parts, found is not None, source, cscores[:-1], qtext)
        keep = qm.probability("quote", qfeats) >= qm.threshold("quote")
        offsets = [(parsed.paragraphs[p][0] + s, parsed.paragraphs[p][0] + e) for p, s, e in trimmed]
        if collect is not None:
            collect.append({"parts": offsets, "quote": qfeats,
                            "candidates": [(c.name, f) for c, f in zip(cands, cfeats, strict=True)]})
        if not keep:
            continue
        # a speaker a rule found is never dropped for a low score: the score ranks the
        # candidates; the threshold only keeps a neighbour's name from being guessed
        chosen = cands[best] if best >= 0 and (
            cscores[best] >= qm.threshold("speaker") or cands[best].source.startswith("src_rule")
        ) else None
        if chosen is None or chosen.source == "src_nobody":
            # nobody named (or no name likely enough): the description the text gives ("a
            # witness", "the report"), if a candidate is one, never a guessed name
            described = [i for i, c in enumerate(cands) if c.person is None and c.name[:1].islower()]
            chosen = cands[max(described, key=lambda i: cscores[i])] if described else None
        speaker, cue, person = (chosen.name, chosen.cue, chosen.person) if chosen else ("", "", None)
        if chosen:
            resolver.note(speaker, person, parsed.paragraphs[trimmed[-1][0]][0] + trimmed[-1][2])
            for p, _, _ in trimmed:
                para_speaker[p] = speaker
            last = (speaker, person, trimmed[-1][0])
            prev_quote_para = trimmed[-1][0]
        assert all(text[a:b] == paras[p][s:e] for (a, b), (p, s, e) in zip(offsets, trimmed, strict=True))
        kind = _kind(parsed, paras, trimmed, n_words, chosen, qfeats)
        prev = out[-1] if out else None
        if prev is not None and speaker and _interrupted(text, prev, offsets[0], speaker):
            # '"Part one," he said, "part two."' is one quotation
            prev.parts.extend(offsets)
            prev.text = f"{prev.text} {qtext}"
            continue
        out.append(RawQuote(art.id, offsets, qtext, speaker, cue, person, kind))
    return out


def _sentences_of(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Indexes (in ``list(doc.sents)``) of the first and last sentence touching [s, e)."""
    sents = list(doc.sents)
    first = next((i for i, x in enumerate(sents) if x.end_char > s), len(sents) - 1)
    last_ = next((i for i in range(len(sents) - 1, -1, -1) if sents[i].start_char < e), first)
    return first, max(first, last_)


def _speech_subject(sent, offset: int, resolver: Resolver, quoted: list[tuple[int, int]]):  # noqa: ANN001, ANN202
    """The resolved subject of the first verb of saying of a sentence outside its quotes."""
    for t in sent:
        if any(a <= t.idx < b for a, b in quoted):
            continue
        if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in {"VERB", "AUX"}:
            subj = _subject(t)
            if subj is None or any(a <= subj.idx < b for a, b in quoted):
                continue
            got = resolver.resolve(subj, offset + subj.idx)
            if got:
                cue = f"{subj.text} {t.text}" if subj.pos_ == "PRON" else t.text
                return got[0], got[1], cue, abs(t.idx)
    return None


def _neighbours(parsed: Parsed, trimmed, resolver: Resolver, quoted) -> list[Candidate]:  # noqa: ANN001
    """Speakers the sentences around a quotation offer: the subject of a verb of saying in
    the sentence before or after it (across a paragraph break too), and the people and
    organisations named in its own sentence or the one before."""
    out: list[Candidate] = []
    p0, s0, _ = trimmed[0]
    p1, _, e1 = trimmed[-1]
    off0, doc0 = parsed.paragraphs[p0]
    off1, doc1 = parsed.paragraphs[p1]
    sents0 = list(doc0.sents)
    sents1 = list(doc1.sents)
    if not sents0 or not sents1:
        return out
    f0, _ = _sentences_of(doc0, s0, s0 + 1)
    _, l1 = _sentences_of(doc1, e1 - 1, e1)
    # the sentence before
    if f0 > 0:
        prev, prev_off, cross, qp = sents0[f0 - 1], off0, False, quoted.get(p0, [])
    elif p0 > 0 and list(parsed.paragraphs[p0 - 1][1].sents):
        prev, prev_off, cross, qp = list(parsed.paragraphs[p0 - 1][1].sents)[-1], parsed.paragraphs[p0 - 1][0], True, quoted.get(p0 - 1, [])
    else:
        prev = None
    if prev is not None:
        got = _speech_subject(prev, prev_off, resolver, qp)
        if got:
            out.append(Candidate(got[0], got[1], got[2], "src_prev_sent", para_gap=int(cross),
                                 away=off0 + s0 - (prev_off + prev.end_char), cross_para=cross))
        ents_ = [e for e in prev.ents if e.label_ in {"PERSON", "ORG"} and not any(a <= e.start_char < b for a, b in qp)]
        if ents_:
            e = ents_[-1]
            name = resolver.names.fullest(strip_name(e.text, organisation=e.label_ != "PERSON"), pos=prev_off + e.start_char)
            out.append(Candidate(name, e.label_ == "PERSON", "named before", "src_prev_ent", para_gap=int(cross),
                                 away=off0 + s0 - (prev_off + e.end_char), cross_para=cross))
    # the sentence after
    if l1 + 1 < len(sents1):
        nxt, nxt_off, cross, qn = sents1[l1 + 1], off1, False, quoted.get(p1, [])
    elif p1 + 1 < len(parsed.paragraphs) and list(parsed.paragraphs[p1 + 1][1].sents):
        nxt, nxt_off, cross, qn = list(parsed.paragraphs[p1 + 1][1].sents)[0], parsed.paragraphs[p1 + 1][0], True, quoted.get(p1 + 1, [])
    else:
        nxt = None
    if nxt is not None:
        got = _speech_subject(nxt, nxt_off, resolver, qn)
        if got:
            out.append(Candidate(got[0], got[1], got[2], "src_next_sent", para_gap=int(cross),
                                 away=nxt_off + nxt.start_char - (off1 + e1), cross_para=cross))
    # people and organisations named in the quotation's own sentences, outside quotes
    qs = quoted.get(p0, [])
    for sent in sents0[f0 : (l1 + 1 if p1 == p0 else len(sents0))]:
        for e in sent.ents:
            if e.label_ not in {"PERSON", "ORG"} or any(a <= e.start_char < b for a, b in qs):
                continue
            before = e.end_char <= s0
            if not before and e.start_char < (e1 if p1 == p0 else len(doc0.text)):
                continue
            name = resolver.names.fullest(strip_name(e.text, organisation=e.label_ != "PERSON"), pos=off0 + e.start_char)
            away = s0 - e.end_char if before else e.start_char - e1
            out.append(Candidate(name, e.label_ == "PERSON", "named in the sentence",
                                 "src_sent_before" if before else "src_sent_after", away=max(0, away)))
    return out


def _recent_people(parsed: Parsed, resolver: Resolver, trimmed, pron: str) -> list[Candidate]:  # noqa: ANN001
    """The last three people named before a quotation whose speaker is a pronoun or
    unknown (coreference candidates), with whether the article's he/she for them
    agrees with the pronoun."""
    p0, s0, _ = trimmed[0]
    pos = parsed.paragraphs[p0][0] + s0
    low = parsed.paragraphs[max(0, p0 - 2)][0]
    seen: list[str] = []
    out = []
    for n in reversed(resolver.names.names):
        if n.pos >= pos or n.pos < low:
            continue
        full = resolver.names.fullest(n.text, pos=n.pos)
        if n.label != "PERSON" and resolver.names.label_of(full) != "PERSON":
            continue
        if fold(full) in seen:
            continue
        seen.append(fold(full))
        g = resolver.voted.get(fold(full)) or resolver._honorific(full)
        want = "she" if pron in {"she", "her", "hers"} else "he" if pron else ""
        c = Candidate(full, True, f"{pron} said" if pron else "named before", "src_recent_person",
                      para_gap=p0 - next((i for i, (o, d) in enumerate(parsed.paragraphs) if o <= n.pos < o + len(d.text) + 1), p0),
                      away=pos - n.pos)
        c.rank = len(seen) - 1
        c.subject = n.subject
        c.gender = 1.0 if (g and want and g == want) else -1.0 if (g and want) else 0.0
        out.append(c)
        if len(seen) == 3:
            break
    return out


def _speaker_features(c: Candidate, cands: list[Candidate], last, whole_para: bool,  # noqa: ANN001
                      qtext: str = "", pron: str = "") -> dict[str, float]:
    rules = [o for o in cands if o.source.startswith("src_rule")]
    if c.source == "src_nobody":
        # what makes "nobody named" likely: no rule found a speaker, or the rule's one
        # is a description; how many names the sentences around offer
        named = [o for o in cands if o is not c and o.person is not None]
        return {"src_nobody": 1.0,
                "nobody_no_rule": float(not rules),
                "nobody_rule_unnamed": float(any(o.person is None for o in rules)),
                "nobody_rule_named": float(any(o.person is not None for o in rules)),
                "nobody_no_name": float(not named),
                "nobody_pronoun": float(pron in PRONOUN_PERSON),
                "nobody_whole_para": float(whole_para),
                "nobody_n_names": min(len({fold(o.name) for o in named}), 4) / 4}
    key = fold(c.name)
    name_words = [w for w in re.findall(r"\w+", key) if len(w) > 2]
    in_quote = bool(name_words) and bool(set(name_words) & set(re.findall(r"\w+", fold(qtext))))
    # the last speaker is always offered: its agreeing is no evidence
    votes = sum(1 for o in cands if o is not c and fold(o.name) == key and o.source != "src_last_speaker")
    f = {c.source: 1.0, "name_in_quote": float(in_quote),
         "group_mention": float(c.person is False and c.source in {"src_prev_ent", "src_sent_before", "src_sent_after"}), "votes": min(votes, 3) / 3,
         "rule_other": float(any(fold(o.name) != key for o in rules)),
         "agrees_rule": float(any(o is not c and fold(o.name) == key for o in rules)),
         "person": float(c.person is True), "group": float(c.person is False),
         "unnamed": float(c.person is None and c.name[:1].islower()),
         "para_gap": min(max(c.para_gap, 0), 3) / 3, "cross_para": float(c.cross_para),
         "is_last_speaker": float(last is not None and fold(last[0]) == key),
         "quote_whole_para": float(whole_para),
         "log_chars_away": math.log1p(max(c.away, 0)) / 8,
         "pronoun_cue": float(c.cue.split()[0].lower() in PRONOUN_PERSON | PRONOUN_GROUP if c.cue.split() else 0)}
    if c.source == "src_recent_person":
        f["recent_rank"] = c.rank / 2
        f["recent_subject"] = float(c.subject)
        f["gender_agrees"] = float(c.gender > 0)
        f["gender_conflicts"] = float(c.gender < 0)
    return f


def _whole_paragraph(paras: list[str], trimmed) -> bool:  # noqa: ANN001
    p, s, _ = trimmed[0]
    pl, _, el = trimmed[-1]
    return not paras[p][: max(s - 1, 0)].strip() and len(paras[pl][el:].strip()) <= 3


def _quote_features(parsed: Parsed, paras: list[str], trimmed, raw_parts, rule: bool, source: str,
                    cscores: list[float], qtext: str) -> dict[str, float]:  # noqa: ANN001
    p, s, _ = trimmed[0]
    pl, _, el = trimmed[-1]
    offset, doc = parsed.paragraphs[p]
    words = qtext.split()
    n = len(words)
    alpha = [w for w in words if w[:1].isalpha()]
    title_frac = sum(1 for w in alpha if w[:1].isupper()) / len(alpha) if alpha else 0.0
    inside = _tokens_in(doc, s, trimmed[0][2]) if len(trimmed) == 1 else _tokens_in(doc, s, len(doc.text))
    before_text = paras[p][: max(s - 1, 0)]
    before_words = re.findall(r"[\w'-]+", before_text.lower())[-4:]
    after_text = paras[pl][el:]
    after_words = re.findall(r"[\w'-]+", after_text.lower())[:1]
    prev_tok = next((t for t in reversed(doc) if t.idx < s - 1 and not t.is_punct), None)
    next_tok = None
    if pl == p:
        next_tok = next((t for t in doc if t.idx >= el + 1 and not t.is_space), None)
    f0, l0 = _sentences_of(doc, s, trimmed[0][2])
    sents = list(doc.sents)
    outside = [t for i in range(f0, l0 + 1) if i < len(sents) for t in sents[i] if not (s <= t.idx < trimmed[0][2])]
    raw_end = raw_parts[-1][2] if raw_parts else el
    last_char = paras[raw_parts[-1][0]][raw_end - 1 : raw_end] if raw_end > 0 else ""
    return {
        "log_words": math.log(n + 1) / math.log(50), "one_word": float(n == 1), "le3_words": float(n <= 3),
        "title_frac": title_frac, "all_title": float(title_frac == 1.0 and n <= 8),
        "first_person": float(any(w.lower().strip(".,!?;:'\u2019\"") in _FIRST_PERSON for w in words)),
        "has_verb": float(any(t.pos_ in {"VERB", "AUX"} for t in inside)),
        "ends_punct": float(last_char in {".", "?", "!", ","}),
        "starts_upper": float(qtext[:1].isupper()),
        "after_det": float(prev_tok is not None and prev_tok.lower_ in _DETS),
        "before_noun": float(next_tok is not None and next_tok.pos_ in {"NOUN", "PROPN"} and not next_tok.is_punct),
        "naming_context": float(bool(set(before_words[-3:]) & _NAMING_WORDS) or "as" in before_words[-1:]),
        "work_context": float(bool(set(before_words) & _WORK_WORDS) or bool(set(after_words) & _WORK_WORDS)),
        "so_called": float(bool(re.search(r"so-?called\s*\W?$", before_text, re.IGNORECASE))),
        "rule_speaker": float(rule), "rule_verb": float(source == "src_rule_verb"),
        "speech_in_sentence": float(any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ in {"VERB", "AUX"} for t in outside)),
        "whole_sentence": float(_is_whole_sentence(parsed, trimmed[0])),
        "whole_paragraph": float(_whole_paragraph(paras, trimmed)),
        "in_parens": float(before_text.rstrip()[-1:] == "("),
        "after_colon": float(before_text.rstrip()[-1:] == ":"),
        "best_candidate": max(cscores) if cscores else 0.0,
        "n_candidates": min(len(cscores), 5) / 5,
        "has_punct_inside": float(bool(re.search(r"[.,!?;]\s", qtext))),
        "after_comma_verb": float(bool(re.search(r",\s*\W?$", before_text)) and bool(before_words)
                                  and before_words[-1] in {"said", "says", "added", "wrote", "told", "asked", "stating", "saying"}),
        "continues_open": float(len(trimmed) > 1 or len(raw_parts) > 1),
        "short_rule": float(n <= 3 and source == "src_rule_verb"),
        "short_norule": float(n <= 3 and not rule),
    }


def _kind(parsed: Parsed, paras: list[str], trimmed, n_words: int, chosen: Candidate | None,
          qf: dict[str, float]) -> str:  # noqa: ANN001
    """``multi`` (over several paragraphs), ``statement`` (written: a statement, a tweet,
    a filing), ``partial`` (a fragment inside the writer's sentence) or ``direct``."""
    if len({p for p, _, _ in trimmed}) > 1:
        return "multi"
    p, s, e = trimmed[0]
    _, doc = parsed.paragraphs[p]
    f0, l0 = _sentences_of(doc, s, e)
    sents = list(doc.sents)
    around = [t for i in range(max(0, f0 - (1 if chosen and chosen.source == "src_prev_sent" else 0)), l0 + 1)
              if i < len(sents) for t in sents[i] if not (s <= t.idx < e)]
    if chosen and any(t.lemma_.lower() in _WRITTEN for t in around):
        return "statement"
    if not qf["whole_sentence"] and not qf["after_colon"] and (not qf["starts_upper"] or n_words <= 4):
        return "partial"
    return "direct"


def _interrupted(text: str, prev: RawQuote, start: tuple[int, int], speaker: str) -> bool:
    """The quotation goes on after an attribution in the middle of its sentence."""
    if prev.speaker != speaker or not prev.parts:
        return False
    end = prev.parts[-1][1]
    gap = text[end : start[0]]
    first = text[start[0] : start[0] + 1]
    return (
        "\n" not in gap
        and len(gap) < 60
        and text[end : end + 1] == ","  # '"Part one,"' ends on a comma inside the mark
        and not re.search(r"[.!?]", gap)
        and bool(re.search(r",\s*\W?$", gap))
        and first.islower()
    )


def _said_by_another(parsed: Parsed, part: tuple[int, int, int]) -> bool:
    """The quotation's own sentence goes on with a name and a verb of saying that could
    not be read ('"...," NAME said'): it has its own speaker, so the paragraph's last
    speaker must not be lent to it."""
    p, _, e = part
    _, doc = parsed.paragraphs[p]
    after = [t for t in doc if t.idx >= e]
    while after and after[0].is_punct and after[0].text not in ".?!":
        after.pop(0)  # the closing mark and its comma
    for t in after[:12]:
        if t.text in {".", "?", "!"}:
            break
        if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in {"VERB", "AUX"}:
            return any(c.dep_ in {"nsubj", "nsubjpass"} and c.idx > e for c in t.children)
    return False


def _is_whole_sentence(parsed: Parsed, part: tuple[int, int, int]) -> bool:
    p, s, _ = part
    before = parsed.paragraphs[p][1].text[: max(s - 1, 0)].rstrip()
    return not before or before[-1] in ".?!\u201d\"" or before.endswith(":")


def _attribute(
    parsed: Parsed, p: int, s: int, e: int, resolver: Resolver, n_words: int
) -> tuple[str, str, bool | None] | None:
    offset, doc = parsed.paragraphs[p]
    inside_tokens = _tokens_in(doc, s, e)
    if not inside_tokens:
        return None
    inside = {t.i for t in inside_tokens}
    before = doc.text[max(0, s - 12) : s]
    if re.search(r"so-?called\s*\W?$", before, re.IGNORECASE):
        return None  # 'so-called "moderate" rebels' marks a word, it reports no speech
    if n_words <= 3 and _names_a_thing(doc, inside_tokens):
        return None  # 'writing on the "Yorkshire lass" website': a name, not speech
    # the sentences the quotation touches
    first = inside_tokens[0].sent
    last = inside_tokens[-1].sent
    sent_start = first.start_char
    sent_end = last.end_char
    verbs = _speech_verbs(doc, sent_start, sent_end, inside)
    qfirst, qlast = inside_tokens[0].i, inside_tokens[-1].i
    if not verbs:
        # the attribution may stand in what the parser made the next sentence
        return _after_quote(doc, offset, qlast, resolver) if n_words > 1 else None

    def rank(v: Token) -> tuple[int, int]:
        # verbs that govern the quotation first, the outermost first ("X announced
        # that he had asked ... 'quote'" reports X); then the nearest
        governs = any(v in t.ancestors for t in inside_tokens) or v.head.i in inside
        if governs:
            return (0, sum(1 for _ in v.ancestors))
        return (1, min(abs(v.i - qfirst), abs(v.i - qlast)))

    for verb in sorted(verbs, key=rank):
        if n_words == 1 and not _stands_alone(doc, e):
            continue  # 'a "buffer" zone': a modifier, not what anyone said
        subj = _subject(verb)
        if subj is None or subj.i in inside:
            continue
        got = resolver.resolve(subj, offset + subj.idx)
        if got is None:
            continue
        name, person = got
        cue = f"{subj.text} {verb.text}" if subj.pos_ == "PRON" else verb.text
        return name, cue, person
    return _after_quote(doc, offset, qlast, resolver)


_SIGNATURE = re.compile(
    r"""\W{0,2}\s*[-\u2013\u2014]\s*["\u201c]?([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3})["\u201d]?"""
    # an embedded post's signature: '— Jane Doe (@janedoe) August 17, 2016'
    r"""(?:\s*\(@\w+\))?(?:\s+[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$"""
)


def _signed(paragraph: str, end: int) -> tuple[str, str, bool | None] | None:
    """A quotation signed at the end of its paragraph: '"...can." - "Fiona"', '"..." —
    Jane Doe'."""
    m = _SIGNATURE.match(paragraph[end:])
    return (m.group(1), "signed", True) if m else None


_LABEL = re.compile(
    r"^\s*([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})(?:,[^:\"\u201c\u201d]{0,80})?:\s*[\"\u201c\u201e]?\s*$"
)


def _labelled(paragraph: str, start: int, resolver: Resolver, pos: int) -> tuple[str, str, bool | None] | None:
    """A paragraph that opens with a speaker's label and a colon, as transcripts and
    fact checks do ('KEILAR: "..."', 'TRUMP, bragging again: "..."'): the label
    speaks, when it is a person or body the article names ("THE FACTS:" is not)."""
    m = _LABEL.match(paragraph[:start])
    if not m:
        return None
    label = m.group(1)
    if label.isupper():
        label = label.title()  # "TRUMP" is the article's "Trump"
    name = strip_name(label)
    full = resolver.names.fullest(name, pos=pos)
    kind = resolver.names.label_of(full) or resolver.names.label_of(name)
    if kind not in {"PERSON", "ORG"}:
        return None
    return full, f"{m.group(1)}:", kind == "PERSON"


def _introduced(parsed: Parsed, p: int, resolver: Resolver) -> tuple[str, str, bool | None] | None:
    """A paragraph that ends "X, writing on a website, says:" introduces the quotation of
    the next paragraph: the subject of its last verb of saying speaks."""
    offset, doc = parsed.paragraphs[p]
    sents = list(doc.sents)
    if not sents:
        return None
    last = sents[-1]
    verbs = [t for t in last if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in {"VERB", "AUX"}]
    for verb in reversed(verbs):
        if verb.lemma_.lower() in RELAY_VERBS:
            return None  # "Ms North also quotes a number of other survivors:" - not her words
        subj = _subject(verb)
        if subj is None:
            continue
        got = resolver.resolve(subj, offset + subj.idx)
        if got:
            return got[0], f"{verb.text}:", got[1]
    return None


def _names_a_thing(doc: Doc, inside: list[Token]) -> bool:
    """A short quotation between a determiner and its noun ('the "Yorkshire lass"
    website', 'a "buffer" zone') names or labels a thing inside a noun phrase."""
    first, last = inside[0].i, inside[-1].i
    i = first - 1
    while i >= 0 and doc[i].is_punct:
        i -= 1
    j = last + 1
    while j < len(doc) and doc[j].is_punct and doc[j].text not in ",.;:!?":
        j += 1
    if i < 0 or j >= len(doc):
        return False
    return doc[i].lower_ in {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that"} and (
        doc[j].pos_ in {"NOUN", "PROPN"} and doc[j].whitespace_ != "" or doc[j].pos_ == "NOUN"
    )


def _stands_alone(doc: Doc, end: int) -> bool:
    """A quoted word is the whole complement ("called it 'barbaric'."), not a modifier
    inside a noun phrase ('a "buffer" zone'): the closing mark ends a phrase."""
    rest = doc.text[end + 1 :].lstrip()
    return not rest or rest[0] in ".,;:!?)\u2014" or rest.split()[0].lower() in {"and", "or", "but", "by", "in", "to"}


def _after_quote(doc: Doc, offset: int, qlast: int, resolver: Resolver) -> tuple[str, str, bool | None] | None:
    """The pattern the parser can miss: '"...," NAME[, role,] said' or '"...," said NAME'."""
    i = qlast + 1
    n = len(doc)
    while i < n and doc[i].is_punct:
        i += 1
    sent_end = doc[qlast].sent.end
    if sent_end <= i < n and (any(t.text == "," for t in doc[qlast + 1 : i]) or (
        # '"... to steal." said one local resident': the parser ends the sentence at the
        # closing mark, but a lower-case verb of saying right after it attributes it
        doc[i].text[:1].islower() and doc[i].lemma_.lower() in SPEECH_VERBS and doc[i].pos_ in {"VERB", "AUX"}
    )):
        # '"...!," NAME said.': the parser may end the sentence at the closing mark, but
        # the comma says the attribution follows
        sent_end = doc[i].sent.end
    if i >= sent_end:
        return None
    tok = doc[i]
    if tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in {"VERB", "AUX"}:
        j = i + 1
        while j < sent_end and doc[j].pos_ not in {"PROPN", "PRON", "NOUN"}:
            j += 1
        while j + 1 < sent_end and doc[j + 1].pos_ == "PROPN":
            j += 1
        if j < sent_end:
            got = resolver.resolve(doc[j], offset + doc[j].idx)
            if got:
                return got[0], tok.text, got[1]
        return None
    if tok.pos_ not in {"PROPN", "PRON"}:
        return None
    j = i
    while j + 1 < sent_end and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].text in "-\u2010" or doc[j].text in "-\u2010"):
        j += 1
    # a speech verb must follow, after at most an appositive
    for k in range(j + 1, min(sent_end, j + 25)):
        if doc[k].lemma_.lower() in SPEECH_VERBS and doc[k].pos_ in {"VERB", "AUX"}:
            got = resolver.resolve(doc[j], offset + doc[j].idx)
            if got:
                return got[0], doc[k].text, got[1]
            return None
    return None


# ---------------------------------------------------------------- across articles


def _key(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _same_quote(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    joined = " " + " ".join(long_) + " "
    if len(short) >= 4 and " " + " ".join(short) + " " in joined:
        return True
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) >= 0.8


def merge_quotes(raw: Sequence[RawQuote], texts: dict[str, str], speaker_key) -> list[Quote]:  # noqa: ANN001
    """One ``Quote`` per distinct quotation; reports of it by several articles are merged.

    Two quotations are the same when their words match (one inside the other, or 80%
    of distinct words shared) and their speakers are the same entity (``speaker_key``
    maps a speaker to its entity id, or its folded name).
    """
    groups: list[list[RawQuote]] = []
    by_speaker: dict[str, list[tuple[list[RawQuote], list[str]]]] = {}
    for q in raw:
        k = _key(q.text)
        bucket = by_speaker.setdefault(speaker_key(q.speaker), [])
        for g, gk in bucket:
            if _same_quote(k, gk):
                g.append(q)
                break
        else:
            group = [q]
            groups.append(group)
            bucket.append((group, k))
    out = []
    for g in groups:
        # the fullest report first: an article that quotes "a different phase" and later
        # the whole sentence holding it keeps the sentence, not the fragment
        g.sort(key=lambda q: -len(q.text))
        first = g[0]
        sources: list[str] = []
        parts: list[Span] = []
        for q in g:
            if q.article in sources:
                continue  # an article repeating a quotation: its first place stands
            sources.append(q.article)
            for s, e in q.parts:
                parts.append(Span(q.article, s, e, texts[q.article][s:e]))
        out.append(
            Quote(
                text=first.text,
                speaker=first.speaker,
                sources=tuple(sources),
                parts=tuple(parts),
                cue=first.cue,
                kind=first.kind,
            )
        )
    return out
