"""Line features for the learned cleaner: a line's shape, its rule verdict and its context.

Each non-empty line (a hard-wrapped paragraph counts as one) becomes a row of numbers:
what it looks like (length, closing punctuation, stop-word share, commas, digits,
capitals, link-like characters), what the rule cleaner made of it (body, title or the
kind of boilerplate a pattern or a context rule found: the rules are features, not
verdicts), where it stands on the page, and the same few numbers for its neighbours and
for windows around it (a body paragraph sits among body paragraphs; a menu entry among
menu entries). Everything is computed the same way at training and at run time, from
the rule cleaner's line records, so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

#: The rule cleaner's verdicts, one indicator each (any other kind counts as "other").
KINDS = (
    "body", "title", "title_repeat", "fragment", "headline_list", "related", "duplicate",
    "comments", "footer", "highlights", "caption", "image_file", "all_caps", "tag_list",
    "date_stamp", "no_text", "advertisement", "alternate_address", "archive", "breadcrumb",
    "byline", "copyright", "credit", "promo", "read_more", "reprint", "share",
    "subscription", "tip_line", "url", "video", "widget",
)  # fmt: skip
_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}

#: Characters that mark navigation, lists and links rather than prose.
_NAV_CHARS = frozenset("|»«›‹•·>/<→←▶►")
_PUNCT_OTHER = ".;:!?"
_QUOTES = "\"“”„"  # (« and » count as navigation: "Next »")

OWN = (
    "log_words", "log_chars", "sentence", "stop", "rule_body", "commas", "punct", "digits",
    "capitalised", "alpha", "ends_colon", "nav_chars", "link_like", "starts_digit",
    "quotes", "word_len", "position", "word_position", "first", "last",
)  # fmt: skip
PAGE = ("log_lines", "page_rule_body", "page_stop")
#: Own features repeated for the neighbours at these offsets.
NEIGHBOUR = ("log_words", "sentence", "stop", "rule_body", "punct", "nav_chars")
OFFSETS = (-2, -1, 1, 2)
#: Window means of these own features over +-radius lines.
WINDOWED = ("rule_body", "sentence", "log_words", "stop")
RADII = (3, 8)


class LineLike(Protocol):
    """What features are read from: the rule cleaner's record of one line."""

    norm: str
    n_words: int
    sentence: bool
    stop: float
    kind: str | None


#: Lexical columns: statistics of the line's words' learned body/boilerplate scores.
LEXICAL = ("lex_mean", "lex_min", "lex_max", "lex_known", "lex_mean@2", "lex_mean@6")
_TOKEN = re.compile(r"[^\W\d_]{2,}")


_COLUMN: dict[str, int] = {}


def names() -> list[str]:
    """Column names of ``matrix``, in order (stored with the model to check it matches)."""
    return base_names() + list(LEXICAL)


def base_names() -> list[str]:
    """Column names of ``base``: all but the lexical ones."""
    out = list(OWN) + list(PAGE) + [f"kind={k}" for k in KINDS] + ["kind=other"]
    out += [f"{name}@{off:+d}" for off in OFFSETS for name in NEIGHBOUR]
    out += [f"exists@{off:+d}" for off in OFFSETS]
    out += [f"mean_{name}@{r}" for r in RADII for name in WINDOWED]
    out += ["run_words", "run_share", "gap_to_rule_body", "inside_rule_body"]
    out += ["in_main_run", "before_main_run", "after_main_run", "before_title", "word_share"]
    return out


