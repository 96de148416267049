"""Running the app: binding the socket, warming the cache, uvicorn in the foreground or a thread."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from typing import Any

from ..errors import UsageError


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0 picks a free one).

    Raises:
        UsageError: the port is taken or the host is not an address of this machine.
    """
    if not 0 <= port <= 65535:
        raise UsageError(f"`--port` must be between 0 and 65535, got {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"{host}: unknown host ({exc.strerror}); try --host 127.0.0.1") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"{host}:{port}: cannot listen ({exc.strerror}); choose another --port"
        ) from None
    sock.set_inheritable(True)
    return sock


def address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def uvicorn_server(app: Any, **guard: Any) -> Any:
    """uvicorn over ``app``; ``guard`` overrides the time bounds and budgets of
    ``protocol.guarded_protocol`` (tests make them short)."""
    import uvicorn

    from .protocol import guarded_protocol

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        # Enough simultaneous connections for the load benchmark's 50 clients and more;
        # connections still waiting for their request are bounded apart (web/protocol.py),
        # so idle ones can never fill this.
        limit_concurrency=1000,
        timeout_keep_alive=30,
        # Header and body time bounds and the per-client budget of waiting connections.
        http=guarded_protocol(**guard),
    )
    return uvicorn.Server(config)


class BackgroundServer:
    """The app served from a thread on loopback, for tests and benchmarks.

        with BackgroundServer(app) as url: ...
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, **guard: Any):
        self.sock = bind(host, port)
        self.url = address(self.sock)
        self.server = uvicorn_server(app, **guard)
        self.thread = threading.Thread(target=self._run, name="storyweave-web", daemon=True)

    def _run(self) -> None:
        self.server.run(sockets=[self.sock])

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self.url

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
