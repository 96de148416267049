"""``brief``, ``facts`` and ``ingest`` apply one set of skip rules (``clean.clean_document``):
the same folder of mixed inputs gives the same skips, with the same one-line reasons,
through all three, in the library and on the command line; ``--any-language`` keeps a
non-English article in all three."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from storyweave import brief
from storyweave.cli import main
from storyweave.config import Config
from storyweave.corpus import Store, ingest
from storyweave.errors import ConfigError
from storyweave.pipeline import read_articles

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "aleppo-2016"

FRENCH = (
    "Les forces gouvernementales syriennes ont repris le contrôle de la quasi-totalité des "
    "quartiers est d'Alep, selon des sources militaires citées jeudi par les agences.\n\n"
    "Des milliers de civils ont fui les combats dans des conditions très difficiles, tandis "
    "que les organisations humanitaires réclament un cessez-le-feu immédiat pour permettre "
    "l'évacuation des blessés et l'acheminement de l'aide.\n\n"
    "Le ministre des affaires étrangères a déclaré que la situation restait extrêmement "
    "préoccupante et que des discussions se poursuivaient avec les parties concernées.\n"
)


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / "zz-french.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "zz-empty.txt").write_text("", encoding="utf-8")
    (folder / "zz-menu.txt").write_text("Home\nNews\nSport\nWeather\nShare this\n", encoding="utf-8")
    (folder / "zz-binary.txt").write_bytes(b"\x00\xff\x01" * 200)
    return folder


def _names(skips) -> set[tuple[str, str]]:
    return {(Path(s.path).name, s.reason) for s in skips}


def test_brief_facts_and_ingest_skip_the_same_inputs_for_the_same_reasons(mixed: Path, tmp_path: Path) -> None:
    via_brief = _names(brief([mixed], words=100).skipped)
    via_facts = _names(read_articles([mixed])[1])  # what `facts` reads
    with Store(tmp_path / "c.db") as store:
        via_ingest = _names(ingest([mixed], store).skipped)
    assert via_brief == via_facts == via_ingest
    assert ("zz-french.txt", "not English text (looks like French)") in via_brief
    assert {name for name, _ in via_brief} == {"zz-french.txt", "zz-empty.txt", "zz-menu.txt",
                                               "zz-binary.txt"}


def test_any_language_keeps_the_french_article_everywhere(mixed: Path, tmp_path: Path) -> None:
    config = Config(any_language=True)
    via_brief = _names(brief([mixed], config=config).skipped)
    via_facts = _names(read_articles([mixed], config)[1])
    with Store(tmp_path / "c.db") as store:
        via_ingest = _names(ingest([mixed], store, config=config).skipped)
    assert via_brief == via_facts == via_ingest
    assert "zz-french.txt" not in {name for name, _ in via_brief}
    assert len(via_brief) == 3


def _skip_lines(err: str) -> set[str]:
    return {re.sub(r"^.*/", "", line) for line in err.splitlines() if ": skipped: " in line}


def test_the_three_commands_warn_the_same_skips(mixed: Path, tmp_path: Path, capsys) -> None:
    assert main(["brief", str(mixed), "--words", "80"]) == 0
    brief_err = capsys.readouterr().err
    assert main(["facts", str(mixed), "--format", "json"]) == 0
    facts_err = capsys.readouterr().err
    assert main(["ingest", str(mixed), "--db", str(tmp_path / "c.db"), "--no-progress"]) == 0
    ingest_err = capsys.readouterr().err
    lines = _skip_lines(brief_err)
    assert lines == _skip_lines(facts_err) == _skip_lines(ingest_err)
    assert "zz-french.txt: skipped: not English text (looks like French)" in lines
    assert main(["ingest", str(mixed), "--db", str(tmp_path / "d.db"), "--no-progress",
                 "--any-language"]) == 0
    assert "zz-french.txt" not in capsys.readouterr().err


def test_any_language_must_be_a_boolean() -> None:
    with pytest.raises(ConfigError, match="any_language"):
        Config(any_language="yes")