def _own(item: LineLike) -> list[float]:
    # (str.count and map run in C: a Python loop over the characters took a third of
    # the learned cleaner's time on Multi-News pages)
    norm = item.norm
    n_chars = len(norm) or 1
    words = norm.split()
    n_words = item.n_words
    alpha = sum(map(str.isalpha, norm))
    digits = sum(map(str.isdigit, norm))
    commas = norm.count(",")
    punct = commas + sum(norm.count(ch) for ch in _PUNCT_OTHER)
    nav = sum(norm.count(ch) for ch in _NAV_CHARS if ch in norm)
    quotes = any(ch in norm for ch in _QUOTES)
    capitalised = sum(w[0].isupper() for w in words) / len(words) if words else 0.0
    lower = norm.lower()
    link_like = "http" in lower or "www." in lower or ".com" in lower or "@" in norm
    return [
        math.log1p(n_words),
        math.log1p(len(norm)),
        float(item.sentence),
        item.stop,
        float(item.kind == "body"),
        commas / (n_words + 1),
        punct / n_chars,
        digits / n_chars,
        capitalised,
        alpha / n_chars,
        float(norm.rstrip().endswith(":")),
        min(nav, 5) / 5,
        float(link_like),
        float(norm[:1].isdigit()),
        float(quotes),
        alpha / len(words) if words else 0.0,
    ]


@lru_cache(maxsize=1)
def _char_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per code point of the Basic Multilingual Plane: (isalpha, isdigit, isupper, a
    punctuation code: 1 a comma, 2 other sentence punctuation, 4 a navigation mark,
    8 a quotation mark, 16 white space other than a plain space)."""
    chars = [chr(c) for c in range(0x10000)]
    alpha = np.fromiter(map(str.isalpha, chars), dtype=bool, count=len(chars))
    digit = np.fromiter(map(str.isdigit, chars), dtype=bool, count=len(chars))
    upper = np.fromiter(map(str.isupper, chars), dtype=bool, count=len(chars))
    code = np.zeros(0x10000, dtype=np.uint8)
    code[ord(",")] = 1
    for ch in _PUNCT_OTHER:
        code[ord(ch)] |= 2
    for ch in _NAV_CHARS:
        code[ord(ch)] |= 4
    for ch in _QUOTES:
        code[ord(ch)] |= 8
    space = np.fromiter(map(str.isspace, chars), dtype=bool, count=len(chars))
    space[ord(" ")] = space[ord("\n")] = False  # (the newline joins the lines)
    code[space] |= 16
    return alpha, digit, upper, code


def _own_rows(items: Sequence[LineLike]) -> np.ndarray:
    """``_own`` of every line at once: the characters of all lines are read as one
    array of code points and counted per line with ``np.bincount``, instead of a
    Python step per character (the same numbers: counts and their ratios).

    Needs what ``normalize`` gives (words split by single plain spaces, no other white
    space); a page without it goes through ``_own`` line by line. Characters beyond
    the Basic Multilingual Plane (emoji) are looked up one by one.
    """
    norms = [it.norm for it in items]
    joined = "\n".join(norms) + "\n"
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    alpha_t, digit_t, upper_t, code_t = _char_tables()
    n = len(items)
    lengths = np.fromiter(map(len, norms), dtype=np.intp, count=n)
    line_of = np.repeat(np.arange(n), lengths + 1)
    bmp = np.minimum(codes, 0xFFFF)
    is_alpha, is_digit, is_upper, code = alpha_t[bmp], digit_t[bmp], upper_t[bmp], code_t[bmp]
    astral = np.flatnonzero(codes > 0xFFFF)  # (emoji and rare scripts: read one by one)
    if len(astral):
        chars = [chr(c) for c in codes[astral].tolist()]
        is_alpha[astral] = [c.isalpha() for c in chars]
        is_digit[astral] = [c.isdigit() for c in chars]
        is_upper[astral] = [c.isupper() for c in chars]
        code[astral] = [16 * (c.isspace()) for c in chars]
    if (code & 16).any() or "  " in joined or any(x[:1] == " " or x[-1:] == " " for x in norms):
        return np.array([_own(it) for it in items], dtype=float)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(line_of[mask], minlength=n).astype(float)

    alpha = count(is_alpha)
    digits = count(is_digit)
    commas = count(code == 1)
    punct = commas + count((code & 2) > 0)
    nav = count((code & 4) > 0)
    quotes = count((code & 8) > 0) > 0
    # a word starts at a line's first character or after a space
    is_space = codes == 32
    starts = np.empty(len(codes), dtype=bool)
    starts[0] = True
    starts[1:] = (codes[:-1] == 32) | (codes[:-1] == 10)
    starts &= ~is_space & (codes != 10)
    n_split = count(starts)
    capital = count(starts & is_upper)
    n_chars = np.maximum(lengths, 1).astype(float)
    n_words = np.fromiter((it.n_words for it in items), dtype=float, count=n)
    has_words = n_split > 0
    safe_split = np.where(has_words, n_split, 1.0)
    lower = [x.lower() for x in norms]
    return np.column_stack([
        [math.log1p(it.n_words) for it in items],
        [math.log1p(x) for x in lengths.tolist()],
        [float(it.sentence) for it in items],
        [it.stop for it in items],
        [float(it.kind == "body") for it in items],
        commas / (n_words + 1),
        punct / n_chars,
        digits / n_chars,
        np.where(has_words, capital / safe_split, 0.0),
        alpha / n_chars,
        [float(x.endswith(":")) for x in norms],
        np.minimum(nav, 5) / 5,
        [float("http" in x or "www." in x or ".com" in x or "@" in x) for x in lower],
        [float(x[:1].isdigit()) for x in norms],
        quotes.astype(float),
        np.where(has_words, alpha / safe_split, 0.0),
    ])  # fmt: skip


def _window_mean(column: np.ndarray, radius: int) -> np.ndarray:
    """Mean of ``column`` over each row's +-radius neighbourhood (clipped at the ends)."""
    n = len(column)
    csum = np.concatenate([[0.0], np.cumsum(column)])
    idx = np.arange(n)
    lo = np.maximum(idx - radius, 0)
    hi = np.minimum(idx + radius + 1, n)
    return (csum[hi] - csum[lo]) / (hi - lo)


