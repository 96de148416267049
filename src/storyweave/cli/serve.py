"""``storyweave serve``: the local web app, in the foreground until interrupted."""

from __future__ import annotations

import argparse

from ..errors import UsageError
from . import output


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the web app until interrupted; returns the exit status.

    Raises:
        UsageError: no data named, both a store and paths, a missing path or store,
            a port that cannot be bound.
        DataError: nothing usable in the paths.
    """
    try:
        from ..web.app import create_app
        from ..web.data import FileSource, StoreSource
        from ..web.server import address, bind, is_loopback, uvicorn_server
    except ImportError as exc:  # fastapi, jinja2, uvicorn or python-multipart missing
        from ..errors import MissingDependencyError

        raise MissingDependencyError(exc.name or "fastapi", "web") from None

    paths = list(args.paths or [])
    db = args.db
    host = args.host or "127.0.0.1"
    port = 8000 if args.port is None else int(args.port)
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
                output.skipped(skip)
        app = create_app(source, on_notice=output.warn)
        catalog = app.state.catalog
        if isinstance(source, FileSource):
            story = source.stories()[0]
            output.say(f"briefing {story.size} article{'s' if story.size != 1 else ''}…")
            catalog.brief(story.id)
        else:
            output.say(f"{source.page(0, 0)[1]} stories in {db}; each is briefed when first opened")
        if not is_loopback(host):
            output.warn(
                f"listening on {host}, not loopback: anyone who can reach this machine "
                "can read these articles and upload files"
            )
        output.say(f"serving at {address(sock)} (press Ctrl-C to stop)")
        uvicorn_server(app).run(sockets=[sock])
    finally:
        sock.close()
    return 0
