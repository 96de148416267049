"""Fuzz the text stages with Hypothesis: the cleaner, the sentence splitter, the quote
finder and the number parser take any text without an exception, within a time bound,
and keep their invariants (spans inside the text, quotes inside their paragraph,
spelled-out numbers read back to their value).

Texts are the bundled sample's lines, mutated (characters dropped, repeated, replaced by
quote marks, separators, control characters, long runs), and arbitrary Unicode.
"""

from __future__ import annotations

import os
import time

import fuzz_inputs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.facts.figures import parse_number
from storyweave.facts.numbers import spelled_number
from storyweave.limits import without_surrogates

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
BOUND = 20.0
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

LINES = [line for t in fuzz_inputs.seeds()["text"] for line in t.decode("utf-8").splitlines() if line.strip()]
PIECES = ["\u201c", "\u201d", '"', "'", "\u2019", "|||||", "\n", "\n\n", " ", ".", "?!", "\x00", "\x1b[2J",
          "\u202e", "\ud800", "\ufeff", "\u00a0", "(", ")", "[", "]", "\t", "said", "Photo: AFP", "©",
          "x" * 500, " " * 300, "credit " * 50, "Internet Archive crawls ", "twenty-two thousand"]


@st.composite
def mutated_text(draw) -> str:
    lines = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=12))
    text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.integers(0, 3))
        if op == 0:
            text = text[:i] + draw(st.sampled_from(PIECES)) * draw(st.sampled_from([1, 1, 3, 40])) + text[i:]
        elif op == 1:
            text = text[:i] + text[i + draw(st.integers(1, 200)):]
        elif op == 2:
            text = text[:i] + text[i:i + 300] * draw(st.integers(2, 5)) + text[i:]
        else:
            text = text[:i] + draw(st.text(max_size=40)) + text[i:]
    return text


TEXTS = st.one_of(mutated_text(), st.text(max_size=2000))


def timed(fn, *args):  # noqa: ANN001, ANN202
    start = time.perf_counter()
    result = fn(*args)
    took = time.perf_counter() - start
    assert took < BOUND, f"{fn.__name__} took {took:.1f} s"
    return result


@FUZZ
@given(text=TEXTS)
def test_fuzz_cleaner_keeps_only_lines_of_the_text(text):
    from storyweave.clean import clean
    from storyweave.records import Article, RawDocument, normalize

    result = timed(clean, RawDocument(path="x.txt", content=text))
    if isinstance(result, Article):
        source = normalize(without_surrogates(text))
        for paragraph in result.paragraphs:
            assert normalize(paragraph) in source


@settings(max_examples=max(EXAMPLES // 2, 5), deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_fuzz_sentence_splitter_spans_lie_in_the_text(text):
    from storyweave.nlp import split_spans

    spans = timed(split_spans, text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        piece = text[start:end]
        assert "\n" not in piece and piece == piece.strip()
        last = end


@FUZZ
@given(text=TEXTS)
def test_fuzz_quote_finder_spans_lie_in_their_paragraph(text):
    from storyweave.facts.quotes import quote_spans

    paragraphs = text.split("\n")
    for quotation in timed(quote_spans, paragraphs):
        assert quotation
        for p, start, end in quotation:
            assert 0 <= p < len(paragraphs) and 0 <= start <= end <= len(paragraphs[p])


@settings(max_examples=max(EXAMPLES // 6, 3), deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_text())
def test_fuzz_facts_on_mutated_articles(text):
    """The whole facts pass (spaCy's parser, quotes, figures, timeline) on damaged text."""
    from storyweave.clean import clean
    from storyweave.facts import extract
    from storyweave.records import Article, RawDocument

    article = clean(RawDocument(path="x.txt", content=text))
    if isinstance(article, Article):
        facts = timed(extract, [article])
        facts.to_dict()


_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int, and_: bool) -> str:
    """English words for ``0 < n < 10**12`` ("twenty-two thousand", "one hundred and five")."""
    parts = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, "")):
        group, n = divmod(n, scale)
        if not group:
            continue
        hundreds, rest = divmod(group, 100)
        words_ = []
        if hundreds:
            words_ += [_ONES[hundreds], "hundred"] + (["and"] if rest and and_ else [])
        if rest >= 20:
            words_.append(_TENS[rest // 10] + (f"-{_ONES[rest % 10]}" if rest % 10 else ""))
        elif rest:
            words_.append(_ONES[rest])
        parts.append(" ".join(words_ + ([name] if name else [])))
    return " ".join(parts)


@settings(max_examples=EXAMPLES * 5, deadline=None, derandomize=True, database=None)
@given(n=st.integers(1, 10**12 - 1), and_=st.booleans())
def test_fuzz_spelled_numbers_read_back(n, and_):
    text = words(n, and_)
    assert spelled_number(text) == n, text
    assert parse_number(text) == (n, n), text


@settings(max_examples=EXAMPLES * 5, deadline=None, derandomize=True, database=None)
@given(text=st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(["one", "two", "twenty", "twenty-two", "hundred", "thousand", "million",
                              "and", "to", "-", "or", "a", "dozen", "12", "1.5", "between", "$", "%",
                              "billion", "fifty", "nineteen", "k", "m"]), max_size=8).map(" ".join),
))
def test_fuzz_number_parser_takes_any_text(text):
    got = parse_number(text)
    assert got is None or got[0] <= got[1]
    value = spelled_number(text.lower())
    assert value is None or value >= 0
