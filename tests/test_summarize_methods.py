"""Every registered method runs; a bad name fails with the valid choices; sumy is optional."""

from __future__ import annotations

import builtins

import pytest
from builders import article

from storyweave.config import Config
from storyweave.errors import ConfigError, MissingDependencyError
from storyweave.summarize import baselines, summarize, summarizers

ARTICLES = [
    article(
        "The city council approved a new budget on Monday that raises spending on public transport.",
        "Bus fares will fall by ten percent from January, the council's finance chief said.",
        "Opposition members voted against the plan, saying it relied on optimistic tax forecasts.",
    ),
    article(
        "Councillors passed the annual budget on Monday after a six-hour debate.",
        "The plan cuts bus fares by a tenth and adds two new tram routes by 2028.",
    ),
]


def test_summarize_registry_names() -> None:
    assert {"storyweave", "lead", "lexrank", "textrank", "lsa", "random"} <= set(summarizers)


@pytest.mark.parametrize("method", sorted(summarizers))
def test_summarize_each_method_returns_sentences(method: str) -> None:
    summary = summarize(ARTICLES, Config(words=40, method=method))
    assert summary
    assert sum(len(s.text.split()) for s in summary) <= 40


def test_summarize_lead_takes_first_sentences_in_turn() -> None:
    summary = summarize(ARTICLES, Config(words=40, method="lead"))
    texts = [s.text for s in summary]
    assert ARTICLES[0].paragraphs[0] in texts and ARTICLES[1].paragraphs[0] in texts


def test_summarize_random_is_seeded() -> None:
    a = summarize(ARTICLES, Config(words=30, method="random", seed=1))
    b = summarize(ARTICLES, Config(words=30, method="random", seed=1))
    assert [s.text for s in a] == [s.text for s in b]


def test_summarize_unknown_method_lists_choices() -> None:
    with pytest.raises(ConfigError, match="storyweave"):
        summarize(ARTICLES, Config(method="nonesuch"))


def test_summarize_missing_sumy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_sumy(name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if name.startswith("sumy"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    baselines._sumy.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_sumy)
    try:
        with pytest.raises(MissingDependencyError, match=r"storyweave\[eval\]"):
            summarize(ARTICLES, Config(method="lexrank"))
    finally:
        monkeypatch.undo()
        baselines._sumy.cache_clear()