def tokens(norm: str) -> frozenset[str]:
    """The distinct lower-cased words (letters only, two or more) of a line."""
    return frozenset(_TOKEN.findall(norm.lower()))


def line_tokens(items: Sequence[LineLike]) -> list[frozenset[str]]:
    """``tokens`` of each of one page's lines."""
    return [tokens(it.norm) for it in items]


def word_scores(
    body: Mapping[str, int], boiler: Mapping[str, int], n_body: int, n_boiler: int,
    sites: Mapping[str, int], min_sites: int, limit: float = 4.0,
) -> dict[str, float]:
    """Each word's log-ratio of its share of body lines to its share of boilerplate lines.

    Only words seen on at least ``min_sites`` sites are scored, so that no word of one
    site's template (its name, its menu) becomes a feature: what is learned is how
    pages in general word their body and their furniture ("subscribe", "said").
    """
    out = {}
    for word, count in sites.items():
        if count < min_sites:
            continue
        ratio = math.log((body.get(word, 0) + 1) / (n_body + 2)) - math.log(
            (boiler.get(word, 0) + 1) / (n_boiler + 2)
        )
        out[word] = round(max(-limit, min(limit, ratio)), 3)
    return out


def count_words(lines: Iterable[tuple[frozenset[str], int]]) -> tuple[Counter, Counter, int, int]:
    """(body word counts, boilerplate word counts, body lines, boilerplate lines)."""
    body: Counter = Counter()
    boiler: Counter = Counter()
    n_body = n_boiler = 0
    for words, label in lines:
        if label == 1:
            body.update(words)
            n_body += 1
        elif label == 0:
            boiler.update(words)
            n_boiler += 1
    return body, boiler, n_body, n_boiler


def lexical(words: Sequence[frozenset[str]], scores: Mapping[str, float]) -> np.ndarray:
    """The lexical columns of one page's lines, from their words' scores."""
    n = len(words)
    rows = []
    get = scores.get
    zero = (0.0, 0.0, 0.0, 0.0)
    for line in words:
        known = [v for v in map(get, line) if v is not None]
        # (fsum: the same total whatever order the set gives its words in, so that
        # features, and so the trained trees, do not depend on Python's hash seed)
        rows.append(
            (math.fsum(known) / len(known), min(known), max(known), len(known) / len(line))
            if known else zero
        )  # (rows gathered in a list: item writes into an array cost more than the sums)
    out = np.zeros((n, len(LEXICAL)))
    if n:
        out[:, :4] = rows
        out[:, 4] = _window_mean(out[:, 0], 2)
        out[:, 5] = _window_mean(out[:, 0], 6)
    return out


