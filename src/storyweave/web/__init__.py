"""The local web app: ``storyweave serve --db STORE`` or ``storyweave serve PATH...``.

Pages for stories, briefs with clickable citations, facts and articles, each with a
JSON twin under ``/api/``; see ``docs/web.md``. It listens on 127.0.0.1 unless told
otherwise.
"""

from __future__ import annotations

from typing import Any


def create_app(source: Any, **kwargs: Any) -> Any:
    """The FastAPI app over a ``Source``; see ``storyweave.web.app.create_app``."""
    from .app import create_app as _create

    return _create(source, **kwargs)
