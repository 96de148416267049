"""A story's headline: its most central article's title, or that article's lead sentence.

The most central article is the one most similar, on average, to the story's other
articles (the stored links; ties: more copies, then dated earlier, then id), so the
headline names what the story is about rather than its first or most copied piece.
When that article has no usable title, its lead sentence stands in: the first sentence
of its text that reads as a sentence of the report. What never becomes a headline
(``usable``): a caption or credit line ("Photo: ...", "(AP Photo/...)", "Image copyright"),
a quote fragment (opening inside a quotation, or a quotation left open), a list line
(a bullet or a number), a line opening with "Update:" or ">" (a correction note, a
quoted mail), a dateline or byline alone, and a line without a full sentence (no verb-
like length, no final stop).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

#: A lead sentence longer than this is cut (at a word) and marked with " ...".
MAX_WORDS = 24
#: Fewer words than this is no sentence of a report (a label, a credit, a dateline).
MIN_WORDS = 5

_CAPTION = re.compile(
    r"^\s*[(\[]?\s*(?:photo|image|picture|video|graphic|file photo|caption|credit|getty|"
    r"ap photo|reuters|afp|epa|watch|listen|click|read more|related|advertisement|"
    r"image copyright|image caption|media playback|copyright|enlarge|embed|close\s+(?:skip|video|x)\b|"
    r"skip\s+in\b|share\s+this)\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"\((?:AP|Reuters|AFP|Getty|EPA)[^)]*(?:Photo|Images)[^)]*\)|/\s*(?:AP|Getty Images|Reuters)\b",
                     re.IGNORECASE)
_LIST = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u2013\u2014>]|\d{1,3}[.)]\s|\(\d{1,3}\)\s|[a-z][.)]\s|"
                   r"(?:step|part|no\.?|number|tip|reason)\s*\d{1,3}\s*[:.)\-])", re.IGNORECASE)
_UPDATE = re.compile(r"^\s*(?:update[sd]?|updated|correction|editor'?s note|clarification)\b\s*[:\-\u2014]",
                     re.IGNORECASE)
_DATELINE = re.compile(r"^\s*(?:by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s*$|[A-Z][A-Z .,'-]{2,40}\s*(?:\(\w+\))?\s*[-\u2014\u2013:]\s*$)")
_OPEN_QUOTES = "\u201c\u2018"
_CLOSE_QUOTES = "\u201d\u2019"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Prof|Jr|Sr|Inc|Co|Corp|No|vs|U\.S|U\.K|U\.N|a\.m|p\.m|Jan|Feb|Aug|Sept|Oct|Nov|Dec))\.$")
#: A clock time with a zone, or a video's running time ("9:04 PM ET", "| 02:51"): a
#: caption or a player's label, not a headline.
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[AP]\.?M\.?)?\s*(?:ET|EST|EDT|GMT|UTC|PT|PST|PDT|BST)\b|\|\s*\d{1,2}:\d{2}\b")
#: A social post: a handle or a hashtag.
_SOCIAL = re.compile(r"(?:^|\s)[@#]\s?[A-Za-z_]\w*")


def _quote_fragment(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if stripped[0] in _OPEN_QUOTES + "\"'" and not _closes_before_speech(stripped):
        return True
    opened = sum(stripped.count(q) for q in _OPEN_QUOTES[:1]) - stripped.count(_CLOSE_QUOTES[0])
    if opened > 0 or stripped.count('"') % 2:
        return True
    # a closing quote with none opened: the tail of a quotation cut off
    return stripped.count(_CLOSE_QUOTES[0]) > stripped.count(_OPEN_QUOTES[0])


def _closes_before_speech(line: str) -> bool:
    """A line opening with a quotation that is closed and attributed ("... ," he said.)."""
    close = max(line.find("\u201d"), line.find('"', 1))
    return close > 0 and bool(re.search(r"\b(said|says|told|asked|added|wrote)\b", line[close:]))


def usable(line: str | None) -> bool:
    """Whether a title or a sentence may stand as a story's headline."""
    if not line:
        return False
    text = " ".join(line.split())
    if len(text.split()) < 2:
        return False  # one word ("Home", "Video") names no story; "Harbour fire" does
    if text.startswith(">") or _UPDATE.match(text) or _LIST.match(text):
        return False
    if _CAPTION.match(text) or _CREDIT.search(text) or _DATELINE.match(text):
        return False
    if _quote_fragment(text) or _CLOCK.search(text) or _SOCIAL.search(text):
        return False
    if text.startswith(("...", "\u2026")) or text[0].islower() or text.endswith(("...", "\u2026")):
        return False  # a fragment: cut at the start, or a teaser cut at the end
    letters = [ch for ch in text if ch.isalpha()]
    if len(text.split()) > 4 and sum(ch.isupper() for ch in letters) > 0.7 * len(letters):
        return False  # shouted: a transcript's or a banner's line
    return not text.lower().startswith(("http://", "https://", "www."))


def sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph by a cheap rule (ends at . ! ? before a capital),
    rejoining after common abbreviations ("Mr.", "U.S.")."""
    parts = _SENTENCE_END.split(paragraph.strip())
    out: list[str] = []
    for part in parts:
        if out and _ABBREV.search(out[-1]):
            out[-1] = out[-1] + " " + part
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


def lead_sentence(text: str, max_paragraphs: int = 8) -> str | None:
    """The first usable sentence of a text: a full sentence (``MIN_WORDS`` words or
    more, ending in a stop) that ``usable`` accepts, cut to ``MAX_WORDS`` words."""
    for paragraph in [p for p in text.split("\n") if p.strip()][:max_paragraphs]:
        if not usable(paragraph) and (_LIST.match(paragraph) or paragraph.lstrip().startswith(">")
                                      or _UPDATE.match(paragraph) or _CAPTION.match(paragraph)):
            continue  # the whole line is a list item, a quote of a mail, a note or a caption
        for sentence in sentences(paragraph):
            words = sentence.split()
            if len(words) < MIN_WORDS or not sentence.rstrip("\"'\u201d\u2019)").endswith((".", "!", "?")):
                continue
            if not usable(sentence) or sentence[0] in _OPEN_QUOTES + "\"'":
                continue  # a quotation, even attributed, reports words, not the event
            if len(words) > MAX_WORDS:
                return " ".join(words[:MAX_WORDS]).rstrip(",;:") + " ..."
            return " ".join(words)
    return None


def central(members: Sequence[str], edges: Mapping[tuple[str, str], float],
            tiebreak: Mapping[str, tuple]) -> str:
    """The member with the highest summed similarity to the others (stored links),
    ties broken by ``tiebreak`` (smaller first), then id."""
    total = dict.fromkeys(members, 0.0)
    for (a, b), sim in edges.items():
        if a in total and b in total:
            total[a] += sim
            total[b] += sim
    return min(members, key=lambda m: (-round(total[m], 9), tiebreak.get(m, ()), m))


def headline(title: str | None, text: str) -> str:
    """The headline an article gives its story: its title when usable, else its lead
    sentence, else its first words."""
    if title and usable(title):
        return " ".join(title.split())
    lead = lead_sentence(text)
    if lead:
        return lead
    words = text.split()
    return " ".join(words[:12]) + (" ..." if len(words) > 12 else "")