def matrix(
    items: Sequence[LineLike],
    scores: Mapping[str, float],
    words: Sequence[frozenset[str]] | None = None,
) -> np.ndarray:
    """The feature rows of one page's lines, shape (len(items), len(names()))
    (``words``: the lines' ``tokens``, when the caller has them)."""
    if not items:
        return np.zeros((0, len(names())))
    if words is None:
        words = line_tokens(items)
    return np.column_stack([base(items), lexical(words, scores)])


def base(items: Sequence[LineLike]) -> np.ndarray:
    """The non-lexical feature rows of one page's lines."""
    n = len(items)
    width = len(base_names())
    if n == 0:
        return np.zeros((0, width))
    own = _own_rows(items)
    words = np.array([it.n_words for it in items], dtype=float)
    total = words.sum() or 1.0
    idx = np.arange(n, dtype=float)
    position = idx / (n - 1) if n > 1 else np.zeros(n)
    word_position = (np.cumsum(words) - words) / total
    first = (idx == 0).astype(float)
    last = (idx == n - 1).astype(float)
    own = np.column_stack([own, position, word_position, first, last])
    col = {name: own[:, i] for i, name in enumerate(OWN)}

    page = np.tile(
        [np.log1p(n), col["rule_body"].mean(), float(np.mean(col["stop"]))], (n, 1)
    )
    kinds = np.zeros((n, len(KINDS) + 1))
    other = len(KINDS)
    kinds[np.arange(n), [_KIND_INDEX.get(it.kind or "body", other) for it in items]] = 1.0

    neigh = np.column_stack([col[name] for name in NEIGHBOUR])
    shifted, exists = [], []
    for off in OFFSETS:
        block = np.zeros_like(neigh)
        flag = np.zeros(n)
        if off < 0:
            block[-off:] = neigh[:off]
            flag[-off:] = 1.0
        else:
            block[:-off] = neigh[off:]
            flag[:-off] = 1.0
        shifted.append(block)
        exists.append(flag)
    # (all columns at once: cumsum runs down each column in order, as one column alone)
    block = np.column_stack([col[name] for name in WINDOWED])
    csum = np.concatenate([np.zeros((1, len(WINDOWED))), np.cumsum(block, axis=0)])
    windows = []
    for r in RADII:
        lo = np.maximum(idx.astype(np.intp) - r, 0)
        hi = np.minimum(idx.astype(np.intp) + r + 1, n)
        windows.append((csum[hi] - csum[lo]) / (hi - lo)[:, None])

    # the run of consecutive sentence lines a line belongs to (a headline or a short
    # line between two paragraphs does not break it): article bodies are the long runs
    prose = (col["sentence"] > 0) & (words >= 8)
    run_words = np.zeros(n)
    start = 0
    while start < n:
        if not prose[start]:
            start += 1
            continue
        end = start
        gap = 0
        j = start + 1
        while j < n and gap <= 1:
            if prose[j]:
                end, gap = j, 0
            else:
                gap += 1
            j += 1
        run_words[start : end + 1] = words[start : end + 1].sum()
        start = end + 1
    run_share = run_words / total
    body = np.flatnonzero(col["rule_body"] > 0)
    if len(body):
        at = np.searchsorted(body, idx)
        after = body[np.minimum(at, len(body) - 1)]
        before = body[np.maximum(at - 1, 0)]
        gaps = np.minimum(np.abs(after - idx), np.abs(idx - before))
        inside = ((idx >= body[0]) & (idx <= body[-1])).astype(float)
    else:
        gaps = np.full(n, float(n))
        inside = np.zeros(n)
    # the page's longest run: where the article most likely is
    if run_words.max() > 0:
        main = np.flatnonzero(run_words == run_words.max())
        lo, hi = main[0], main[-1]
        # (several runs of equal length: the first's span)
        contiguous = np.flatnonzero(np.diff(main) > 1)
        if len(contiguous):
            hi = main[contiguous[0]]
        in_main = ((idx >= lo) & (idx <= hi)).astype(float)
        before_main = np.log1p(np.clip(lo - idx, 0, None))
        after_main = np.log1p(np.clip(idx - hi, 0, None))
    else:
        in_main = before_main = after_main = np.zeros(n)
    titles = [i for i, it in enumerate(items) if it.kind == "title"]
    before_title = (idx < titles[0]).astype(float) if titles else np.zeros(n)
    tail = np.column_stack(
        [
            np.log1p(run_words), run_share, np.log1p(gaps), inside,
            in_main, before_main, after_main, before_title, words / total,
        ]
    )  # fmt: skip
    return np.column_stack([own, page, kinds, *shifted, np.column_stack(exists), *windows, tail])


