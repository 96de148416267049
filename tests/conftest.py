"""Shared fixtures: paths to the bundled sample and the shared evaluation data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"
GOLD = EXAMPLES / "gold"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    """The hand labels of the five sample articles, by file name."""
    return {p.stem + ".txt": json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "multinews-dev.jsonl").exists():
        pytest.skip(f"shared evaluation data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def aleppo_brief():
    """The default brief of the bundled sample, computed once per session."""
    from storyweave import brief

    return brief([EXAMPLES], words=250)
