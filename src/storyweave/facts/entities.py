"""People, organisations and places: names resolved within an article, merged across articles.

Within an article a short name stands for the fullest name that contains it
("Putin" -> "Vladimir Putin", "the Observatory" -> "Syrian Observatory for Human
Rights", "Russia's Defence Ministry" -> "Russian Defence Ministry"), and a role
noun stands for the person it was given to ("Kremlin spokesman Dmitry Peskov",
"Igor Konashenkov, a spokesman for the Russian Defence Ministry"). Across articles
names are merged when one's words are a run of the other's (accents folded).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..records import Entity, normalize
from .parse import Parsed

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")
#: a US party and state tag after a name: "(D-SI)", ", R-Texas"
#: words the small model runs into the start of a name ("the", "Thursday Trump")
_DAY_WORDS = {"the", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "today", "yesterday", "tonight"}
_PARTY = re.compile(r"[\s,]*\(?\b[DRI]-[A-Z][A-Za-z.]*\)?\s*$")
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
#: Words of rank and address that precede a name but are not part of it.
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "secretary", "general", "lieutenant", "colonel",
    "major", "captain", "commander", "admiral", "sergeant", "corporal", "senator", "sen",
    "rep", "representative", "congressman", "congresswoman", "governor", "gov", "mayor",
    "chancellor", "king", "queen", "prince", "princess", "pope", "father", "rev", "reverend",
    "judge", "justice", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson",
    "chief", "deputy", "foreign", "defence", "defense", "interior", "finance", "chairman",
    "chairwoman", "chair", "director", "head", "leader", "sheikh", "emir", "gen", "lt", "col",
    "capt", "sgt", "maj", "adm", "st", "premier", "the", "former", "acting", "then",
}
#: Titles of address, not roles: "the Mr said" never stands for a person.
_ADDRESS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "the", "former", "acting", "then", "st"}
PRONOUN_PERSON = {"he", "she", "him", "her", "his"}
PRONOUN_GROUP = {"it", "they", "its", "their", "them", "we"}
_WORD = re.compile(r"[\w-]+(?:'[\w]+)?", re.UNICODE)
#: Social-media handles, hashtags, links and ticker prices are page furniture, not
#: names ("@wbalradio", "+0.88% BP"), though the model tags them.
_FURNITURE = re.compile(r"[@#%]|https?:|pic\.twitter")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accents removed, apostrophes straightened, case folded: the key names are compared by."""
    text = unicodedata.normalize("NFKD", normalize(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()


def _title_word(word: str) -> bool:
    """A word of rank, hyphenated ones too ("Inspector-General")."""
    low = fold(word).strip(".,")
    return low in TITLES or (
        "-" in low and any(part in TITLES and part not in _ADDRESS for part in low.split("-"))
    )


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """The folded words of a name, possessive 's dropped."""
    out = []
    for w in _WORD.findall(fold(text)):
        if w.endswith("'s"):
            w = w[:-2]
        out.append(w)
    return tuple(out)


def same_word(a: str, b: str) -> bool:
    """Equal, or a place and its adjective (Russia / Russian, Syria / Syrian)."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short) and long_[len(short):] in {"n", "an", "ian", "i"}


@lru_cache(maxsize=65536)
def _is_run(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """``short``'s words occur in ``long_`` in order and next to each other."""
    n = len(short)
    for i in range(len(long_) - n + 1):
        if all(same_word(s, w) for s, w in zip(short, long_[i : i + n], strict=True)):
            return True
    return False


def strip_name(text: str, organisation: bool = False) -> str:
    """Drop a leading article, titles and a trailing possessive from a name.

    "Lieutenant General Sergei Rudskoi" -> "Sergei Rudskoi"; "the Russian Armed Forces
    Lieutenant General Sergei Rudskoi" -> "Sergei Rudskoi" (a name after the last
    title word, when at least two words are left). Organisations keep their words
    ("General Motors", "Foreign Ministry") except a leading "the".
    """
    text = normalize(_INVISIBLE.sub("", text))
    text = _PARTY.sub("", text).strip() or text  # "Diane Savino (D-SI)"
    text = re.sub(r"['\u2019]s?$", "", text).strip()
    parts = text.split()
    if not organisation:
        # "Sweden's Carl Dahl": the country is not part of his name
        owned = [i for i, w in enumerate(parts[:-1]) if re.search(r"['\u2019]s$", w)]
        if owned and len(parts) - owned[-1] - 1 >= 2:
            parts = parts[owned[-1] + 1 :]
    lead = {"the"} if organisation else _DAY_WORDS  # "Thursday Trump": the model ran the day into the name
    while len(parts) > 1 and (fold(parts[0]) in lead or parts[0] in {"of", "for", "and", "at"}):
        parts.pop(0)
    if not organisation:
        # the last title that leaves a name of two words: "Foreign Office Minister Lord
        # Triesman" is past "Minister", not "Office Minister Lord Triesman"
        titled = [i for i, w in enumerate(parts[:-1]) if _title_word(w) and len(parts) - i - 1 >= 2]
        if titled:
            parts = parts[titled[-1] + 1 :]
            if parts[0] in {"of", "for"} and len(parts) >= 4:
                # "Mayor of Tarnby Lars Holm": the office's place (one word; "the" too)
                # is not part of his name
                rest = parts[1:]
                if fold(rest[0]) == "the" and len(rest) >= 4:
                    rest = rest[1:]
                parts = rest[1:]
        while len(parts) > 1 and (
            fold(parts[0]).strip(".") in TITLES or parts[0] in {"of", "for", "and", "at"}
        ):
            parts.pop(0)
    return " ".join(parts).strip(" ,.;:")


# ---------------------------------------------------------------- within an article


@dataclass
class Name:
    text: str
    label: str
    pos: int  # character offset in Article.text
    subject: bool = False  # the subject of its clause
    main: bool = False  # the subject of its sentence's main verb


@dataclass
class Role:
    words: set[str]
    head: str
    person: str
    pos: int


@dataclass
class ArticleNames:
    """The names and roles of one article, and how to resolve a mention to its fullest name."""

    names: list[Name] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)

    def label_of(self, name: str) -> str:
        votes = Counter(n.label for n in self.names if fold(n.text) == fold(name))
        return votes.most_common(1)[0][0] if votes else ""

    def fullest(self, name: str, person: bool | None = None, pos: int | None = None) -> str:
        """The longest name of this article of which ``name`` is a run of words; with
        ``pos``, of two such names of the same length the one named last before ``pos``
        ("Josh Hardy" ... "Todd Hardy, Josh's father" ... "Hardy said": Todd)."""
        name = strip_name(name)
        key = words(name)
        if not key:
            return name
        alias = self.aliases.get(" ".join(key))
        if alias:
            return alias
        if len(key) == 1 and pos is not None and person is not False:
            owner = self._surname_owner(key[0], pos)
            if owner is not None:
                return owner
        best = name
        best_len = len(key)
        for cand in self.names:
            cw = words(cand.text)
            if len(cw) < best_len or not _is_run(key, cw):
                continue
            if len(cw) == best_len and ("'" not in fold(best) or "'" in fold(cand.text)):
                if not (pos is not None and best_len > len(key) and cand.pos < pos
                        and fold(cand.text) != fold(best) and "'" not in fold(cand.text)):
                    continue  # same length: prefer "Russian Defence Ministry" to "Russia's ..."
            if cand.label == "PERSON" and not same_word(cw[-1], key[-1]):
                continue  # a first name alone is not a reference to the full name
            if "of" in cw[:-1] and not _is_run(key, cw[: cw.index("of")]):
                # "Chicago" is not the "University of Chicago", "Katriuk" not the run
                # "News of Katriuk" the parse gave
                continue
            if len(key) == 1 and len(cw) > 1 and key[0] not in cw:
                continue  # "Iran" is not the "Iranian National Security Council"
            if person is True and cand.label not in {"PERSON", ""}:
                continue
            best, best_len = cand.text, len(cw)
        return best

    def _surname_owner(self, surname: str, pos: int) -> str | None:
        """Whose a bare surname is at ``pos`` when the article has named two people of it.

        The first person named in full owns it; a later one of the same surname takes it
        over only while the article has not yet used the bare surname for the owner
        ("Josh Hardy ... Todd Hardy, Josh's father ... Hardy said": Todd; "O.J. Simpson
        ... Simpson, 70, ... his ex-wife, Nicole Brown Simpson ... Simpson said": O.J.).
        None when fewer than two people carry the surname (the longest name decides)."""
        owner: str | None = None
        used = False
        people: set[str] = set()
        for n in sorted(self.names, key=lambda n: n.pos):
            if n.pos >= pos:
                break
            if n.label not in {"PERSON", ""}:
                continue
            w = words(n.text)
            if not w or not same_word(w[-1], surname):
                continue
            if len(w) == 1:
                used = used or owner is not None
                continue
            if owner is not None and (_is_run(w, words(owner)) or _is_run(words(owner), w)):
                if len(w) > len(words(owner)):
                    owner = n.text  # the same person named more fully
                continue
            if n.label != "PERSON":
                continue
            people.add(fold(n.text))
            if owner is None or not used:
                owner, used = n.text, False
        return owner if len(people) >= 2 else None

    def person_before(self, pos: int) -> str | None:
        for n in reversed(self.names):
            if n.pos < pos and n.label == "PERSON":
                return self.fullest(n.text)
        return None

    def subjects_between(self, low: int, high: int) -> list[str]:
        """People named as the subject of a clause between two offsets, latest first;
        subjects of a sentence's main verb before those of a clause inside it ("Reid said
        there was little point for Obama to engage. '...,' he told POLITICO": Reid)."""
        found = [n for n in reversed(self.names) if low <= n.pos < high and n.subject and (
            n.label == "PERSON" or self.label_of(self.fullest(n.text)) == "PERSON")]
        return [self.fullest(n.text) for n in sorted(found, key=lambda n: not n.main)]

    def named_subjects_between(self, low: int, high: int) -> list[Name]:
        """Names of any kind that are the subject of a clause between two offsets, latest
        first, subjects of a sentence's main verb first."""
        found = [n for n in reversed(self.names) if low <= n.pos < high and n.subject]
        return sorted(found, key=lambda n: not n.main)

    def people_before(self, pos: int) -> list[str]:
        return [self.fullest(n.text) for n in reversed(self.names) if n.pos < pos and n.label == "PERSON"]

    def group_before(self, pos: int) -> str | None:
        for n in reversed(self.names):
            if n.pos < pos and n.label == "ORG":
                return self.fullest(n.text)
        return None

    def role(
        self, phrase_words: set[str], head: str, pos: int, need: set[str] = frozenset()
    ) -> str | None:
        """The person last given the role ``head`` (with the most words in common, and
        all of ``need``)."""
        best: tuple[int, int] | None = None
        person = None
        for r in self.roles:
            if r.head != head or not need <= r.words:
                continue
            # of two holders ("President Donald Trump" ... "President Barack Obama"), the
            # one the text named last before the mention, under any of his names
            score = (len(phrase_words & r.words), -abs(pos - max(r.pos, self._last_named(r.person, pos))))
            if best is None or score > best:
                best, person = score, r.person
        return person

    def _last_named(self, person: str, pos: int) -> int:
        """Where ``person`` (or a run of his name's words, "Trump") was last named before ``pos``."""
        pw = words(person)
        last = -1
        for n in self.names:
            if n.pos < pos and n.pos > last and n.label in {"PERSON", ""}:
                w = words(n.text)
                if w and _is_run(w, pw) and same_word(w[-1], pw[-1]):
                    last = n.pos
        return last


def _clean_ent(ent: Span) -> str:
    text = strip_name(ent.text, organisation=ent.label_ != "PERSON")
    if ent.label_ in {"GPE", "LOC", "FAC"}:
        # "Syria's Aleppo" is Aleppo (a ministry keeps its country: "Russia's Defence Ministry")
        text = re.sub(r"^.*['\u2019]s\s+(?=\S)", "", text)
    if ent.label_ == "PERSON":
        # "News of Katriuk's death": the model's span took in the noun before "of"
        m = re.match(r"^([A-Z]\w+) of ([A-Z].+)$", text)
        if m and fold(m.group(1)) not in TITLES:
            text = m.group(2)
    return text


def proper_run(head: Token) -> Span | None:
    """The run of proper nouns ending at ``head`` (its name), with an "of/for" tail.

    Pieces glued by a hyphen ("Ibrahim al-Haj", "Ban Ki-moon") belong to the run.
    """
    if head.pos_ != "PROPN":
        return None
    doc = head.doc
    start = head.i
    low = head.sent.start
    while start > low:
        prev = doc[start - 1]
        glued = prev.whitespace_ == "" and (prev.text in "-\u2010" or prev.is_alpha)
        if glued or (prev.pos_ == "PROPN" and head.i >= prev.head.i >= start - 1):
            start -= 1
            continue
        break
    while start < head.i and doc[start].text in "-\u2010":
        start += 1
    end = head.i + 1
    while end < len(doc) and doc[end - 1].whitespace_ == "" and (
        doc[end].text in "-\u2010" or (doc[end].is_alpha and doc[end - 1].text in "-\u2010")
    ):
        end += 1
    # "Syrian Observatory for Human Rights", "Bank of England"
    if (
        head.ent_type_ != "PERSON"
        and end + 1 < len(doc)
        and doc[end].lower_ in {"of", "for"}
        and doc[end + 1].pos_ == "PROPN"
    ):
        j = end + 1
        while j < len(doc) and doc[j].pos_ == "PROPN":
            j += 1
        end = j
    while start < end and (doc[start].lower_ in {"the"} or doc[start].tag_ == "POS"):
        start += 1
    # a leading country name with its possessive: "Russia's Defence Ministry" (but
    # "Syria's Aleppo" is Aleppo)
    if (
        start > 1 and doc[start - 1].tag_ == "POS" and doc[start - 2].pos_ == "PROPN"
        and head.ent_type_ not in {"GPE", "LOC", "FAC"}
    ):
        start -= 2
    return doc[start:end]


def _is_title(t: Token) -> bool:
    return _title_word(t.text)


def title_only(run: Span) -> bool:
    """A run of proper nouns that is a title and no name: "The President", "the
    Freedonian Foreign Minister", "the Minister for Wales" (what follows "of"/"for" is
    the office's place or remit)."""
    toks = list(run)
    for k, t in enumerate(toks):
        if k and t.lower_ in {"of", "for"}:
            toks = toks[:k]
            break
    words = [t for t in toks if t.is_alpha and fold(t.text) != "the"]
    titles = [t for t in words if _is_title(t)]
    return bool(titles) and all(
        t in titles or t.ent_type_ in {"NORP", "GPE"} or t.pos_ == "ADJ" for t in words
    )


def article_names(parsed: Parsed) -> ArticleNames:
    """Collect the names, acronyms and roles an article gives."""
    out = ArticleNames()
    for _, offset, sent in parsed.sentences():
        for ent in sent.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            text = _clean_ent(ent)
            if not text or not any(c.isalpha() for c in text) or _FURNITURE.search(ent.text):
                continue
            label = ent.label_
            doc = ent.doc
            held = office_holder(doc[ent.start : ent.end], parsed.article.text)
            if held and label in {"PERSON", "ORG", "GPE"}:
                text, label = held, "PERSON"
            if label == "NORP" and ent.root.pos_ == "PROPN" and ent.root.dep_ in {"pobj", "nsubj", "dobj"}:
                label = "GPE"  # the small model calls some cities NORP ("in Aleppo")
            person = strip_name(ent.text)
            if label != "PERSON" and person != text and len(person.split()) >= 2 and ent.root.pos_ == "PROPN":
                # a person with a long title the model read as one organisation:
                # "the Russian Armed Forces Lieutenant General Sergei Rudskoi"
                text, label = person, "PERSON"
            root = ent.root
            subject = root.dep_ in {"nsubj", "nsubjpass"} or (
                root.dep_ == "appos" and root.head.dep_ in {"nsubj", "nsubjpass"}
            )
            verb = root.head if root.dep_ != "appos" else root.head.head
            main = subject and verb.dep_ == "ROOT"
            out.names.append(Name(text, label, offset + ent.start_char, subject, main))
            _acronym(out, ent, text)
        for tok in sent:
            if tok.pos_ == "PROPN" and tok.dep_ != "compound" and not tok.ent_type_:
                run = proper_run(tok)
                if run is not None and len(run) > 1:
                    held = office_holder(run, parsed.article.text)
                    out.names.append(Name(held or strip_name(run.text), "", offset + run.start_char))
            _roles(out, tok, offset)
    return out


#: Last words of the names of bodies and places, which no person's name ends with.
_BODIES = {
    "ministry", "department", "agency", "centre", "center", "service", "directorate", "office",
    "committee", "council", "board", "bureau", "commission", "authority", "institute",
    "university", "police", "party", "company", "group", "bank", "association", "union",
    "staff", "court", "forces", "army", "navy", "government", "province", "region", "state",
    "states", "city", "county", "district", "foundation", "trust", "fund", "assembly",
}


def office_holder(span: Span, text: str) -> str | None:
    """The person in "Mayor of Tarnby Lars Holm", "Governor of Nord Dal Per Lund", a run
    the model reads as one name from the place on: the words after the place. The place
    is the longest start of the run the article writes elsewhere too ("the Nord Dal
    district"), else its first word."""
    doc = span.doc
    # the title and its "of" before the run, or at its start (a run of proper nouns
    # that begins "Governor of ...")
    at = [i for i in range(max(span.start - 1, 1), span.end - 2)
          if doc[i].lower_ in {"of", "for"} and _is_title(doc[i - 1]) and doc[i - 1].text[:1].isupper()]
    if not at:
        return None  # "a spokesman for the ...", "director of the ...": a role, not a title
    ws = doc[at[-1] + 1 : span.end].text.split()
    if len(ws) < 3 or not all(w[:1].isupper() for w in ws) or fold(ws[-1]) in _BODIES:
        return None  # "Chief of the Main Directorate", "Director of University of Chile ...
    k = 1
    for n in range(len(ws) - 2, 1, -1):
        if text.count(" ".join(ws[:n])) >= 2:
            k = n
            break
    held = strip_name(" ".join(ws[k:]))
    return held if len(held.split()) >= 2 else None


def _acronym(out: ArticleNames, ent: Span, text: str) -> None:
    """"the Syrian Observatory for Human Rights (SOHR)": SOHR stands for the full name."""
    doc = ent.doc
    if ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
        short = doc[ent.end + 1].text
        if short.isupper() and 2 <= len(short) <= 8:
            out.aliases[fold(short)] = text


def _roles(out: ArticleNames, tok: Token, offset: int) -> None:
    """Role nouns given to a named person: before the name, or in apposition."""
    if tok.pos_ != "PROPN" or tok.dep_ == "compound":
        return
    unsure = bool(tok.ent_type_) and tok.ent_type_ != "PERSON"
    if unsure and tok.ent_type_ not in {"ORG", "NORP"}:
        return
    run = proper_run(tok)
    if run is None:
        return
    person = strip_name(run.text)
    if len(person.split()) < 2 and tok.ent_type_ != "PERSON":
        return
    # "Kremlin spokesman Dmitry Peskov": common nouns compounded onto the name
    nouns = [c for c in tok.children if c.dep_ in {"compound", "amod"} and c.i < run.start]
    role_words: set[str] = set()
    heads = []
    for c in nouns:
        for t in c.subtree:
            if t.i < run.start and t.is_alpha:
                role_words.add(t.lower_)
        if c.pos_ == "NOUN" or (fold(c.text) in TITLES and fold(c.text) not in _ADDRESS):
            heads.append(c.lemma_.lower())  # "spokesman", and "President" the model calls PROPN
    # "Freedonian President Marco Vell": a title the model reads as part of the name
    given = set(words(person))
    for t in run:
        low = fold(t.text).strip(".")
        if low in TITLES and low not in _ADDRESS and low not in given:
            heads.append(t.lemma_.lower())
            role_words |= {w.lower_ for w in run if w.is_alpha and fold(w.text) not in given}
    for c in tok.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            heads.append(c.lemma_.lower())
            role_words |= {t.lower_ for t in c.subtree if t.is_alpha}
    holder = tok.head
    if tok.dep_ == "appos" and holder.dep_ == "pobj" and holder.head.lower_ in {"of", "for"}:
        holder = holder.head.head  # the parser hangs her on the place: "Minister for Wales"
    if tok.dep_ == "appos" and holder.pos_ == "PROPN" and holder.i < run.start:
        # "the Minister for Wales, Anna Price": the title run she is in apposition to
        title = proper_run(holder)
        if title is not None and title_only(title):
            heads.append(holder.lemma_.lower())
            role_words |= {t.lower_ for t in title if t.is_alpha}
    if unsure:
        # a name the model called an organisation is a person only by a person's title
        heads = [h for h in heads if h in TITLES]
    for head in heads:
        head = _ABBREVIATED.get(head.strip("."), head)  # "Sen. Warren" ... "the senator"
        out.roles.append(Role(role_words | {head}, head, person, offset + tok.idx))


#: rank and office abbreviations written before names, as the role noun they stand for
_ABBREVIATED = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                "lt": "lieutenant", "sgt": "sergeant", "col": "colonel", "capt": "captain",
                "supt": "superintendent", "insp": "inspector", "det": "detective", "cmdr": "commander",
                "prof": "professor", "pres": "president"}


