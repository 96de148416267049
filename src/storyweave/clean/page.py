"""The cleaning stage: keep an article's body paragraphs, drop the page furniture.

``clean(RawDocument) -> Article | Skip``. Plain text is cleaned line by line: each
line is judged by what it says (a caption's photo credit, a share bar, a
subscription pitch, a copyright line: ``clean/patterns.py``), by its shape (no
closing punctuation, few words, few stop words, all capitals) and by its context
(after a "Related stories" marker, inside a run of headline-like lines, after an
image file name, a repeat of an earlier line, a pitch at the tail). The title and
the outlet are read from the text where it says so ("Reprinted with permission from
Al Jazeera", "Copyright © The New Daily", "Press TV's website"). HTML goes through
trafilatura (main text and metadata), then through the same line filter.

jusText's English stop-word list gives the stop-word density; jusText itself was
measured at about 0.68 token F1 on pages saved as text (FIELD-NOTES), so its
paragraph classifier is not used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import limits
from ..config import Config
from ..limits import (
    PARAGRAPH_MAX_CHARS,
    TimeBoundExceeded,
    bounded_paragraphs,
    time_bound,
    without_surrogates,
)
from ..records import Article, RawDocument, Skip, content_id, normalize
from .patterns import (
    ARCHIVE_SERVICE,
    COMMENTS_MARKER,
    ERROR_PAGE,
    OUTLET,
    SECTION_MARKER,
    SYNDICATION,
)
from .prefilter import (
    LINE_PATTERNS_EXACT,
    LINE_PATTERNS_FAST,
    SPECIAL_CASE,
    PageMatcher,
    search_needs,
)

# --- tuning constants ----------------------------------------------------------------
# Chosen by reading the five Aleppo samples and about 60 raw Multi-News documents
# (clusters 0-19 of multinews-dev) line by line, then checked on the 8 hand-labelled
# held-out documents in tests/data/clean_heldout (benchmarks/bench_clean.py).

#: A line without sentence punctuation and at most this many words is never body:
#: credits ("AP", "Getty (2)"), subheads, captions of a name ("Russian President
#: Vladimir Putin"). Body paragraphs of four words or fewer end in punctuation.
FRAGMENT_MAX_WORDS = 4
#: A line without final punctuation but at least this long, and with at least
#: LONG_FRAGMENT_MIN_STOP of its words stop words, reads as a body paragraph whose
#: full stop was lost in scraping; shorter unpunctuated lines read as headlines.
#: Headlines in the samples have 3-13 words; lost-stop paragraphs 13+.
LONG_FRAGMENT_WORDS = 12
LONG_FRAGMENT_MIN_STOP = 0.25
#: ...unless most of its content words are capitalised (a title-case headline).
TITLE_CASE_SHARE = 0.8
#: The title is the longest headline-like line among the first TITLE_SEARCH_LINES
#: lines of three words or more before the body's first sentence, preferring lines
#: of at most TITLE_PREFERRED_WORDS words (sample titles have 6-16 words; menu
#: entries and picture names are shorter, unpunctuated captions longer).
TITLE_SEARCH_LINES = 8
TITLE_PREFERRED_WORDS = 16
TITLE_MAX_WORDS = 25
#: Headline-like lines: no final full stop, 2..HEADLINE_MAX_WORDS words.
HEADLINE_MAX_WORDS = 20
#: A sentence following a headline inside a "Related"/"Latest" list is its blurb
#: when at most this long (blurbs in the samples: 15-50 words).
BLURB_MAX_WORDS = 80
#: "Story highlights" bullets that follow the marker (CNN shows up to four).
HIGHLIGHTS_MAX = 5
#: Pitches, notices, credits and copyright lines are short; a body paragraph that
#: happens to contain "subscription to" or "copyright" is longer than this.
PITCH_MAX_WORDS = 40
#: Kinds matched by LINE_PATTERNS only on lines up to PITCH_MAX_WORDS long.
_SHORT_ONLY = frozenset(
    {
        "subscription", "copyright", "widget", "tip_line", "alternate_address", "reprint",
        "credit", "promo", "share", "read_more", "breadcrumb", "byline", "image_file",
        "highlights", "video", "tag_list", "archive",
    }
)  # fmt: skip
#: After the body's last two consecutive paragraphs, a sentence that follows one of
#: these is part of the page's footer (e.g. the outlet's self-description after its
#: subscription pitch), not of the article.
_TAIL_KINDS = frozenset(
    {
        "subscription", "copyright", "related", "share", "alternate_address", "reprint",
        "tip_line", "promo", "widget", "headline_list",
    }
)  # fmt: skip

#: Hard-wrapped text: at least WRAP_MIN_LINES lines, the 90th-percentile line length
#: between WRAP_MIN_WIDTH and WRAP_MAX_WIDTH, half the lines at least WRAP_FULL of it.
#: lynx and e-mail wrap at 72-80 columns, PDF text at 60-100; pages saved as text
#: (the samples, Multi-News) have paragraph lines of 150-600 characters.
WRAP_MIN_LINES = 6
WRAP_MIN_WIDTH = 40
WRAP_MAX_WIDTH = 110
WRAP_FULL = 0.75

#: A page with fewer clean words than this that calls itself an error page, or is mostly
#: a web archive's notice about its crawls, is not an article (see ``page_problem``).
#: Error and notice pages carry a few sentences of help text (30-120 words); a news
#: report that quotes such a notice is longer.
NOTICE_MAX_WORDS = 150
#: The line patterns read at most the first and the last MATCH_EDGE_CHARS characters
#: of a line longer than MATCH_MAX_CHARS. Every pattern is linear, but some (a
#: caption's 80-character credit clause) cost a few microseconds per character on
#: crafted lines, so a 12 MB line took minutes; the longest line of the samples and
#: the hand-labelled Multi-News documents is under 10,000 characters, so no ordinary
#: line is read differently (benchmarks/bench_clean.py gives the same figures).
MATCH_MAX_CHARS = 20_000
MATCH_EDGE_CHARS = 8_000
#: A date stamp line has at most 14 short words; a longer line is never one.
DATE_STAMP_MAX_CHARS = 400

BODY = "body"
TITLE = "title"

_NON_ALNUM = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_CLOSERS = "\"'”’»)]*"
_SENTENCE_END = ".!?…"
_SAID = re.compile(r"\b(?:said|says|told|added|asked|explained|wrote|tweeted)\b", re.I)
_CAPTION_END = re.compile(r"\b(?:19|20)\d\d\W{0,3}$")
_QUOTE = re.compile(r"[\"“”]")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = [
    re.compile(rf"\b(?P<m>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mm>\d\d)-(?P<d>\d\d)\b"),
]  # fmt: skip
#: Words a date stamp line may hold besides the date ("Published: Monday 10:22 GMT").
_STAMP_WORDS = frozenset(
    "published posted updated last first on at date time am pm a.m p.m gmt utc bst cet "
    "edt est cdt cst mdt pdt pst et pt aest aedt ist by modified monday tuesday wednesday "
    "thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
)


@dataclass(frozen=True)
class Cleaned:
    """What cleaning found in one document.

    Attributes:
        paragraphs: kept body lines, in order, each stripped (original characters kept).
        dropped: removed lines, in order (the title line is in neither list).
        title, outlet, syndicated_from: as the text (or the HTML metadata) states them.
        published: ISO date when the text or HTML states it clearly, else ``None``.
    """

    paragraphs: tuple[str, ...]
    dropped: tuple[str, ...]
    title: str | None = None
    outlet: str | None = None
    syndicated_from: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class LineDecision:
    """One non-empty line and what cleaning made of it: ``body``, ``title`` or a boilerplate kind."""

    index: int
    text: str
    kind: str
    end: int = -1  # last line of a joined (hard-wrapped) paragraph; -1: same as index

    @property
    def keep(self) -> bool:
        return self.kind == BODY


@dataclass
class _Line:
    index: int
    end: int
    text: str
    norm: str
    n_words: int
    sentence: bool
    stop: float
    kind: str | None = None
    rule: str | None = None  # the rules' kind when the learned cleaner overrode it
    key: str = ""  # ``_key(norm)``, read by the title and the repeat rules: computed once

    @property
    def headline_like(self) -> bool:
        return not self.sentence and 1 <= self.n_words <= HEADLINE_MAX_WORDS


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist("English"))


def _key(text: str) -> str:
    """Comparison key: NFKC, lower case, letters and digits only (quotes told alike)."""
    return _NON_ALNUM.sub("", unicodedata.normalize("NFKC", text).lower())


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    core = stripped.rstrip(_CLOSERS)
    if not core:
        return False
    if core[-1] in _SENTENCE_END:
        return True
    # a quotation closed after a comma: “Our thoughts are with his family,”
    return core[-1] == "," and len(core) < len(stripped)


def _make_line(index: int, end: int, text: str) -> _Line:
    norm = normalize(text)
    words = _WORD.findall(norm)
    stop = _stopwords()
    density = sum(map(stop.__contains__, map(str.lower, words))) / len(words) if words else 0.0
    # (``_key`` without its NFKC step: ``norm`` is NFKC already, and NFKC is idempotent)
    key = _NON_ALNUM.sub("", norm.lower())
    return _Line(index, end, text, norm, len(words), _ends_sentence(norm), density, key=key)


def _wrap_width(lines: Sequence[str]) -> int | None:
    """The column a hard-wrapped text (``lynx -dump``, e-mail, PDF) breaks at, else None.

    Text saved from a page has one paragraph a line, of all lengths; hard-wrapped text
    has most lines filled to nearly the same width (some tools put a blank line after
    every wrapped line, as Multi-News's scraper did with PDF text).
    """
    lengths = [len(x.strip()) for x in lines if x.strip()]
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return None
    full = sum(n >= WRAP_FULL * width for n in lengths) / len(lengths)
    # wrapped lines mostly break mid-sentence; one short paragraph a line mostly ends one
    ended = sum(_ends_sentence(x.strip()) for x in lines if x.strip()) / len(lengths)
    return width if full >= 0.5 and ended <= 0.5 else None


def _blocks(lines: Sequence[str], width: int | None) -> list[tuple[int, int, str]]:
    """Non-empty lines as (first index, last index, text); a wrapped paragraph is joined.

    A line continues the previous one when that one has no closing punctuation and
    this one starts in lower case; in hard-wrapped text also across a blank line, and
    when the previous line (right above) was filled to the wrap width without ending a
    sentence (``width``: ``_wrap_width(lines)``, found once by the caller).
    """
    blocks: list[list] = []
    prev_raw = ""
    adjacent = False
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            adjacent = False
            continue
        joins = False
        if prev_raw and blocks:
            # (a single token such as "photo.jpg" or "www.x.com" is not a continuation)
            continues = not _ends_sentence(prev_raw) and text[0].islower() and " " in text
            if width is None:
                joins = adjacent and continues
            else:
                full = len(prev_raw) >= WRAP_FULL * width
                joins = continues or (adjacent and full and not _ends_sentence(prev_raw))
        adjacent = True
        if joins:
            blocks[-1][1] = i
            blocks[-1][2].append(text)
        else:
            blocks.append([i, i, [text]])
        prev_raw = text
    return [(a, b, " ".join(parts)) for a, b, parts in blocks]




def _table_kind(norm: str, n_words: int) -> str | None:
    """The first kind of ``LINE_PATTERNS`` a line matches (by the fast tables)."""
    long_line = n_words > PITCH_MAX_WORDS
    if len(norm) > MATCH_MAX_CHARS:
        norm = norm[:MATCH_EDGE_CHARS] + " " + norm[-MATCH_EDGE_CHARS:]
    if SPECIAL_CASE.search(norm) is None:
        table, lower = LINE_PATTERNS_FAST, norm.lower()
    else:
        table, lower = LINE_PATTERNS_EXACT, norm
    for kind, parts in table:
        if long_line and kind in _SHORT_ONLY:
            continue
        for pattern, on_lower, needs in parts:
            text = lower if on_lower else norm
            if needs is not None:
                for need in needs:  # (a loop: about twice as fast as any() here)
                    if need in text:
                        break
                else:
                    continue  # no match possible: skip the search (most lines, most patterns)
            if pattern.search(text):
                return kind
    return None


_PAGE_MATCHER = PageMatcher(LINE_PATTERNS_FAST, _SHORT_ONLY)


def _table_kinds(items: Sequence[_Line]) -> list[str | None]:
    """``_table_kind`` of every line of a page, the page's lines matched at once
    (``prefilter.PageMatcher``); a line with a letter of special case folding goes
    through ``_table_kind`` (the exact table)."""
    texts = [
        it.norm if len(it.norm) <= MATCH_MAX_CHARS
        else it.norm[:MATCH_EDGE_CHARS] + " " + it.norm[-MATCH_EDGE_CHARS:]
        for it in items
    ]
    kinds = _PAGE_MATCHER.kinds_of(texts, [it.n_words > PITCH_MAX_WORDS for it in items])
    if SPECIAL_CASE.search("\n".join(texts)):
        for i, text in enumerate(texts):
            if SPECIAL_CASE.search(text):
                kinds[i] = _table_kind(items[i].norm, items[i].n_words)
    return kinds


def _pattern_kind(line: _Line, table_kind: str | None = None, tabled: bool = False) -> str | None:
    """The kind a line's own text gives it (``tabled``: its ``_table_kind`` is given)."""
    if not any(map(str.isalpha, line.norm)):  # (map and filter: C loops, no generator)
        return "no_text"
    kind = table_kind if tabled else _table_kind(line.norm, line.n_words)
    if kind is not None:
        return kind
    if line.n_words <= HEADLINE_MAX_WORDS:  # (the letters are read on short lines only)
        letters = list(filter(str.isalpha, line.norm[:MATCH_MAX_CHARS]))
        if all(map(str.isupper, letters)):
            return "all_caps"  # "11-MILLION-TON ICEBERG THREATENS ...", "EXCLUSIVE"
        if (
            not line.sentence
            and 2 <= line.n_words <= 8
            and all(map(str.islower, letters))
            and line.stop == 0.0
        ):
            return "tag_list"  # "vladimir putin russia"
    if _date_stamp(line.norm):
        return "date_stamp"
    return None


def _date_stamp(norm: str) -> str | None:
    """The ISO date of a line that is only a date stamp ("Published: Oct. 12, 2016 10:22")."""
    if len(norm) > DATE_STAMP_MAX_CHARS or len(norm.split()) > 14:
        return None
    if "19" not in norm and "20" not in norm:
        return None  # every date pattern holds a year (19xx, 20xx): most lines, no search
    for pattern in _DATE_PATTERNS:
        match = pattern.search(norm)
        if not match:
            continue
        rest = (norm[: match.start()] + " " + norm[match.end() :]).lower()
        words = re.findall(r"[a-z][a-z.]*", rest)
        if any(w.rstrip(".") not in _STAMP_WORDS for w in words):
            return None
        month = int(match["mm"]) if "mm" in match.groupdict() and match["mm"] else None
        if month is None:
            month = _MONTHS[match["m"].lower()]
        day = int(match["d"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{int(match['y']):04d}-{month:02d}-{day:02d}"
    return None


def _analyse(lines: Sequence[str], title: str | None = None, learned: bool = False) -> list[_Line]:
    width = _wrap_width(lines)
    items = [_make_line(a, b, text) for a, b, text in _blocks(lines, width)]
    for item, table_kind in zip(items, _table_kinds(items), strict=True):
        item.kind = _pattern_kind(item, table_kind, tabled=True)

    # a caption follows an image file name ("Vladimir Putin.jpg"); AP-style captions
    # end with the picture's date ("... in Moscow, Russia, 14 July 2016.")
    for prev, item in zip(items, items[1:], strict=False):
        if prev.kind == "image_file" and item.kind is None:
            if not item.sentence or _CAPTION_END.search(item.norm):
                item.kind = "caption"

    # "Story highlights" is followed by its bullet points, unpunctuated
    for i, item in enumerate(items):
        if item.kind == "highlights":
            for nxt in items[i + 1 : i + 1 + HIGHLIGHTS_MAX]:
                if nxt.kind is not None or nxt.sentence or _reads_as_body(nxt):
                    break
                nxt.kind = "highlights"

    _mark_title(items, title)
    _mark_sections(items)
    _mark_repeats(items)
    if width is None:  # wrapped lines look like headlines: no run rule there
        _mark_headline_runs(items)

    for item in items:
        if item.kind is None:
            item.kind = BODY if _reads_as_body(item) else "fragment"
    _mark_tail(items)
    if learned:
        _learn(items)
    return items


def _learn(items: list[_Line]) -> None:
    """The learned cleaner (``clean.model``, the rules' kinds among its features) decides
    body or not; a line it overrides keeps the rules' kind in ``rule``, the title stays."""
    from .model import keep_lines

    for item, keep in zip(items, keep_lines(items), strict=True):
        if item.kind != TITLE and keep != (item.kind == BODY):
            item.rule, item.kind = item.kind, BODY if keep else "learned"


def _reads_as_body(item: _Line) -> bool:
    if item.sentence:
        return item.n_words >= 2
    if item.n_words <= FRAGMENT_MAX_WORDS:
        return False
    if (
        item.n_words >= LONG_FRAGMENT_WORDS
        and item.stop >= LONG_FRAGMENT_MIN_STOP
        and not _title_case(item.norm)
    ):
        return True
    # a quotation whose closing stop was lost: “It’s unsettling,” he said
    return bool(_QUOTE.search(item.norm) and _SAID.search(item.norm))


def _title_case(norm: str) -> bool:
    """Most content words capitalised, as in "Putin Dismisses Claims of War Crimes"."""
    stop = _stopwords()
    content = [w for w in _WORD.findall(norm) if w.lower() not in stop and w[0].isalpha()]
    return bool(content) and sum(w[0].isupper() for w in content) >= TITLE_CASE_SHARE * len(content)


def _mark_title(items: list[_Line], title: str | None) -> None:
    if title and (tkey := _key(title)):
        found = False
        for item in items:
            if item.kind not in (None, "all_caps"):
                continue  # already boilerplate, e.g. "Share this article: <title>"
            ikey = item.key
            if ikey == tkey:
                item.kind = "title_repeat" if found else TITLE
                found = True
            elif ikey.endswith(tkey) and item.n_words <= len(title.split()) + 5:
                item.kind = "title_repeat"
        if found:
            return
    candidates: list[_Line] = []
    seen = 0
    for item in items[:-1]:  # a title is followed by something
        if item.kind is not None or item.n_words < 3:
            continue  # furniture, menu entries
        if item.sentence and not (
            item.norm.rstrip(_CLOSERS).endswith(("?", "!")) and item.n_words <= 15
        ):
            break  # the body has begun
        if item.n_words > TITLE_MAX_WORDS:
            break
        if not SECTION_MARKER.match(item.norm):
            candidates.append(item)
            if item.sentence:
                break  # a headline that asks or exclaims; the body follows it
        seen += 1
        if seen >= TITLE_SEARCH_LINES:
            break
    if not candidates:
        return
    # a menu entry or a picture's name is shorter than the headline
    best = max(candidates, key=lambda it: (it.n_words <= TITLE_PREFERRED_WORDS, it.n_words))
    best.kind = TITLE
    tkey = best.key
    for other in items:
        if other is best or other.kind == TITLE:
            continue
        okey = other.key
        if okey == tkey or (okey.endswith(tkey) and other.n_words <= best.n_words + 5):
            other.kind = "title_repeat"


def _mark_sections(items: list[_Line]) -> None:
    """Drop a "Related stories" / "Latest news" / "More from X" list: headlines and blurbs.

    Readers' comments ("Comments (12)", "Leave a comment") in the second half of the
    page, after the body has begun, are dropped to the end of the page.
    """
    sentences = 0
    for i, item in enumerate(items):
        if (
            item.kind in (None, "read_more", "share")
            and item.n_words <= 8
            and sentences >= 2
            and i >= len(items) / 2
            and COMMENTS_MARKER.match(item.norm)
        ):
            for rest in items[i:]:
                if rest.kind in (None, "read_more", "share", "all_caps"):
                    rest.kind = "comments"
            break
        sentences += item.kind is None and item.sentence
    i = 0
    while i < len(items):
        item = items[i]
        if (
            item.kind in (None, "read_more")
            and item.n_words <= 8
            and SECTION_MARKER.match(item.norm)
        ):
            item.kind = "related"
            prev_headline = False
            # does this list give each headline a blurb? Known after its first headline:
            # a "Most read" list of bare headlines ends at the first sentence.
            blurbs: bool | None = None
            j = i + 1
            while j < len(items):
                nxt = items[j]
                if nxt.kind not in (None, "all_caps", "fragment") and nxt.kind != BODY:
                    prev_headline = False  # other boilerplate inside the list
                elif SECTION_MARKER.match(nxt.norm) and nxt.n_words <= 8:
                    nxt.kind = "related"
                    prev_headline, blurbs = False, None
                elif nxt.headline_like:
                    if prev_headline and blurbs is None:
                        blurbs = False
                    nxt.kind = "related"
                    prev_headline = True
                elif prev_headline and blurbs is not False and nxt.n_words <= BLURB_MAX_WORDS:
                    nxt.kind = "related"  # a headline's blurb
                    prev_headline, blurbs = False, True
                else:
                    break
                j += 1
            i = j
        else:
            i += 1


def _mark_repeats(items: list[_Line]) -> None:
    """A line seen before (a caption shown twice, a pull quote) is dropped the second time."""
    seen: set[str] = set()
    for item in items:
        key = item.key
        if item.n_words >= 3 and key in seen and item.kind in (None, BODY, "all_caps"):
            item.kind = "duplicate"
        seen.add(key)


def _mark_headline_runs(items: list[_Line]) -> None:
    """Two or more headline-like lines in a row are a list of links, not the article."""
    run: list[_Line] = []

    def flush() -> None:
        if len(run) >= 2:
            for line in run:
                line.kind = "headline_list"
        run.clear()

    for item in items:
        # (long unpunctuated lines too: sentence-case link lists have 8-16 words a line,
        # and two unpunctuated body lines in a row were not seen in the samples)
        if item.kind is None and item.headline_like and item.n_words >= 2:
            if _QUOTE.search(item.norm) and _SAID.search(item.norm):
                flush()  # a quotation that lost its full stop is body text
                continue
            run.append(item)
        elif item.kind is None or item.kind in (BODY, TITLE):
            flush()
        # other boilerplate between headlines neither breaks nor extends a run
    flush()


def _mark_tail(items: list[_Line]) -> None:
    """Footer sentences after the body's end that follow a pitch or a link list."""
    last_pair = -1
    for i in range(len(items) - 1):
        if items[i].kind == BODY and items[i + 1].kind == BODY:
            last_pair = i + 1
    footer = False
    for item in items[last_pair + 1 :]:
        if item.kind in _TAIL_KINDS:
            footer = True
        elif item.kind == BODY and footer and item.n_words <= PITCH_MAX_WORDS:
            item.kind = "footer"


def analyse_lines(
    lines: Sequence[str], title: str | None = None, learned: bool = True
) -> list[LineDecision]:
    """Judge every non-empty line: ``body``, ``title`` or the kind of boilerplate it is.

    Args:
        lines: the document's lines, in order (empty lines are skipped).
        title: the title when known from metadata; lines repeating it are not body.
        learned: let the learned cleaner decide body or not (``False``: the rules alone).
    """
    return [
        LineDecision(it.index, it.text, it.kind or BODY, it.end)
        for it in _analyse(lines, title, learned)
    ]


def classify_lines(
    lines: Sequence[str], title: str | None = None, learned: bool = True
) -> list[bool]:
    """For each line of ``lines``, whether it is kept as body text (empty lines: False)."""
    keep = [False] * len(lines)
    for item in _analyse(lines, title, learned):
        for i in range(item.index, item.end + 1):
            keep[i] = item.kind == BODY
    return keep


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" .,;:-–—'\"“”’")
    name = re.sub(
        r"(?:,?\s+(?:inc|ltd|llc|plc|pty|limited|corp|co|gmbh|s\.?a)\.?)+$", "", name, flags=re.I
    )
    name = re.sub(r"\s+all rights reserved.*$", "", name, flags=re.I).strip(" .,;:")
    words = name.split()
    if not words or len(words) > 6 or not any(ch.isupper() for ch in name):
        return None
    if not (name[0].isupper() or name[0].isdigit()) and not name.lower().startswith("the "):
        return None
    return name


#: The outlet patterns' required substrings (``prefilter.search_needs``), looked for in
#: a page's notices all at once before any is searched (0.43 ms a page before).
_OUTLET_NEEDS = {id(p): search_needs(p) for p in (*SYNDICATION, *OUTLET)}


def _find_outlet(items: list[_Line]) -> tuple[str | None, str | None]:
    """(outlet, syndicated_from) as the text states them; a reprint is its origin's article."""
    # only page furniture names the outlet: a body sentence "first published in March
    # by the agency" must not
    notices = [
        it for it in items if (it.rule or it.kind) not in (BODY, TITLE) and it.n_words <= PITCH_MAX_WORDS
    ]
    # a pattern none of whose required substrings the notices hold, all together, is
    # not searched on any of them (most pages: most patterns)
    joined = "\n".join(it.norm for it in notices)
    texts = {False: joined, True: joined.lower()}
    special = SPECIAL_CASE.search(joined) is not None

    def absent(pattern: re.Pattern[str]) -> bool:
        found = _OUTLET_NEEDS[id(pattern)]
        return not special and found is not None and not any(
            need in texts[found[1]] for need in found[0]
        )

    syndication = [p for p in SYNDICATION if not absent(p)]
    for item in notices if syndication else ():
        for pattern in syndication:
            match = pattern.search(item.norm)
            name = _clean_name(match["o"]) if match else None
            if name:
                return name, name
    for rank, pattern in enumerate(OUTLET):
        dateline = rank == len(OUTLET) - 1
        if not dateline and absent(pattern):
            continue
        candidates = [it for it in items[:3] if (it.rule or it.kind) == BODY] if dateline else notices
        for item in candidates:
            match = pattern.search(item.norm)
            name = _clean_name(match["o"]) if match else None
            if name:
                return name, None
    return None, None


def clean_text(text: str, title: str | None = None, learned: bool = True) -> Cleaned:
    """Clean an article saved as plain text.

    Args:
        text: the page's text, one paragraph or page element a line.
        title: the title when known from metadata (then lines repeating it are dropped).
        learned: let the learned cleaner decide body or not (``False``: the rules alone,
            as for trafilatura's extraction from HTML, which the model was not trained on).

    Returns:
        ``Cleaned``: body paragraphs and dropped lines in order, with the title, outlet,
        origin of a reprint and the date stamp when the text states them.
    """
    items = _analyse(text.splitlines(), title, learned)
    paragraphs = tuple(it.text for it in items if it.kind == BODY)
    dropped = tuple(it.text for it in items if it.kind not in (BODY, TITLE))
    found_title = next((it.text for it in items if it.kind == TITLE), None)
    outlet, syndicated = _find_outlet(items)
    published = next(
        (d for it in items if (it.rule or it.kind) == "date_stamp" and (d := _date_stamp(it.norm))),
        None,
    )
    return Cleaned(
        paragraphs=paragraphs,
        dropped=dropped,
        title=title or found_title,
        outlet=outlet,
        syndicated_from=syndicated,
        published=published,
    )


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    return "-".join(match.groups()) if match else None


def clean_html(html: str, url: str | None = None, title: str | None = None) -> Cleaned:
    """Clean an HTML page: trafilatura's main text and metadata, then the line filter.

    The metadata title, site name (as outlet) and date are used when the page gives
    them; a reprint notice in the text still names the origin as the outlet.
    """
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    if extracted is None:
        text = trafilatura.html2txt(html) or ""
        return clean_text(text, title=title)
    meta_title = title or getattr(extracted, "title", None) or None
    cleaned = clean_text(getattr(extracted, "text", None) or "", title=meta_title, learned=False)
    sitename = _clean_name(getattr(extracted, "sitename", None))
    return replace(
        cleaned,
        title=meta_title or cleaned.title,
        outlet=cleaned.syndicated_from or sitename or cleaned.outlet,
        published=_iso_date(getattr(extracted, "date", None)) or cleaned.published,
    )


def page_problem(cleaned: Cleaned) -> str | None:
    """Why a cleaned page is not an article though text is left, or ``None``.

    * an error page ("the page you requested was not found", "404", "access denied"):
      the site served its apology instead of the article; what is left is its help text;
    * a web archive's notice (a capture service describing its crawls, WARCs and
      Wayback Machine where the archived page should be): text about the archive, not
      the news.

    Both only under ``NOTICE_MAX_WORDS`` clean words, so an article that reports on a
    404 or on the Internet Archive is kept.
    """
    words = sum(len(p.split()) for p in cleaned.paragraphs)
    if words >= NOTICE_MAX_WORDS:
        return None
    for line in (*cleaned.paragraphs, *cleaned.dropped, cleaned.title or ""):
        if ERROR_PAGE.search(line):
            return "not an article: an error page (the site did not serve the article)"
    notice = sum(len(p.split()) for p in cleaned.paragraphs if ARCHIVE_SERVICE.search(p))
    if (notice * 2 >= words if words else any(ARCHIVE_SERVICE.search(d) for d in cleaned.dropped)):
        return "not an article: a web archive's notice about its crawls, not the archived page"
    return None


def clean(doc: RawDocument, config: Config | None = None, *, learned: bool = True) -> Article | Skip:
    """The stage function: a raw document becomes a clean ``Article``, or a ``Skip``.

    ``learned=False`` cleans plain text with the rules alone (what hand labels made on the
    rules' output, such as the quote gold's offsets, index).

    Metadata the container gave (title, outlet, url, published) wins over what the
    text says. An article with fewer than ``config.min_article_words`` clean words is
    skipped as "no article text left after cleaning"; an error page or a web archive's
    notice as "not an article: ..." (``page_problem``).

    A document that takes over ``limits.CLEAN_SECONDS`` to clean is skipped (a
    backstop: none is known to).
    """
    try:
        with time_bound(limits.CLEAN_SECONDS):
            return _clean(doc, config, learned=learned)
    except TimeBoundExceeded as exc:
        return Skip(doc.path, f"cleaning stopped: no result {exc} (see storyweave.limits)")


def _clean(doc: RawDocument, config: Config | None = None, *, learned: bool = True) -> Article | Skip:
    """``clean`` without its time bound."""
    config = config or Config()
    fields = {f: without_surrogates(v) for f in ("content", "title", "url", "outlet", "published")
              if isinstance(v := getattr(doc, f), str)}
    if any(fields[f] is not getattr(doc, f) for f in fields):  # (readers did this; callers may not)
        doc = replace(doc, **fields)
    if doc.kind == "html":
        cleaned = clean_html(doc.content, url=doc.url, title=doc.title)
    elif doc.kind == "text":
        cleaned = clean_text(doc.content, title=doc.title, learned=learned)
    else:
        return Skip(doc.path, f"unknown document kind {doc.kind!r}; expected 'text' or 'html'")
    if any(len(p) > PARAGRAPH_MAX_CHARS for p in cleaned.paragraphs):  # spaCy's E088
        cleaned = replace(cleaned, paragraphs=tuple(
            piece for p in cleaned.paragraphs for piece in bounded_paragraphs(p)))
    text = "\n".join(cleaned.paragraphs)
    problem = page_problem(cleaned)
    if problem:
        return Skip(doc.path, problem)
    if not cleaned.paragraphs or len(text.split()) < config.min_article_words:
        return Skip(doc.path, "no article text left after cleaning")
    return Article(
        id=content_id(text),
        paragraphs=cleaned.paragraphs,
        title=doc.title or cleaned.title,
        outlet=doc.outlet or cleaned.outlet,
        published=doc.published or cleaned.published,
        url=doc.url,
        path=doc.path,
        dropped=cleaned.dropped,
        syndicated_from=cleaned.syndicated_from,
    )
