"""Substrings a regular expression's every match must contain: a cheap test before the search.

The cleaner runs some forty line patterns on every line of every page, and nearly all
lines (the article's own sentences) match none of them. Python's ``re`` cannot skip
ahead to a pattern that opens with ``\\b`` and an alternation, so each search tries every
position of the line. ``required_substrings`` reads a pattern's parse tree and returns a
set of strings such that any match contains at least one of them; when a line holds
none, the search cannot succeed and is skipped. This is the "prefilter" idea of RE2 and
Hyperscan, for the few constructs line patterns use: the result only ever skips searches
that would fail, so which lines match is unchanged (tested).
"""

from __future__ import annotations

import re
from typing import Any

from .patterns import LINE_PATTERNS

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = tuple(op for op in (getattr(_c, name, None) for name in
                               ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")) if op is not None)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


def required_substrings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or ``None`` when the
    pattern gives no such set (then the search must always run).

    Case-insensitive patterns give ``None``: their literals would have to be folded.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    return _sequence(_p.parse(pattern.pattern, pattern.flags))


def _sequence(items: Any) -> frozenset[str] | None:
    """A match of a sequence matches each of its items, so any item's set will do: the
    most selective one is kept (longest shortest string, then fewest strings)."""
    choices: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:  # consecutive literals are one string
            run.append(chr(av))
            continue
        if run:
            choices.append(frozenset(["".join(run)]))
            run = []
        found = _item(op, av)
        if found:
            choices.append(found)
    if run:
        choices.append(frozenset(["".join(run)]))
    if not choices:
        return None
    return max(choices, key=lambda s: (min(map(len, s)), -len(s)))


def _item(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.SUBPATTERN:  # a group: (group, flags added, flags removed, body)
        _, added, _, body = av
        return None if added & re.IGNORECASE else _sequence(body)
    if op is _c.BRANCH:  # a match of an alternation is a match of one branch
        branches = [_sequence(b) for b in av[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]
    if op in _REPEATS:  # (min, max, body): only a body that must occur counts
        low, _, body = av
        return _sequence(body) if low >= 1 else None
    if _ATOMIC is not None and op is _ATOMIC:
        return _sequence(av)
    return None  # classes, any character, anchors, look-arounds: nothing required


# --- the cleaner's line-pattern tables, prefiltered -------------------------------

def top_level_branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (``a|(b|c)|d`` -> a, (b|c), d)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]" or (i > 0 and pattern[i - 1] == "[")
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # "[]...]" and "[^]...]": a literal "]"
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def split_anchored(pattern: re.Pattern[str]) -> list[re.Pattern[str]]:
    """A pattern as (its alternatives anchored at the line start, the others).

    Only whether a line matches is used, and a line matches an alternation exactly when
    it matches one of its branches; Python's re tries a wholly ``^``-anchored pattern at
    the start only, while one unanchored branch makes it try every position with every
    branch. Splitting the two made line classification about twice as fast.
    """
    branches = top_level_branches(pattern.pattern)
    anchored = [b for b in branches if b.startswith("^")]
    rest = [b for b in branches if not b.startswith("^")]
    return [re.compile("|".join(part), pattern.flags) for part in (anchored, rest) if part]


def on_lower(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], bool]:
    """A case-insensitive pattern written in lower-case ASCII, as a case-sensitive one to
    run on the lower-cased line (about 2.5x faster in Python's re), with True; any other
    pattern as it is, with False. The two agree on every line without the three letters
    whose case folding is special (see ``SPECIAL_CASE``), on which the originals run."""
    source = pattern.pattern
    if pattern.flags & re.IGNORECASE and lower_case_source(source):
        return re.compile(source, pattern.flags & ~re.IGNORECASE), True
    return pattern, False


#: Escapes whose meaning does not depend on case (classes, boundaries, punctuation).
_CASELESS_ESCAPE = re.compile(r"\\[bBsSwWdDAZ]|\\[^0-9A-Za-z]")


def lower_case_source(source: str) -> bool:
    """Whether a pattern's literal text is all lower case or caseless: no upper-case
    letter outside a case-blind escape (``\\W``, ``\\S``...), no other escape (``\\x41``
    would be a capital), and no non-ASCII letter that has a case."""
    rest = _CASELESS_ESCAPE.sub("", source)
    if "\\" in rest:
        return False
    return all(
        not ch.isupper() if ch.isascii() else ch.lower() == ch == ch.upper() for ch in rest
    )


#: Letters whose case folding is not plain ``str.lower`` (dotted and dotless i, long s).
SPECIAL_CASE = re.compile("[\u0130\u0131\u017f]")


def _needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    if pattern.pattern.startswith("^"):
        return None
    found = required_substrings(pattern)
    return None if found is None else tuple(sorted(found))


#: LINE_PATTERNS, each split into its anchored and unanchored alternatives (for speed),
#: as (pattern, runs on the lower-cased line, substrings one of which a match holds).
LINE_PATTERNS_EXACT = [
    (kind, [(part, False, None) for part in split_anchored(pattern)])
    for kind, pattern in LINE_PATTERNS
]
#: The same, case-insensitive ones run case-sensitively on the lower-cased line, each
#: unanchored one with the substrings a line must hold for its search to be worth running
#: (``required_substrings``; a ``^``-anchored search tries one position and is cheaper
#: than the test). Half the cleaner's time on a page went to these searches.
LINE_PATTERNS_FAST = [
    (kind, [(p, low, _needs(p)) for p, low in (on_lower(part) for part, _, _ in parts)])
    for kind, parts in LINE_PATTERNS_EXACT
]


# --- a whole page at once ------------------------------------------------------------


class PageMatcher:
    """``LINE_PATTERNS_FAST`` run over all of one page's lines at once: same kinds.

    Line by line, each of the forty-odd table parts costs a Python step on every line
    (a substring test or an anchored search), though nearly every line matches none:
    that was a third of the learned cleaner's time on pages of 200 lines. Here

    * the ``^``-anchored parts of each text (the line, its lower-cased form) are one
      alternation of named groups, tried once at the line's start: ``re`` tries the
      branches in order, so the group that matched is the first anchored part that
      matches, as the table's loop would find it;
    * the required substrings of the other parts are looked for once in the page's
      lines joined by newlines (no substring holds a newline), so only a part whose
      substring a line holds is searched on that line.

    The first part in table order that matches gives the kind, as in the loop; kinds
    read only on short lines are left out for long ones. Lines holding a letter with
    special case folding go through ``exact`` (the per-line loop on the exact table).
    """

    def __init__(self, table: list, short_only: frozenset[str]) -> None:
        flat = [(kind, p, low, needs) for kind, parts in table for p, low, needs in parts]
        self.kinds = [kind for kind, _, _, _ in flat]
        self.short = [kind in short_only for kind in self.kinds]
        self.parts = [(p, low) for _, p, low, _ in flat]
        anchored: dict[tuple[bool, bool], list[str]] = {}
        self.always: list[int] = []  # searched on every line (no substring required)
        needs_of: dict[tuple[str, bool], list[int]] = {}
        for i, (_, p, low, needs) in enumerate(flat):
            whole = all(b.startswith("^") for b in top_level_branches(p.pattern))
            if needs is None and whole and p.flags == re.UNICODE and "(?P<" not in p.pattern:
                for long_line in (False, True):
                    if not (long_line and self.short[i]):
                        anchored.setdefault((low, long_line), []).append(f"(?P<k{i}>{p.pattern})")
            elif needs is None:
                self.always.append(i)
            else:
                for need in needs:
                    assert "\n" not in need
                    needs_of.setdefault((need, low), []).append(i)
        self.anchored = {
            key: re.compile("|".join(branches)) for key, branches in anchored.items()
        }
        # a substring holding another whose parts include its own adds nothing (a line
        # holding it holds the other): one search of the page fewer
        redundant = {
            (need, low)
            for (need, low), parts in needs_of.items()
            for (other, other_low), others in needs_of.items()
            if other_low == low and other != need and other in need and set(parts) <= set(others)
        }
        kept = [(key, parts) for key, parts in needs_of.items() if key not in redundant]
        # longer substrings first: fewer lines to visit before the common short ones
        self.needs = sorted(kept, key=lambda kv: (-len(kv[0][0]), kv[0]))

    def kinds_of(self, texts: list[str], long_lines: list[bool]) -> list[str | None]:
        """The table kind of each line (already NFKC-normalised and cut to length)."""
        from bisect import bisect_right

        n = len(texts)
        lowers = [t.lower() for t in texts]
        starts, at = [], 0
        for t in lowers:
            starts.append(at)
            at += len(t) + 1
        starts.append(at)  # a sentinel: the end
        cased_starts, at = [], 0
        for t in texts:
            cased_starts.append(at)
            at += len(t) + 1
        cased_starts.append(at)
        joined = {True: "\n".join(lowers), False: "\n".join(texts)}
        offsets = {True: starts, False: cased_starts}
        candidates: list[set[int] | None] = [None] * n
        for (need, low), parts in self.needs:
            text, line_at = joined[low], offsets[low]
            found = text.find(need)
            while found >= 0:
                line = bisect_right(line_at, found) - 1
                if candidates[line] is None:
                    candidates[line] = set(parts)
                else:
                    candidates[line].update(parts)  # type: ignore[union-attr]
                found = text.find(need, line_at[line + 1])
        anchored = self.anchored
        empty = re.compile("(?!)")
        low_short, low_long = anchored.get((True, False), empty), anchored.get((True, True), empty)
        cased_short = anchored.get((False, False), empty)
        cased_long = anchored.get((False, True), empty)
        none = len(self.kinds)
        out: list[str | None] = []
        for i in range(n):
            long_line = long_lines[i]
            best = none
            match = (low_long if long_line else low_short).match(lowers[i])
            if match:
                best = int(match.lastgroup[1:])  # type: ignore[index]
            match = (cased_long if long_line else cased_short).match(texts[i])
            if match:
                best = min(best, int(match.lastgroup[1:]))  # type: ignore[index]
            found = candidates[i]
            if found is not None or self.always:
                for p in sorted((found or set()).union(self.always)):
                    if p >= best:
                        break
                    if long_line and self.short[p]:
                        continue
                    pattern, low = self.parts[p]
                    if pattern.search(lowers[i] if low else texts[i]):
                        best = p
                        break
            out.append(self.kinds[best] if best < none else None)
        return out


def search_needs(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], bool] | None:
    """(substrings one of which every match holds, whether to look for them in the
    lower-cased text), or ``None`` when there is no such set.

    A case-insensitive pattern's literals are read from it as if it were case-sensitive;
    when all of them are lower case, a match of the original holds one of them in the
    lower-cased text (except on the letters of ``SPECIAL_CASE``, which callers check).
    """
    if pattern.flags & re.IGNORECASE:
        found = required_substrings(re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE))
        if found is None or any(n != n.lower() for n in found):
            return None
        return tuple(sorted(found)), True
    found = required_substrings(pattern)
    return None if found is None else (tuple(sorted(found)), False)
