"""Text work with a time bound, in a child process, so one bad input cannot stall the server.

Cleaning and briefing are pure Python and regular expressions: a pattern that goes
quadratic on one long line holds the interpreter lock for as long as it runs, so a
worker *thread* does not help; the event loop and every other request wait too.
Here each job runs in a forked child (it inherits the loaded models and the code,
so no start-up cost but the fork) and the parent only waits on a pipe, off the
event loop. A job over its time bound is killed and answered as ``TextWorkTimeout``.

Where ``fork`` does not exist (Windows) the job runs in the calling thread, unbounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, TypeVar

from ..errors import DataError, StoryweaveError
from ..records import Article, Brief

T = TypeVar("T")

#: Reading and cleaning an upload may take this long plus one second per
#: READ_RATE_BYTES_PER_S of upload. Cleaning ran at about 1 MB/s on warm text and
#: HTML here (the bundled sample: 1.7 MB/s; a 42 kB HTML page: 1.0 MB/s), so the
#: rate leaves four times that margin; the base covers the fork and a small upload.
#: A 100 kB upload gets 1.4 s (answered in about 1.7 s under load: the 2 s target).
READ_TIMEOUT_BASE_S = 1.0
READ_RATE_BYTES_PER_S = 250_000
READ_TIMEOUT_MAX_S = 300.0
#: Uploads read at the same time (one child each); one more waits up to
#: BUSY_WAIT_S for a turn, then is answered 503. Two is this machine's cores: more
#: children would only slow each other and the server.
MAX_READERS = 2
BUSY_WAIT_S = 30.0
#: Briefing one story (sentences, ranking, facts): the bundled six-article sample
#: takes a few seconds; a story of a hundred long articles stays well under this.
BRIEF_TIMEOUT_S = 120.0
#: Failed briefs remembered, so a story that cannot be briefed answers at once
#: the next time instead of costing every visitor another full time bound.
FAILED_BRIEFS_KEPT = 256
#: Requests that may wait in a thread for a story's first brief (briefs are computed
#: one at a time); more queue on the event loop, for up to BRIEF_QUEUE_WAIT_S.
MAX_BRIEF_WAITERS = 4
BRIEF_QUEUE_WAIT_S = 2 * BRIEF_TIMEOUT_S


_INHERITED: list[Any] = []


class TextWorkTimeout(DataError):
    """Text work (cleaning an upload, briefing a story) went over its time bound."""


class ServerBusy(DataError):
    """Every turn is taken and none came free in time (HTTP 503)."""


class Gate:
    """At most ``size`` jobs at once, the others queued *on the event loop*.

    A job waiting its turn in a worker thread would hold that thread: forty uploads,
    or forty requests for stories not yet briefed, would take the whole thread pool,
    and every page not yet cached would wait behind them. Here the wait costs no
    thread; after ``wait`` seconds in the queue a request is answered 503.
    """

    def __init__(self, size: int, wait: float, busy: str):
        self.size = size
        self.wait = wait
        self.busy = busy
        self._sem: asyncio.Semaphore | None = None

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.size)
        try:
            await asyncio.wait_for(self._sem.acquire(), self.wait)
        except TimeoutError:
            raise ServerBusy(self.busy) from None
        try:
            yield
        finally:
            self._sem.release()


def read_timeout(n_bytes: int) -> float:
    """The time bound for reading and cleaning an upload of ``n_bytes``."""
    return min(READ_TIMEOUT_MAX_S, READ_TIMEOUT_BASE_S + n_bytes / READ_RATE_BYTES_PER_S)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    nlp = sys.modules.get("storyweave.nlp")
    if nlp is not None and nlp.embedder.cache_info().currsize:
        # An ONNX session made in the parent has no threads in a forked child: the
        # child builds its own (0.24 s). The inherited one is kept referenced, never
        # freed: its destructor would wait for those threads forever (the child ends
        # with os._exit, so no destructor runs).
        _INHERITED.append(nlp.embedder())
        nlp.embedder.cache_clear()
    # Ctrl-C at the server's terminal reaches the child too: end at once, not after the job.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        message: tuple[str, Any] = ("ok", fn(*args))
    except StoryweaveError as exc:  # handed back to the parent to raise as it is
        message = ("error", exc)
    except BaseException as exc:  # noqa: BLE001
        # Any other exception goes back as its name and message, written here: a copy
        # rebuilt in the parent can lose what it says (a UnicodeEncodeError's is empty).
        message = ("crash", f"{type(exc).__name__}: {exc}")
    try:
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(payload)  # an exception whose class cannot be rebuilt must not reach the parent
    except Exception:  # noqa: BLE001
        payload = pickle.dumps(("crash", f"{type(message[1]).__name__}: {message[1]}"))
    conn.send_bytes(payload)
    conn.close()


def run_bounded(
    fn: Callable[..., T], args: Sequence[Any], timeout: float, what: str, shown_timeout: float | None = None
) -> T:
    """``fn(*args)`` in a forked child, killed after ``timeout`` seconds.

    Blocks the calling thread (call it from a worker thread, never the event loop).
    A ``StoryweaveError`` raised by ``fn`` is raised here; any other exception as a
    ``DataError`` naming ``what`` and the exception. ``shown_timeout`` is the bound the
    message names, when ``timeout`` is what is left of it.

    Raises:
        TextWorkTimeout: ``fn`` ran longer than ``timeout``; the message names ``what``.
        DataError: the child died without an answer (killed by the system, out of memory).
    """
    if not can_fork():
        return fn(*args)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, fn, tuple(args)), daemon=True, name="storyweave-text")
    proc.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise TextWorkTimeout(
                f"{what} took longer than {shown_timeout or timeout:.1f} s and was stopped; the text may hold "
                "something pathological (a very long line, say): split or shorten it and try again"
            )
        try:
            status, value = pickle.loads(receiver.recv_bytes())
        except (EOFError, OSError):
            raise DataError(f"{what} failed: its worker process ended without an answer") from None
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status == "error":
        raise value
    if status == "crash":
        raise DataError(f"{what} failed ({' '.join(value.split())[:300]})")
    return value  # type: ignore[no-any-return]


class BoundedBriefer:
    """A briefer whose every call runs through ``run_bounded``; failures (over the
    bound, or an error such as spaCy's refusal of a 2,000,000-character paragraph) are
    remembered, so the story answers its 422 at once the next time.

    Args:
        briefer: the real briefer (it runs in the child, so it may be any callable).
        timeout: the time bound of one brief.
    """

    def __init__(
        self,
        briefer: Callable[[Sequence[Article]], Brief],
        timeout: float = BRIEF_TIMEOUT_S,
        warm: Callable[[], None] | None = None,
    ):
        self.briefer = briefer
        self.timeout = timeout
        self.warm = warm
        self._failed: OrderedDict[tuple[str, ...], DataError] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, articles: Sequence[Article]) -> Brief:
        key = tuple(a.id for a in articles)
        with self._lock:
            failed = self._failed.get(key)
        if failed is not None:
            raise DataError(str(failed))
        if self.warm is not None:
            self.warm()
        try:
            return run_bounded(self.briefer, (list(articles),), self.timeout, "briefing this story")
        except DataError as exc:  # over its bound, or failed: the same again next time
            with self._lock:
                self._failed[key] = exc
                while len(self._failed) > FAILED_BRIEFS_KEPT:
                    self._failed.popitem(last=False)
            raise


_WARM_LOCK = threading.Lock()
_WARMED: set[str] = set()


def _once(name: str, load: Callable[[], None]) -> None:
    with _WARM_LOCK:
        if name in _WARMED:
            return
        _WARMED.add(name)
        try:
            load()
        except Exception:  # noqa: BLE001 - a missing part surfaces in the child, with its own message
            pass


def _load_readers() -> None:
    """Read one tiny fixed text and page, so the readers' lazy imports (lxml, justext,
    trafilatura: 0.35 s and more) happen here once, not in every child; and load the
    language identifier (py3langid, 0.8 s), which the warm-up texts are too short to reach."""
    import tempfile

    from ..clean.language import guess_language
    from ..config import Config
    from ..pipeline import read_articles

    guess_language("A short line of English text to load the language model.")

    with tempfile.TemporaryDirectory(prefix="storyweave-warm-") as folder:
        paths = []
        for name, text in (
            ("warm.txt", "Warm-up\n\nA short line of text to read.\n"),
            ("warm.html", "<html><head><title>Warm-up</title></head><body><p>A short page.</p></body></html>"),
        ):
            paths.append(os.path.join(folder, name))
            with open(paths[-1], "w", encoding="utf-8") as fh:
                fh.write(text)
        try:
            read_articles(paths, Config())
        except DataError:
            pass  # too short to be an article: the imports are done all the same


def _load_models() -> None:
    from ..nlp import pipeline, sentencizer

    sentencizer()
    pipeline()


def warm_readers() -> None:
    """Load, once in this process, what reading an upload needs (children inherit it)."""
    _once("readers", _load_readers)


def warm_models() -> None:
    """Load, once in this process, the spaCy pipelines a brief needs (children inherit
    them); the first brief pays for it, not the server's start."""
    _once("models", _load_models)


__all__ = [
    "BRIEF_TIMEOUT_S",
    "BoundedBriefer",
    "Gate",
    "ServerBusy",
    "TextWorkTimeout",
    "can_fork",
    "read_timeout",
    "run_bounded",
    "warm_models",
    "warm_readers",
]
