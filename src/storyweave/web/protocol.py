"""uvicorn's HTTP/1.1 protocol with the time bounds and per-client budget it lacks.

uvicorn bounds a keep-alive pause (``timeout_keep_alive``) and the number of
connections (``limit_concurrency``, answered with 503), but not how long a client
may take to send its request headers or body. 1,100 connections that each send half
a request line and wait therefore hold every slot, and everyone else gets 503
(uvicorn issue #157 has asked since 2018 for ``--timeout-request-start``, about 10 s,
and ``--timeout-request-complete``; ``timeout_keep_alive`` is only the pause between
requests, and ASGI middleware runs only once the headers are in). This subclass adds:

- a header time bound: the request line and headers must arrive within
  ``HEADER_TIMEOUT_S`` of the connection opening (or of the previous answer);
- a body time bound: no pause longer than ``BODY_IDLE_TIMEOUT_S`` while the body
  streams in, and the whole body within ``BODY_TIMEOUT_S``;
- a cap on the connections of one client address, ``MAX_CONNECTIONS_PER_CLIENT``:
  one more is first made room for by closing that client's longest-waiting
  connection, and when none of them is waiting it is answered 503 and closed;
- a budget of *waiting* connections (those that have not yet sent a whole request,
  keep-alive pauses included): at most ``MAX_WAITING_PER_CLIENT`` per client address
  and ``MAX_WAITING`` in all. A new connection over the budget closes the one of that
  client (or, in all, of anyone) that has waited longest, never the new one: a client
  that sends its request at once is always served, however many idle connections
  someone holds, and connections busy with a request are never touched.

A connection dropped for waiting too long gets ``408 Request Timeout`` and is closed.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

#: The request line and headers must arrive within this (nginx's
#: client_header_timeout is 60 s; a browser sends them at once).
HEADER_TIMEOUT_S = 10.0
#: The longest pause allowed while a request body streams in, and the bound on
#: the whole body (the 100 MB upload limit at 1 MB/s, with margin).
BODY_IDLE_TIMEOUT_S = 15.0
BODY_TIMEOUT_S = 180.0
#: Connections that have not sent a whole request yet, per client address and in
#: all. A browser opens 6 per host and the load benchmark 50 from one address.
MAX_WAITING_PER_CLIENT = 128
MAX_WAITING = 512
#: All the connections of one client address, busy ones included.
MAX_CONNECTIONS_PER_CLIENT = 256

def _answer(status: str, text: str) -> bytes:
    """A whole plain-text answer that closes the connection, written before any request."""
    body = text.encode()
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"connection: close\r\ncontent-length: {len(body)}\r\n\r\n"
    ).encode() + body


TIMEOUT_ANSWER = _answer("408 Request Timeout", "the request did not arrive in time; send it at once\n")
BUSY_ANSWER = _answer("503 Service Unavailable", "too many connections from your address at once\n")


class Waiting:
    """The connections of one server that have not sent a whole request, oldest first."""

    def __init__(
        self,
        per_client: int = MAX_WAITING_PER_CLIENT,
        total: int = MAX_WAITING,
        connections_per_client: int = MAX_CONNECTIONS_PER_CLIENT,
    ):
        self.per_client = per_client
        self.total = total
        self.connections_per_client = connections_per_client
        self.all: OrderedDict[GuardedH11Protocol, None] = OrderedDict()
        self.by_client: dict[str, OrderedDict[GuardedH11Protocol, None]] = {}
        self.open: dict[str, int] = {}

    def admit(self, conn: GuardedH11Protocol) -> bool:
        """Count a new connection in; ``False`` when its client is at the cap and none
        of that client's connections is waiting (so none can be closed for it)."""
        key = conn.client_key
        if self.open.get(key, 0) >= self.connections_per_client:
            mine = self.by_client.get(key)
            if not mine:
                return False
            next(iter(mine)).drop()
        self.open[key] = self.open.get(key, 0) + 1
        return True

    def leave(self, conn: GuardedH11Protocol) -> None:
        key = conn.client_key
        left = self.open.get(key, 0) - 1
        if left > 0:
            self.open[key] = left
        else:
            self.open.pop(key, None)

    def add(self, conn: GuardedH11Protocol) -> None:
        self.discard(conn)
        mine = self.by_client.setdefault(conn.client_key, OrderedDict())
        while len(mine) >= self.per_client:
            next(iter(mine)).drop()
        while len(self.all) >= self.total:
            next(iter(self.all)).drop()
        mine[conn] = None
        self.all[conn] = None

    def discard(self, conn: GuardedH11Protocol) -> None:
        if self.all.pop(conn, False) is None:
            mine = self.by_client.get(conn.client_key)
            if mine is not None:
                mine.pop(conn, None)
                if not mine:
                    del self.by_client[conn.client_key]


