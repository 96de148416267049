"""The library prints nothing: only the CLI (``storyweave.cli``) writes to the terminal.

Every module is imported, then ``brief``, ``facts`` and ``ingest`` run through the
library on the bundled sample plus inputs that are skipped, with standard output and
standard error captured at the file-descriptor level: not one character may appear.
Skips and notices reach the caller through return values and callbacks instead.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import storyweave

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "aleppo-2016"


def _library_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(storyweave.__path__, "storyweave."):
        if info.name == "storyweave.__main__" or info.name.startswith("storyweave.cli"):
            continue
        names.append(info.name)
    return names


def test_library_modules_do_not_import_the_cli() -> None:
    """Imported in a fresh interpreter, no library module pulls in ``storyweave.cli``."""
    code = (
        "import importlib, sys\n"
        f"for name in {_library_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('storyweave.cli')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
    assert done.stderr == ""


def test_library_prints_nothing(tmp_path: Path, capfd) -> None:
    from storyweave import brief
    from storyweave.corpus import Store, ingest
    from storyweave.facts import extract
    from storyweave.pipeline import read_articles

    for name in _library_modules():
        importlib.import_module(name)
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt")):
        (mixed / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (mixed / "empty.txt").write_text("", encoding="utf-8")
    (mixed / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    capfd.readouterr()  # what imports printed is checked below, with the rest

    result = brief([mixed], words=120)
    articles, skipped = read_articles([mixed])
    facts = extract(articles)
    skips, notices, parts = [], [], []
    with Store(tmp_path / "corpus.db") as store:
        report = ingest([mixed], store, on_skip=skips.append, on_notice=notices.append,
                        on_progress=parts.append)
    printed = capfd.readouterr()
    assert printed.out == "" and printed.err == ""
    # ... and yet every skip reached the caller
    assert result.summary and len(result.skipped) == 2 and facts.to_dict()
    assert len(skipped) == 2 and len(skips) == 2 and report.added == len(articles)
    assert sum(parts) == len(articles) + 2
