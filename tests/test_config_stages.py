"""One configuration nested by stage: ``Config.cluster`` and ``Config.summarize`` are the
clustering settings and the summariser's constants, validated, and the stages read them."""

from __future__ import annotations

import dataclasses

import pytest
from builders import article

from storyweave.config import Config
from storyweave.corpus.cluster import Settings
from storyweave.errors import ConfigError
from storyweave.summarize import Cluster
from storyweave.summarize import storyweave as sw


def test_defaults_are_the_stage_defaults() -> None:
    config = Config()
    assert config.cluster == Settings() and config.summarize == sw.Params()
    assert Config(cluster={"link": 0.2}).cluster == Settings(link=0.2)
    assert Config().with_(summarize=dataclasses.replace(sw.Params(), quote_boost=0.0)).summarize.quote_boost == 0.0


@pytest.mark.parametrize("kwargs, message", [
    ({"cluster": {"nope": 1}}, "`cluster` takes link, join, embed"),
    ({"cluster": {"link": 1.5}}, "`cluster.link` must be a similarity"),
    ({"cluster": {"embed": "yes"}}, "`cluster.embed` must be true or false"),
    ({"summarize": {"min_words": 0}}, "`summarize.min_words` must be a positive integer"),
    ({"summarize": {"off_topic": float("nan")}}, "`summarize.off_topic` must be a number"),
    ({"summarize": {"min_words": 50, "max_words": 10}}, "must not exceed"),
    ({"cluster": 0.1}, "`cluster` must be a storyweave.corpus.cluster.Settings"),
])
def test_bad_stage_settings_are_one_line_config_errors(kwargs, message) -> None:
    with pytest.raises(ConfigError, match=message):
        Config(**kwargs)


def test_the_summariser_reads_config_summarize() -> None:
    cluster = Cluster.from_articles([
        article("The mayor said the bridge would reopen on Monday after repairs.",
                "\u201cWe are nearly there,\u201d the mayor said of the works on the bridge."),
        article("The bridge reopens on Monday, the mayor said after a week of repairs."),
    ])
    config = Config(words=20)
    assert sw.rank(cluster, config) == sw.rank(cluster, config, config.summarize)
    changed = config.with_(summarize=dataclasses.replace(config.summarize, position_scale=0.01,
                                                         max_overlap=0.0))
    assert sw.rank(cluster, changed) == sw.rank(cluster, config, changed.summarize)


def test_ingest_reads_config_cluster(tmp_path) -> None:
    from pathlib import Path

    from storyweave.corpus import Store, ingest

    examples = Path(__file__).resolve().parents[1] / "examples" / "aleppo-2016"
    with Store(tmp_path / "a.db") as store:
        default = ingest([examples], store)
    with Store(tmp_path / "b.db") as store:
        apart = ingest([examples], store, config=Config(cluster={"link": 1.0, "join": 1.0}))
    assert default.added == apart.added == 5
    assert default.stories == 1 and apart.stories == 5  # no pair reaches a similarity of 1