def guarded_protocol(
    *,
    header_timeout: float = HEADER_TIMEOUT_S,
    body_idle_timeout: float = BODY_IDLE_TIMEOUT_S,
    body_timeout: float = BODY_TIMEOUT_S,
    per_client: int = MAX_WAITING_PER_CLIENT,
    total: int = MAX_WAITING,
    connections_per_client: int = MAX_CONNECTIONS_PER_CLIENT,
) -> type[H11Protocol]:
    """A protocol class for ``uvicorn.Config(http=...)`` with its own budget (one per server)."""
    waiting = Waiting(per_client, total, connections_per_client)
    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {
            "waiting": waiting,
            "header_timeout": header_timeout,
            "body_idle_timeout": body_idle_timeout,
            "body_timeout": body_timeout,
        },
    )


class GuardedH11Protocol(H11Protocol):
    """``H11Protocol`` with header and body time bounds and the waiting budget."""

    waiting: Waiting = Waiting()
    header_timeout = HEADER_TIMEOUT_S
    body_idle_timeout = BODY_IDLE_TIMEOUT_S
    body_timeout = BODY_TIMEOUT_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client_key = "?"
        self._counted = False
        self._timer: Any = None
        self._body_started = 0.0

    # -------------------------------------------------------------- states

    def _arm(self, delay: float) -> None:
        self._disarm()
        self._timer = self.loop.call_later(delay, self._on_timer)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _wait_for_request(self) -> None:
        """No whole request yet: the header bound runs and the connection counts as waiting."""
        self._arm(self.header_timeout)
        self.waiting.add(self)

    def _follow(self) -> None:
        """Re-read h11's state after bytes came in or an answer went out."""
        if self.transport is None or self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            if self not in self.waiting.all:  # newly waiting (a waiting one keeps its deadline)
                self._wait_for_request()
        elif state is h11.SEND_BODY:
            self.waiting.discard(self)
            if not self._body_started:
                self._body_started = time.monotonic()
            self._arm(self.body_idle_timeout)
        else:  # the whole request is in: the app's own time bounds apply from here
            self.waiting.discard(self)
            self._disarm()

    def _on_timer(self) -> None:
        self._timer = None
        state = self.conn.their_state
        if state is h11.SEND_BODY and self.flow is not None and self.flow.read_paused:
            self._arm(self.body_idle_timeout)  # the app is not reading: not the client's fault
            return
        if state in (h11.IDLE, h11.SEND_BODY):
            self.drop()

    def drop(self) -> None:
        """Answer 408 and close (the app, if it was reading a body, sees a disconnect)."""
        self.waiting.discard(self)
        self._disarm()
        if self.transport is not None and not self.transport.is_closing():
            if self.cycle is None or not self.cycle.response_started:
                self.transport.write(TIMEOUT_ANSWER)
            self.transport.close()

    # -------------------------------------------------------------- protocol

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.client_key = self.client[0] if self.client else "?"
        if not self.waiting.admit(self):
            transport.write(BUSY_ANSWER)
            transport.close()
            return
        self._counted = True
        self._wait_for_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self.waiting.discard(self)
        if self._counted:
            self._counted = False
            self.waiting.leave(self)
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.SEND_BODY and self._body_started and (
            time.monotonic() - self._body_started > self.body_timeout
        ):
            self.drop()
            return
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._body_started = 0.0
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._wait_for_request()
        else:
            self._follow()

    def timeout_keep_alive_handler(self) -> None:
        self.waiting.discard(self)
        super().timeout_keep_alive_handler()