# ---------------------------------------------------------------- across articles


def _entity_id(name: str) -> str:
    return "e" + hashlib.sha1(fold(name).encode("utf-8")).hexdigest()[:8]


def _flat(ws: tuple[str, ...]) -> tuple[str, ...]:
    """The words with hyphens split: "Kim Jong-nam" and "Kim Jong Nam" are one spelling
    of the same name (only for names of the same words: "Paris" is no part of
    "Paris-Roubaix")."""
    return tuple(x for w in ws for x in w.split("-") if x) or ws


def _joins(short: str, long_: str, labels: dict[str, Counter[str]]) -> bool:
    """Whether a one-word name is a short form of a longer one: by its own word ("Putin"
    in "Vladimir Putin", not "Syria" in "Syrian Observatory"), and not a place or a
    nationality inside an organisation's name ("Russia" is not the "Russian Defence
    Ministry")."""
    if words(short)[0] not in words(long_):
        return False
    kind = labels[short].most_common(1)[0][0] if labels[short] else ""
    other = labels[long_].most_common(1)[0][0] if labels[long_] else ""
    return not (kind in {"GPE", "NORP", "LOC"} and other not in {"GPE", "NORP", "LOC"})


def merge_entities(parsed: Sequence[Parsed], names: Sequence[ArticleNames]) -> list[Entity]:
    """People, organisations and places merged across articles, with mentions per article.

    Each mention is first resolved to its article's fullest name; fullest names are
    then merged across articles when one's words are a run of the other's.
    """
    # fullest name -> (article id -> count), label votes, surface forms
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for p, an in zip(parsed, names, strict=True):
        for n in an.names:
            if not n.label:
                continue
            full = an.fullest(n.text)
            counts[full][p.article.id] += 1
            labels[full][n.label] += 1
            forms[full][n.text] += 1
    # longest first: shorter names join the longest name they are a run of
    keys = sorted(counts, key=lambda k: (-len(words(k)), -sum(counts[k].values()), k))
    parent: dict[str, str] = {}
    roots: list[str] = []
    # roots by the first four letters of each word: a name can only join a root that
    # shares its first word (Russia/Russian share "russ"), so only those are compared
    index: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        kw = words(k)
        match = None
        candidates = index.get(_flat(kw)[0][:4], []) if kw else []
        same = [r for r in candidates if _flat(words(r)) == _flat(kw)]
        for r in same or candidates:  # the same name spelt otherwise first ("LONDON")
            rw = words(r)
            if len(kw) == 1 and len(kw) < len(rw) and _is_run(kw, rw) and not _joins(k, r, labels):
                match = None  # it fits a name it must not join ("Russia" in "Russian
                break  # Defence Ministry"): like a name that fits two, it stays apart
            if kw == rw or _flat(kw) == _flat(rw) or (len(kw) < len(rw) and _is_run(kw, rw)):
                if match is not None and match != r:
                    # ambiguous ("Ministry" in two ministries): keep it apart
                    match = None
                    break
                match = r
        if match is None:
            roots.append(k)
            parent[k] = k
            for w in set(words(k)) | set(_flat(words(k))):
                index[w[:4]].append(k)
        else:
            parent[k] = match
    merged: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        merged[parent[k]].append(k)
    entities = []
    for root, members in merged.items():
        mention = Counter()
        label = Counter()
        form = Counter()
        for m in members:
            mention.update(counts[m])
            label.update(labels[m])
            form.update(forms[m])
        best_label = label.most_common(1)[0][0]
        if best_label == "NORP" and "GPE" in label:
            best_label = "GPE"
        ordered = sorted(form, key=lambda f: (-len(words(f)), -form[f], f))
        entities.append(
            Entity(
                id=_entity_id(root),
                name=root,
                label=best_label,
                forms=tuple(ordered),
                mentions=dict(sorted(mention.items())),
            )
        )
    entities.sort(key=lambda e: (-sum(e.mentions.values()), e.name))
    return entities


def entity_lookup(entities: Sequence[Entity]) -> dict[str, Entity]:
    """Folded form -> entity, for linking speakers and sources to entities."""
    out: dict[str, Entity] = {}
    for e in entities:
        for f in (e.name, *e.forms):
            out.setdefault(fold(strip_name(f)), e)
    return out
