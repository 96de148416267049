"""Bounded text work (web/work.py): results, errors and time bounds across the fork."""

from __future__ import annotations

import os
import re
import time

import pytest

from storyweave.errors import DataError, UsageError
from storyweave.web import work

pytestmark = pytest.mark.skipif(not work.can_fork(), reason="bounded text work needs fork")


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _raise_usage() -> None:
    raise UsageError("a usage problem")


class _Odd(Exception):
    def __init__(self, a: int, b: int) -> None:  # cannot be rebuilt from its args
        super().__init__(f"{a}/{b}")


def _raise_odd() -> None:
    raise _Odd(1, 2)


def _backtrack() -> None:
    re.match(r"(a|a)*b", "a" * 40)  # holds the interpreter lock for far longer than the bound


def test_web_work_runs_in_a_child_and_returns_its_result() -> None:
    pid, square = work.run_bounded(_pid_and_square, (12,), 30, "squaring")
    assert square == 144 and pid != os.getpid()


def test_web_work_errors_come_back_as_themselves() -> None:
    with pytest.raises(UsageError, match="a usage problem"):
        work.run_bounded(_raise_usage, (), 30, "x")
    with pytest.raises(DataError, match="_Odd: 1/2"):
        work.run_bounded(_raise_odd, (), 30, "x")


def test_web_work_over_the_bound_is_killed_and_named() -> None:
    began = time.perf_counter()
    with pytest.raises(work.TextWorkTimeout, match="spinning took longer than 0.5 s"):
        work.run_bounded(_backtrack, (), 0.5, "spinning")
    assert time.perf_counter() - began < 5


def test_web_work_read_timeout_grows_with_the_upload() -> None:
    assert work.read_timeout(0) == work.READ_TIMEOUT_BASE_S
    assert work.read_timeout(100_000) < 2.0  # the target for a 100 kB upload
    assert work.read_timeout(5_000_000) > work.read_timeout(100_000)


def test_web_work_child_can_embed_after_the_parent_did() -> None:
    """An ONNX session made in the parent has no threads in the child; freeing it there
    hung the child for ever. The child must build its own and answer."""
    from storyweave import nlp

    assert nlp.embedder().encode(["made in the parent"]).shape == (1, 384)
    shape = work.run_bounded(lambda: nlp.embedder().encode(["made in the child"]).shape, (), 60, "embedding")
    assert shape == (1, 384)


def test_web_work_failed_briefs_are_remembered() -> None:
    calls = []

    def slow(articles: object) -> object:
        calls.append(1)  # in the child: the parent's list stays empty
        _backtrack()
        return None

    briefer = work.BoundedBriefer(slow, timeout=0.5)
    with pytest.raises(work.TextWorkTimeout):
        briefer([])
    began = time.perf_counter()
    with pytest.raises(DataError, match="took longer than"):
        briefer([])
    assert time.perf_counter() - began < 0.1 and calls == []


def test_web_work_gate_queues_on_the_loop_and_says_when_busy() -> None:
    import asyncio

    gate = work.Gate(1, 0.2, "busy with the others")
    order = []

    async def job(name: str, hold: float) -> None:
        async with gate.turn():
            order.append(name)
            await asyncio.sleep(hold)

    async def main() -> None:
        first = asyncio.create_task(job("a", 0.6))
        await asyncio.sleep(0.05)
        with pytest.raises(work.ServerBusy, match="busy with the others"):
            await job("b", 0)
        await first
        await job("c", 0)  # the turn came back

    asyncio.run(main())
    assert order == ["a", "c"]


def test_web_work_the_default_briefer_is_bounded_and_loads_nothing_at_start() -> None:
    pytest.importorskip("fastapi")
    from test_web_support import flood_story

    from storyweave.web.app import create_app
    from storyweave.web.data import FileSource

    app = create_app(FileSource(flood_story()))
    briefer = app.state.catalog.briefs.briefer
    assert isinstance(briefer, work.BoundedBriefer)
    assert briefer.timeout == work.BRIEF_TIMEOUT_S and briefer.warm is work.warm_models


def test_web_server_messages_escape_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    # storyweave serve prints (skip warnings with file names, what it serves) through
    # the CLI's one printer, which escapes control characters.
    from storyweave.cli.output import say, warn

    warn("a\x1b[31m.txt\nb: skipped: empty")
    say("serving \u202eevil")
    out, err = capsys.readouterr()
    assert err == "storyweave: warning: a\\x1b[31m.txt\\nb: skipped: empty\n"
    assert out == "storyweave: serving \\u202eevil\n"


def _identifier_loaded() -> bool:
    from storyweave.clean import language

    return language._identifier is not None


def test_web_work_warm_readers_loads_the_language_model_for_the_children() -> None:
    # py3langid's model (0.8 s) loaded in each child would take most of a small
    # upload's 1 s read bound; after warm_readers a child inherits it loaded.
    work.warm_readers()
    assert _identifier_loaded()
    assert work.run_bounded(_identifier_loaded, (), 10, "test")


def _slow_brief(*args: object, **kwargs: object) -> None:
    time.sleep(30)


def test_web_work_a_focused_brief_is_bounded_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # ?query= and ?since= run the real pipeline whatever the app's briefer: in a child,
    # stopped at the brief bound, answered 422 (not a worker thread held for ever).
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient
    from test_web_support import fake_briefer, flood_story

    import storyweave.pipeline
    from storyweave.web.app import create_app
    from storyweave.web.data import FileSource

    monkeypatch.setattr(storyweave.pipeline, "brief_articles", _slow_brief)
    monkeypatch.setattr(work, "warm_models", lambda: None)
    client = TestClient(create_app(FileSource(flood_story()), briefer=fake_briefer, brief_timeout=0.5))
    sid = client.get("/api/stories").json()["stories"][0]["id"]
    started = time.monotonic()
    resp = client.get(f"/api/stories/{sid}", params={"query": "bridge closed"})
    assert resp.status_code == 422
    assert "briefing this story took longer than 0.5 s" in resp.json()["error"]
    assert time.monotonic() - started < 20
    assert client.get(f"/api/stories/{sid}").status_code == 200  # the generic brief still answers
