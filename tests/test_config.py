from __future__ import annotations

import pytest

from storyweave.config import Config
from storyweave.errors import ConfigError, UsageError


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"words": -3}, "`words` must be a positive integer, got -3"),
        ({"words": 0}, "`words` must be a positive integer, got 0"),
        ({"words": 2.5}, "`words` must be a positive integer, got 2.5"),
        ({"corroboration": 1.5}, "`corroboration` must be a number in (0, 1], got 1.5"),
        ({"seed": "x"}, "`seed` must be an integer, got 'x'"),
    ],
)
def test_config_rejects_bad_values_with_scikit_style_message(kwargs, message):
    with pytest.raises(ConfigError) as err:
        Config(**kwargs)
    assert str(err.value) == message
    assert isinstance(err.value, UsageError)


def test_config_from_kwargs_ignores_none_and_rejects_unknown():
    assert Config.from_kwargs(words=None, method="lead").method == "lead"
    with pytest.raises(ConfigError, match="unknown setting 'wrods'"):
        Config.from_kwargs(wrods=3)


def test_config_defaults():
    cfg = Config()
    assert cfg.words == 250 and cfg.method == "storyweave" and cfg.facts is False