def stacked(base: np.ndarray, prob: np.ndarray, words: Sequence[frozenset[str]] | None = None) -> np.ndarray:
    """Second-stage rows: the first stage's features plus its probabilities in context.

    The first stage judges each line alone (with its neighbours' shapes); the second
    sees how sure it was about the neighbours, so a lone doubtful line inside a run of
    confident body is kept and a lone "body" line inside a menu is not.
    """
    n = len(prob)
    logit = np.log(np.clip(prob, 1e-6, 1 - 1e-6) / np.clip(1 - prob, 1e-6, 1))
    cols = [logit]
    for off in (-2, -1, 1, 2):
        block = np.zeros(n)
        if n > abs(off):
            if off < 0:
                block[-off:] = prob[:off]
            else:
                block[:-off] = prob[off:]
        cols.append(block)
    if n > 2:
        left = np.concatenate([[0.0], prob[:-1]])
        right = np.concatenate([prob[1:], [0.0]])
    else:
        left = right = np.zeros(n)
    cols.append(np.minimum(left, right))  # a line between two body lines (a subhead)
    cols.append(np.maximum(left, right))
    for r in (2, 5, 12):
        cols.append(_window_mean(prob, r))
    cols.append(np.full(n, prob.mean() if n else 0.0))
    if words is not None:
        cols.append(sequence(base, prob, words))
    return np.column_stack([base, *cols])


STACKED = ["logit", "p@-2", "p@-1", "p@+1", "p@+2", "p_between", "p_beside", "mean_p@2", "mean_p@5", "mean_p@12", "page_p"]

#: Columns of ``sequence``, by group (the groups were chosen by cross-validation on the
#: tuning half, tools/train_cleaner.py): the probabilities further out; the run of likely
#: body a line is in (bridging one doubtful line) and where the page's longest such run
#: lies; runs of short title-case and of headline-like lines (link and headline lists);
#: how much of a line's vocabulary the title and the main body run share.
SEQUENCE = {
    "wide": ["p@-4", "p@-3", "p@+3", "p@+4"],
    "runs": ["run_lines", "run_share_p", "in_main_p", "before_main_p", "after_main_p", "gap_to_p"],
    "list": ["title_case_run", "title_case_near", "headline_run", "headline_near"],
    "sim": ["title_overlap", "main_overlap", "log_tokens"],
}


def stacked_names(sequence: bool) -> list[str]:
    """Column names of ``stacked`` (with ``sequence``: the words given)."""
    out = names() + STACKED
    if sequence:
        out += [name for group in SEQUENCE.values() for name in group]
    return out


def _shift(values: np.ndarray, off: int) -> np.ndarray:
    """``values`` moved by ``off`` rows (row i holds row i + off), zeros past the ends."""
    n = len(values)
    out = np.zeros(n)
    if n > abs(off):
        if off < 0:
            out[-off:] = values[:off]
        else:
            out[:-off] = values[off:]
    return out


