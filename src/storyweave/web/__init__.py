"""The local web app: ``storyweave serve --db STORE`` or ``storyweave serve PATH...``.

Pages for stories, briefs with clickable citations, facts and articles, each with a
JSON twin under ``/api/``; see ``docs/web.md``. It listens on 127.0.0.1 unless told
otherwise.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import UsageError


def create_app(source: Any, **kwargs: Any) -> Any:
    """The FastAPI app over a ``Source``; see ``storyweave.web.app.create_app``."""
    from .app import create_app as _create

    return _create(source, **kwargs)


def serve(args: argparse.Namespace) -> int:
    """Run the web app until interrupted; returns the exit status.

    Raises:
        UsageError: no data named, both a store and paths, a missing path or store,
            a port that cannot be bound.
        DataError: nothing usable in the paths.
    """
    try:
        from .app import create_app as _create
        from .data import FileSource, StoreSource
        from .server import address, bind, is_loopback, say, uvicorn_server, warn
    except ImportError as exc:  # fastapi, jinja2, uvicorn or python-multipart missing
        from ..errors import MissingDependencyError

        raise MissingDependencyError(exc.name or "fastapi", "web") from None

    paths = list(getattr(args, "paths", None) or [])
    db = getattr(args, "db", None)
    host = getattr(args, "host", None) or "127.0.0.1"
    port = 8000 if getattr(args, "port", None) is None else int(args.port)
    if db and paths:
        raise UsageError("give either --db STORE or paths to serve, not both")
    if not db and not paths:
        raise UsageError("give files or folders to serve, or --db STORE (see `storyweave serve --help`)")
    sock = bind(host, port)  # fail on a taken port before the slow part
    try:
        if db:
            source = StoreSource.open(db)
        else:
            source = FileSource.from_paths(paths)
            for skip in source.skipped:
                warn(f"{skip.path}: skipped: {skip.reason}")
        app = _create(source)
        catalog = app.state.catalog
        if isinstance(source, FileSource):
            story = source.stories()[0]
            say(f"briefing {story.size} article{'s' if story.size != 1 else ''}…")
            catalog.brief(story.id)
        else:
            say(f"{source.page(0, 0)[1]} stories in {db}; each is briefed when first opened")
        if not is_loopback(host):
            warn(
                f"listening on {host}, not loopback: anyone who can reach this machine "
                "can read these articles and upload files"
            )
        say(f"serving at {address(sock)} (press Ctrl-C to stop)")
        uvicorn_server(app).run(sockets=[sock])
    finally:
        sock.close()
    return 0
