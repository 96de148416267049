"""Fuzz each reader with Hypothesis: damaged real inputs give documents, skips or
storyweave's own errors, never another exception, and each within a time bound.

Inputs are seeds of each kind (``fuzz_inputs.seeds``: the bundled sample and files built
from it) with a drawn list of byte-level and structured mutations, written with the
kind's extension and read through ``iter_documents`` and ``clean``. Derandomized and
bounded (``FUZZ_EXAMPLES`` per reader, 250 by default) so the suite stays within about a
minute on two cores; ``benchmarks/bench_fuzz.py`` is the long run (10^5 inputs).
"""

from __future__ import annotations

import os
import time

import fuzz_inputs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "250"))
#: Seconds one input may take (the slowest of 10^5 in the benchmark: a few seconds).
BOUND = 20.0

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
OPS = st.lists(st.tuples(st.integers(0, 64), st.integers(0, 2**32)), min_size=1, max_size=4)


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Load the parsers once (dateparser compiles its locales on first use), untimed."""
    from storyweave.ingest.fields import normalize_date

    normalize_date("x 13 y 2016")


def run(tmp_path, kind: str, data: bytes) -> None:
    path = tmp_path / f"input{fuzz_inputs.KINDS[kind]}"
    path.write_bytes(data)
    start = time.perf_counter()
    problem = fuzz_inputs.check(str(path))
    took = time.perf_counter() - start
    assert problem is None, problem
    assert took < BOUND, f"{kind} input took {took:.1f} s"


@pytest.mark.parametrize("kind", sorted(fuzz_inputs.KINDS))
@FUZZ
@given(seed=st.integers(0, 10), ops=OPS)
def test_fuzz_reader_mutated_inputs(tmp_path, kind, seed, ops):
    run(tmp_path, kind, fuzz_inputs.apply_ops(kind, seed, ops))


@pytest.mark.parametrize("kind", ["text", "json", "jsonl", "feed", "html"])
@settings(max_examples=max(EXAMPLES // 3, 5), deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000))
def test_fuzz_reader_arbitrary_bytes(tmp_path, kind, data):
    run(tmp_path, kind, data)


@FUZZ
@given(prefix=st.sampled_from([b"", b"<?xml version=\"1.0\"?>", b"{", b"[", b"WARC/1.0\r\n", b"<html>"]),
       tokens=st.lists(st.sampled_from(fuzz_inputs.DANGEROUS), min_size=1, max_size=6))
def test_fuzz_reader_dangerous_tokens_in_sniffed_input(tmp_path, prefix, tokens):
    """An input of unknown extension is sniffed, then read by whichever reader it looks like."""
    path = tmp_path / "download.dat"
    path.write_bytes(prefix + b"".join(tokens))
    assert fuzz_inputs.check(str(path)) is None