def _run_ids(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the run number of each row, -1 outside a run; the length of each run) of the
    runs of consecutive True rows."""
    n = len(mask)
    starts = mask.copy()
    starts[1:] &= ~mask[:-1]
    ids = np.cumsum(starts) - 1
    ids = np.where(mask, ids, -1)
    lengths = np.bincount(ids[mask], minlength=int(starts.sum())) if n else np.zeros(0, dtype=int)
    return ids, lengths


def _run_length(mask: np.ndarray) -> np.ndarray:
    ids, lengths = _run_ids(mask)
    return np.where(ids >= 0, lengths[np.maximum(ids, 0)] if len(lengths) else 0, 0).astype(float)


def sequence(x: np.ndarray, prob: np.ndarray, words: Sequence[frozenset[str]]) -> np.ndarray:
    """The sequence step's columns (``SEQUENCE``) for one page's rows ``x`` (``names()``),
    the previous stage's probabilities ``prob`` and the lines' tokens ``words``."""
    n = len(prob)
    col = _COLUMN
    cols: list[np.ndarray] = [_shift(prob, off) for off in (-4, -3, 3, 4)]
    n_words = np.rint(np.expm1(x[:, col["log_words"]])) if n else np.zeros(0)
    total = float(n_words.sum()) or 1.0
    idx = np.arange(n)
    # runs of likely body, a single doubtful line between two likely ones bridged
    likely = prob > 0.5
    bridged = likely.copy()
    if n > 2:
        bridged[1:-1] |= likely[:-2] & likely[2:]
    ids, lengths = _run_ids(bridged)
    if len(lengths):
        run_words = np.bincount(ids[bridged], weights=n_words[bridged], minlength=len(lengths))
        safe = np.maximum(ids, 0)
        cols += [np.where(ids >= 0, np.log1p(lengths[safe]), 0.0), np.where(ids >= 0, run_words[safe] / total, 0.0)]
        best = int(np.argmax(run_words))  # (ties: the first)
        members = np.flatnonzero(ids == best)
        lo, hi = int(members[0]), int(members[-1])
        in_main = (ids == best).astype(float)
        cols += [in_main, np.log1p(np.clip(lo - idx, 0, None)), np.log1p(np.clip(idx - hi, 0, None))]
    else:
        in_main = np.zeros(n)
        cols += [np.zeros(n)] * 5
    sure = np.flatnonzero(likely)
    if len(sure):
        at = np.searchsorted(sure, idx)
        gaps = np.minimum(
            np.abs(sure[np.minimum(at, len(sure) - 1)] - idx), np.abs(idx - sure[np.maximum(at - 1, 0)])
        )
        cols.append(np.log1p(gaps))
    else:
        cols.append(np.full(n, math.log1p(n)))
    # lists: runs of short title-case lines, of headline-like lines
    sentence = x[:, col["sentence"]] > 0
    title_case = ~sentence & (n_words >= 2) & (n_words <= 16) & (x[:, col["capitalised"]] >= 0.6)
    headline = ~sentence & (n_words >= 2) & (n_words <= 20)
    for mask in (title_case, headline):
        cols += [np.log1p(_run_length(mask)), _window_mean(mask.astype(float), 4)]
    # vocabulary shared with the title and with the main run (a line of the run is
    # compared with the run's other lines: a word counts when another line holds it)
    titles = np.flatnonzero(x[:, col["kind=title"]] > 0)
    title = words[titles[0]] if len(titles) else frozenset()
    main_counts: Counter = Counter()
    for i in np.flatnonzero(in_main).tolist():
        main_counts.update(words[i])
    once = set(main_counts)
    twice = {w for w, c in main_counts.items() if c > 1}
    sizes = [len(w) or 1 for w in words]
    cols.append(np.array([len(w & title) for w in words], dtype=float) / sizes)
    inside = in_main.tolist()
    cols.append(np.array([len(w & (twice if a else once)) for w, a in zip(words, inside, strict=True)], dtype=float) / sizes)
    cols.append(np.log1p([len(w) for w in words]))
    return np.column_stack(cols) if n else np.zeros((0, sum(map(len, SEQUENCE.values()))))


_COLUMN.update({name: i for i, name in enumerate(names())})
