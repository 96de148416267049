"""Number words, shared by the figure and timeline extractors."""

from __future__ import annotations

import re

#: Cardinal words up to the tens, and the articles that count as one ("a week ago").
NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}

#: Tens that take a hyphenated unit ("twenty-two"), units and teens, and the scales.
_TENS = {w: v for w, v in NUMBER_WORDS.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)}
_UNITS = {w: v for w, v in NUMBER_WORDS.items() if 1 <= v <= 9 and w not in ("a", "an")}
_BELOW_HUNDRED = {w: v for w, v in NUMBER_WORDS.items() if 0 <= v <= 19 and w not in ("a", "an")}
_LARGE_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def spelled_number(text: str) -> float | None:
    """The value of one spelled-out cardinal, or ``None`` when ``text`` is not exactly one.

    English cardinals have a strict shape: groups of at most "N hundred (and) tens-units",
    each but the last followed by a scale (thousand, million...) smaller than the one
    before. Within that shape a hyphen joins tens and units ("twenty-two") and "and"
    follows "hundred" ("one hundred and five"): neither is a range. So "twenty-two
    thousand" is 22,000 and "two million" 2,000,000, while "twenty to thirty", "ten-twenty"
    and "one hundred and two hundred" are not one cardinal (a range reader takes them).
    A group may be digits ("22 thousand", "1.5 million"). Lower-case input expected.
    """
    words = [w for w in re.split(r"[\s]+", text.strip()) if w]
    tokens: list[str] = []
    for word in words:
        tens, dash, unit = word.partition("-")
        if dash:
            if tens in _TENS and unit in _UNITS:
                tokens.extend([tens, unit])
                continue
            return None
        tokens.append(word)
    if not tokens:
        return None
    total = 0.0
    last_scale = None
    i = 0
    n = len(tokens)
    while i < n:
        group, i = _group(tokens, i)
        if group is None:
            return None
        if i < n and tokens[i] in _LARGE_SCALES:
            scale = _LARGE_SCALES[tokens[i]]
            if last_scale is not None and scale >= last_scale:
                return None
            last_scale = scale
            total += group * scale
            i += 1
            if i < n and tokens[i] == "and":  # "two thousand and five"
                i += 1
                if i == n:
                    return None
        else:
            if i != n:
                return None
            total += group
    return total


def _group(tokens: list[str], i: int) -> tuple[float | None, int]:
    """One group below a thousand starting at ``tokens[i]``: (value, next index)."""
    n = len(tokens)
    if i < n and _DIGITS.fullmatch(tokens[i]):
        return float(tokens[i]), i + 1
    value = 0.0
    seen = False
    if i + 1 < n and tokens[i] in _UNITS and tokens[i + 1] == "hundred":
        value, i, seen = _UNITS[tokens[i]] * 100.0, i + 2, True
        if i < n and tokens[i] == "and":
            i += 1
            if i == n or not (tokens[i] in _TENS or tokens[i] in _BELOW_HUNDRED):
                return None, i
    if i < n and tokens[i] in _TENS:
        value += _TENS[tokens[i]]
        i += 1
        seen = True
        if i < n and tokens[i] in _UNITS:
            value += _UNITS[tokens[i]]
            i += 1
    elif i < n and tokens[i] in _BELOW_HUNDRED:
        value += _BELOW_HUNDRED[tokens[i]]
        i += 1
        seen = True
    return (value if seen else None), i
