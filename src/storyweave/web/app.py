"""The web app: HTML pages and their JSON twins under ``/api/``, built with FastAPI and Jinja2.

Pages: ``/`` (stories), ``/stories/{id}`` (brief, sources, quotes, figures, timeline,
entities, framing, coverage), ``/articles/{id}`` (clean text beside the dropped
boilerplate), ``/new`` (brief pasted text or uploaded files). Each has a twin under
``/api/`` and the OpenAPI description is ``/api/openapi.json``. Every error an API
route gives is ``{"error": message, "status": code}``; a page gives the same message
as HTML. Rendered answers are cached, so a page load costs a dictionary lookup.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Config
from ..errors import DataError, NotFound, StoryweaveError, UsageError
from ..records import Story, StoryFilter
from . import data as d
from . import views, work
from .focus import MAX_QUERY, FocusCache, focus_of
from .safety import SURROGATE, bad_date, first_surrogate, neutral_html, neutral_json

HERE = Path(__file__).resolve().parent
#: Static assets are read once at start-up and served from memory: no request path
#: is ever joined to a folder.
STATIC: dict[str, tuple[bytes, str]] = {
    name: ((HERE / "static" / name).read_bytes(), kind)
    for name, kind in (
        ("app.css", "text/css; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("icon.svg", "image/svg+xml"),
    )
}
#: Sent with every answer: no inline script or outside resource can run even if
#: some text escaped escaping.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
#: Rendered answers kept (pages and JSON): enough for every story page of a large
#: store to stay warm under the load benchmark.
RESPONSE_CACHE_SIZE = 512
QueryText = Annotated[str | None, Query(max_length=200)]
#: Checked by ``safety.bad_date`` (a 400 naming the parameter), not by a pattern:
#: ``2016-13-45`` has the shape of a date and is none.
QueryDate = Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD")]
#: Stories listed on one page of the list (and its JSON twin); ``per_page`` may ask for
#: up to MAX_PER_PAGE. A store of 100k articles holds some 20k stories: the whole list
#: is neither readable nor cheap to send on every request.
PER_PAGE = 100
MAX_PER_PAGE = 1000
QueryPage = Annotated[int, Query(ge=1, le=10**7, description="page of the list, from 1")]
QueryPerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="stories per page")]


class ListQuery(NamedTuple):
    """The stories list's query parameters (the page and its JSON twin take the same)."""

    q: str | None
    outlet: str | None
    since: str | None
    until: str | None
    page: int
    per_page: int


def list_query(
    q: QueryText = None,
    outlet: QueryText = None,
    since: QueryDate = None,
    until: QueryDate = None,
    page: QueryPage = 1,
    per_page: QueryPerPage = PER_PAGE,
) -> ListQuery:
    """The stories list's query parameters, validated (a FastAPI dependency).

    Raises:
        HTTPException: 400 naming ``since`` or ``until`` when it is no day
            (``safety.bad_date``: ``2016-13-45`` has the shape of a date and is none).
    """
    for name, value in (("since", since), ("until", until)):
        problem = bad_date(name, value)
        if problem:
            raise StarletteHTTPException(400, problem)
    return ListQuery(q, outlet, since, until, page, per_page)


STATUS_TEXT = {
    400: "Bad request",
    408: "Too slow",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    422: "Cannot use this input",
    500: "Internal error",
    503: "Busy",
}


def _focus_query(query: str | None, since: str | None) -> str:
    """``?query=...&since=...`` for a focused brief's links, "" for the generic one."""
    from urllib.parse import urlencode

    params = {k: v for k, v in (("query", query), ("since", since)) if v}
    return "?" + urlencode(params) if params else ""


def error_body(message: str, status: int) -> dict[str, Any]:
    """The one error shape every API route answers with."""
    return {"error": message, "status": status}


class ResponseCache:
    """Rendered bodies by key, least recently used dropped first."""

    def __init__(self, size: int = RESPONSE_CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[Any, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: Any, body: bytes) -> bytes:
        with self._lock:
            self._items[key] = body
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return body


class Guard:
    """ASGI middleware: security headers on every answer, and a cap on upload bodies.

    The cap is checked against ``Content-Length`` before anything is read and again
    while the body streams in, so an oversized upload is refused without being stored.
    """

    def __init__(self, app: Any, max_body: int | None = None):
        self.app = app
        self._max_body = max_body

    @property
    def max_body(self) -> int:
        return self._max_body if self._max_body is not None else d.MAX_UPLOAD_BODY_BYTES

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        head = scope["method"] == "HEAD"
        if head:  # answered as GET without the body (the routes are declared for GET)
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers") or []) + SECURITY_HEADERS
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        if scope["method"] == "POST":
            length = dict(scope.get("headers") or []).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body:
                await self._too_large(scope, send_with_headers)
                return
            seen = 0
            inner = receive

            async def receive(  # noqa: F811 - the counted stream replaces the raw one
            ) -> dict[str, Any]:
                nonlocal seen
                message = await inner()
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise d.UploadTooLarge(_body_limit_message(self.max_body))
                return message

        await self.app(scope, receive, send_with_headers)

    async def _too_large(self, scope: dict[str, Any], send: Any) -> None:
        message = _body_limit_message(self.max_body)
        if scope["path"].startswith("/api/"):
            body = json.dumps(error_body(message, 413)).encode()
            kind = b"application/json"
        else:
            body = (
                "<!doctype html><meta charset=utf-8><title>Too large</title>"
                f"<p>{message}</p><p><a href=\"/new\">Back</a></p>"
            ).encode()
            kind = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


SURROGATE_MESSAGE = (
    "{where}: its {part} holds a lone surrogate (an invalid character, such as the JSON "
    "escape \\ud800 alone); fix or remove it and upload again"
)


class BadForm(UsageError):
    """A POST body that is not a readable form (HTTP 400)."""


def _body_limit_message(limit: int) -> str:
    return (
        f"the upload is over {limit // (1024 * 1024)} MB in all; send at most "
        f"{d.MAX_UPLOAD_FILES} files of at most {d.MAX_UPLOAD_FILE_BYTES // (1024 * 1024)} MB each"
    )


def create_app(
    source: d.Source,
    *,
    briefer: d.Briefer | None = None,
    config: Config | None = None,
    brief_timeout: float | None = None,
    read_timeout: Callable[[int], float] = work.read_timeout,
    on_notice: Callable[[str], None] | None = None,
) -> FastAPI:
    """The web app over ``source``.

    Args:
        source: where the stories come from (``FileSource``, ``StoreSource``...).
        briefer: makes a story's brief from its articles (default: the real
            pipeline with facts); tests give a fast one.
        config: settings for reading uploads and, by default, for the briefs.
        brief_timeout: the time bound of one brief, in seconds. The default briefer
            always runs in a bounded child process (``work.BRIEF_TIMEOUT_S`` unless
            given); a given briefer runs in a worker thread unless this is given.
        read_timeout: the time bound of reading and cleaning an upload, from its size
            in bytes (``work.read_timeout``); the reading always runs in a child process.
        on_notice: told when the default briefs must come without facts (the CLI warns).
    """
    config = config or Config()
    # Briefs stored by `ingest` come from the same default pipeline, so they are read
    # directly only when the web uses that default briefer (bounded below).
    stored_config = config if briefer is None else None
    if briefer is None:
        # The real pipeline runs in a child process with a time bound (web/work.py);
        # the models are loaded in this process before the first brief, so every
        # child inherits them.
        briefer = work.BoundedBriefer(
            d.default_briefer(config, on_notice=on_notice),
            brief_timeout or work.BRIEF_TIMEOUT_S,
            warm=work.warm_models,
        )
    elif brief_timeout is not None:
        briefer = work.BoundedBriefer(briefer, brief_timeout)
    catalog = d.Catalog(source, briefer, stored_config=stored_config)
    # Focused briefs run the real pipeline whatever the briefer: always in a bounded child.
    focused = FocusCache(config, timeout=brief_timeout or work.BRIEF_TIMEOUT_S)
    # Text work waits its turn on the event loop, never in a worker thread (work.Gate).
    upload_gate = work.Gate(
        work.MAX_READERS, work.BUSY_WAIT_S, "the server is busy reading other uploads; try again in a minute"
    )
    brief_gate = work.Gate(
        work.MAX_BRIEF_WAITERS, work.BRIEF_QUEUE_WAIT_S,
        "the server is busy briefing other stories; try again in a few minutes",
    )
    cache = ResponseCache()
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, source_name=getattr(source, "name", "stories"))

    app = FastAPI(
        title="storyweave",
        version=__version__,
        description=(
            "Stories, cited briefs, articles and their facts as JSON. Every HTML page of "
            "the app has a twin here; every error is `{\"error\": message, \"status\": code}`."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.catalog = catalog
    app.state.cache = cache
    app.add_middleware(Guard)

    def html(template: str, **context: Any) -> bytes:
        return neutral_html(env.get_template(template).render(**context))

    async def body_for(key: Any, make: Callable[[], bytes]) -> bytes:
        """The cached body at once, or ``make()`` run in a worker thread (it may brief a story)."""
        body = cache.get(key)
        if body is None:
            body = await run_in_threadpool(lambda: cache.get(key) or cache.put(key, make()))
        return body

    async def ensure_brief(
        page_key: Any, story_id: str, query: str | None = None, since: str | None = None
    ) -> None:
        """Compute the story's brief (or its focused brief), if its page is not cached,
        once it is this request's turn; an unknown story is left to the page's own 404."""
        if cache.get(page_key) is not None:
            return

        def brief() -> None:
            try:
                if query or since:
                    focused.get(catalog, story_id, query, since)
                else:
                    catalog.brief(story_id)
            except NotFound:
                pass

        async with brief_gate.turn():
            await run_in_threadpool(brief)

    def as_json(value: Any) -> bytes:
        return neutral_json(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def json_response(value: Any, status: int = 200) -> Response:
        return Response(as_json(value), status_code=status, media_type="application/json")

    # ------------------------------------------------------------ errors

    def error_response(request: Request, message: str, status: int) -> Response:
        if request.url.path.startswith("/api/"):
            return json_response(error_body(message, status), status)
        body = html(
            "error.html",
            title=STATUS_TEXT.get(status, "Error"),
            message=message,
            status=status,
        )
        return HTMLResponse(body, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else STATUS_TEXT.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"{request.url.path}: no such page"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, message, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ())[1:]) or "request"
            reason = err.get("msg", "invalid")
            if err.get("type") == "string_pattern_mismatch" and where in ("since", "until"):
                reason = "must be a date YYYY-MM-DD"
            problems.append(f"{where}: {reason}")
        return error_response(request, "; ".join(problems) or "invalid request", 422)

    @app.exception_handler(work.ServerBusy)
    async def busy(request: Request, exc: work.ServerBusy) -> Response:
        return error_response(request, str(exc), 503)

    @app.exception_handler(BadForm)
    async def bad_form(request: Request, exc: BadForm) -> Response:
        return error_response(request, str(exc), 400)

    @app.exception_handler(d.UploadTooLarge)
    async def too_large(request: Request, exc: d.UploadTooLarge) -> Response:
        return error_response(request, str(exc), 413)

    @app.exception_handler(StoryweaveError)
    async def bad_input(request: Request, exc: StoryweaveError) -> Response:
        return error_response(request, " ".join(str(exc).split()), 422)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:  # pragma: no cover - a bug
        return error_response(request, f"internal error ({type(exc).__name__}); see the server log", 500)

    def not_found(kind: str, ident: str) -> StarletteHTTPException:
        shown = ident if d.ID_PATTERN.match(ident) else "that id"
        return StarletteHTTPException(404, f"no {kind} with id {shown}")

    # ------------------------------------------------------------ data

    def story_json(story_id: str, query: str | None = None, since: str | None = None) -> bytes:
        try:
            info = catalog.story(story_id)
            brief = (focused.get(catalog, story_id, query, since) if query or since
                     else catalog.brief(story_id))
        except NotFound:
            raise not_found("story", story_id) from None
        return as_json(
            {"story": info.to_dict(), "brief": brief.to_dict(), "page": f"/stories/{story_id}"}
        )

    def stories_data(q: str | None, outlet: str | None, since: str | None, until: str | None,
                     page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
        flt = StoryFilter.of(query=q, outlet=outlet, since=since, until=until)
        found, total = catalog.page((page - 1) * per_page, per_page, filters=flt)
        return {
            "filters": {"q": flt.query, "outlet": flt.outlet, "since": flt.since, "until": flt.until},
            "count": total,
            "page": page,
            "per_page": per_page,
            "pages": max(1, -(-total // per_page)),
            "first": (page - 1) * per_page + 1 if found else 0,
            "stories": [s.to_dict() for s in found],
            "threads": page_threads(found),
            "outlets": catalog.outlets(),
        }

    def page_threads(found: Sequence[Any]) -> dict[str, dict[str, Any]]:
        """The threads of a page's stories (id -> headline, events), for the list to show
        each story under its thread."""
        ids = list(dict.fromkeys(s.thread_id for s in found if getattr(s, "thread_id", None)))
        return {t.id: {"id": t.id, "headline": t.headline, "size": t.size,
                       "event_ids": list(t.event_ids), "page": f"/threads/{t.id}"}
                for t in catalog.thread_heads(ids)}

    # ------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def stories_page(request: Request, ask: Annotated[ListQuery, Depends(list_query)]) -> Response:
        key = ("page:stories", *ask, catalog.generation)

        def make() -> bytes:
            found = stories_data(*ask)
            links = {}
            for rel, n in (("prev", ask.page - 1), ("next", ask.page + 1)):
                if 1 <= n <= found["pages"]:
                    url = request.url.include_query_params(page=n)  # the same filters
                    links[rel] = f"{url.path}?{url.query}"
            return html("stories.html", twin=_twin("/api/stories", request), links=links, **found)

        return HTMLResponse(await body_for(key, make))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    async def story_page(
        story_id: str,
        query: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
        since: QueryDate = None,
    ) -> Response:
        query, since = (query or "").strip() or None, since or None

        def make() -> bytes:
            try:
                info = catalog.story(story_id)
                brief = (focused.get(catalog, story_id, query, since) if query or since
                         else catalog.brief(story_id))
            except NotFound:
                raise not_found("story", story_id) from None
            view = views.story_view(info.to_dict(), brief.to_dict())
            thread = page_threads([info]).get(info.thread_id or "")
            twin = f"/api/stories/{story_id}" + _focus_query(query, since)
            return html("story.html", twin=twin, focus=focus_of(query, since), thread=thread, **view)

        page_key = ("page:story", story_id, query, since)
        await ensure_brief(page_key, story_id, query, since)
        return HTMLResponse(await body_for(page_key, make))

    @app.get("/threads/{thread_id}", response_class=HTMLResponse, include_in_schema=False)
    async def thread_page(thread_id: str) -> Response:
        def make() -> bytes:
            try:
                t = catalog.thread(thread_id)
            except NotFound:
                raise not_found("thread", thread_id) from None
            return html("thread.html", twin=f"/api/threads/{thread_id}", thread=t.to_dict())

        return HTMLResponse(await body_for(("page:thread", thread_id, catalog.generation), make))

    @app.get("/api/threads/{thread_id}", summary="A thread and its events (twin of /threads/{id})")
    async def api_thread(thread_id: str) -> Response:
        def make() -> bytes:
            try:
                return as_json(catalog.thread(thread_id).to_dict())
            except NotFound:
                raise not_found("thread", thread_id) from None

        return Response(await body_for(("api:thread", thread_id, catalog.generation), make),
                        media_type="application/json")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    async def article_page(
        article_id: str,
        start: Annotated[int | None, Query(ge=0)] = None,
        end: Annotated[int | None, Query(ge=0)] = None,
        story: Annotated[str | None, Query(max_length=80)] = None,
    ) -> Response:
        def make() -> bytes:
            try:
                art = catalog.article(article_id)
            except NotFound:
                raise not_found("article", article_id) from None
            back = None
            if story:
                try:
                    back = catalog.story(story).to_dict()
                except NotFound:
                    back = None
            return html(
                "article.html",
                twin=f"/api/articles/{article_id}",
                article=art.to_dict(),
                url=views.safe_url(art.url),
                paragraphs=views.paragraphs(art.text, start, end),
                highlighted=start is not None and end is not None and 0 <= start < end <= len(art.text),
                dropped=list(art.dropped),
                words=art.n_words,
                back=back,
            )

        return HTMLResponse(await body_for(("page:article", article_id, start, end, story), make))

    @app.get("/new", response_class=HTMLResponse, include_in_schema=False)
    async def new_page() -> Response:
        return HTMLResponse(html("new.html", twin="/api/briefs", limits=_limits(), error=None, text=""))

    @app.post("/new", include_in_schema=False)
    async def new_submit(request: Request) -> Response:
        text = ""
        try:
            uploads, text = await _read_form(request)
            began = time.monotonic()
            async with upload_gate.turn():
                info = await run_in_threadpool(_brief_uploads, uploads, text, began)
        except StoryweaveError as exc:
            status = (
                413 if isinstance(exc, d.UploadTooLarge)
                else 400 if isinstance(exc, BadForm)
                else 503 if isinstance(exc, work.ServerBusy)
                else 422
            )
            body = html("new.html", twin="/api/briefs", limits=_limits(), error=str(exc), text=text)
            return HTMLResponse(body, status_code=status)
        return RedirectResponse(f"/stories/{info.id}", status_code=303)

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return await static("icon.svg")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC:
            raise StarletteHTTPException(404, "no such static file")
        body, kind = STATIC[name]
        return Response(body, media_type=kind, headers={"cache-control": "public, max-age=3600"})

    # ------------------------------------------------------------ API

    @app.get("/api/", summary="What the API offers")
    async def api_index() -> Response:
        return json_response({
            "name": "storyweave",
            "version": __version__,
            "source": getattr(source, "name", None),
            "openapi": "/api/openapi.json",
            "endpoints": {
                "stories": "/api/stories?q=&outlet=&since=YYYY-MM-DD&until=YYYY-MM-DD",
                "story": "/api/stories/{id}",
                "article": "/api/articles/{id}",
                "briefs": "/api/briefs (GET: limits; POST multipart: files and/or text)",
            },
            "error_shape": error_body("what went wrong", 404),
        })

    @app.get("/api/stories", summary="Stories, filtered (twin of /)")
    async def api_stories(ask: Annotated[ListQuery, Depends(list_query)]) -> Response:
        key = ("api:stories", *ask, catalog.generation)
        body = await body_for(key, lambda: as_json(stories_data(*ask)))
        return Response(body, media_type="application/json")

    @app.get(
        "/api/stories/{story_id}",
        summary="A story and its brief (schema storyweave.brief/1, with facts) (twin of /stories/{id})",
        responses={404: {"description": "no such story"}},
    )
    async def api_story(
        story_id: str,
        query: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
        since: QueryDate = None,
    ) -> Response:
        query, since = (query or "").strip() or None, since or None
        page_key = ("api:story", story_id, query, since)
        await ensure_brief(page_key, story_id, query, since)
        body = await body_for(page_key, lambda: story_json(story_id, query, since))
        return Response(body, media_type="application/json")

    @app.get(
        "/api/articles/{article_id}",
        summary="A clean article with its dropped boilerplate (twin of /articles/{id})",
        responses={404: {"description": "no such article"}},
    )
    async def api_article(article_id: str) -> Response:
        def make() -> bytes:
            try:
                art = catalog.article(article_id)
            except NotFound:
                raise not_found("article", article_id) from None
            return as_json({**art.to_dict(), "paragraphs": list(art.paragraphs), "page": f"/articles/{article_id}"})

        body = await body_for(("api:article", article_id), make)
        return Response(body, media_type="application/json")

    @app.get("/api/briefs", summary="Upload limits and the stories made from uploads (twin of /new)")
    async def api_briefs_info() -> Response:
        return json_response({"limits": _limits(), "stories": [s.to_dict() for s in catalog.uploads.stories()]})

    @app.post(
        "/api/briefs",
        status_code=201,
        summary="Brief new articles: multipart form with `files` (.txt, .html, .jsonl) and/or `text`",
        responses={413: {"description": "over an upload limit"}, 422: {"description": "nothing usable"}},
    )
    async def api_briefs(request: Request) -> Response:
        uploads, text = await _read_form(request)
        began = time.monotonic()
        async with upload_gate.turn():
            info = await run_in_threadpool(_brief_uploads, uploads, text, began)
        body = await body_for(("api:story", info.id), lambda: story_json(info.id))
        return Response(body, status_code=201, media_type="application/json",
                        headers={"location": f"/stories/{info.id}"})

    # ------------------------------------------------------------ uploads

    async def _read_form(request: Request) -> tuple[list[d.Upload], str]:
        kind = request.headers.get("content-type", "")
        if not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            raise UsageError("send a multipart form with `files` and/or `text`")
        try:
            form = await request.form(
                max_files=d.MAX_UPLOAD_FILES + 1, max_fields=10, max_part_size=d.MAX_PASTE_BYTES + 4096
            )
        except StarletteHTTPException as exc:
            detail = str(exc.detail)
            if "too many files" in detail.lower():
                raise d.UploadTooLarge(
                    f"more than {d.MAX_UPLOAD_FILES} files uploaded; at most "
                    f"{d.MAX_UPLOAD_FILES} files can be briefed at once"
                ) from None
            if "maximum size" in detail.lower():  # Starlette: "Part exceeded maximum size of 1028KB."
                raise d.UploadTooLarge(f"{detail}; the pasted text may be at most "
                                       f"{d.MAX_PASTE_BYTES // 1024} kB") from None
            # A body that is not a readable form: no boundary, a broken part, too many fields.
            raise BadForm(
                f"the form cannot be read ({detail.rstrip('.')}); send multipart/form-data "
                "with a boundary, as a browser's file form or `curl -F files=@article.txt` does"
            ) from None
        try:
            uploads = []
            files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            if len(files) > d.MAX_UPLOAD_FILES:
                raise d.UploadTooLarge(
                    f"{len(files)} files uploaded; at most {d.MAX_UPLOAD_FILES} files can be briefed at once"
                )
            for f in files:
                if not f.filename and not f.size:
                    continue  # the browser sends an empty part when no file was chosen
                content = await f.read(d.MAX_UPLOAD_FILE_BYTES + 1)
                uploads.append(d.Upload(f.filename or "", content))
            raw_text = form.get("text")
            text = raw_text if isinstance(raw_text, str) else ""
        finally:
            await form.close()
        d.check_upload_limits(uploads, text)
        return uploads, text

    def _brief_uploads(uploads: list[d.Upload], text: str, began: float) -> Story:
        """Read, clean and brief an upload; nothing of it is kept unless all of that worked.

        Reading and cleaning run in a child process with a time bound (one line that
        sends a pattern quadratic must not stall the server); the brief, too, with the
        default briefer. A story whose brief fails is taken out of the list again.
        The read's bound runs from ``began`` (the form read): the time spent waiting
        for a thread and forking counts, so the answer comes within the bound.
        """
        size = sum(len(u.content) for u in uploads) + len(text.encode("utf-8", "replace"))
        work.warm_readers()
        bound = read_timeout(size)
        articles = work.run_bounded(
            read_checked, (uploads, text, config), max(0.1, bound - (time.monotonic() - began)),
            "reading and cleaning the upload", shown_timeout=bound,
        )
        known = {s.id for s in catalog.uploads.stories()}
        info = catalog.add_upload(articles)
        try:
            catalog.brief(info.id)  # computed now, so the story page opens at once
        except BaseException:
            if info.id not in known:
                catalog.uploads.remove(info.id)
            raise
        return info

    return app


def read_checked(uploads: list[d.Upload], text: str, config: Config) -> list[Any]:
    """``data.read_uploads``, run in the child: any failure becomes a one-line
    ``DataError`` naming the file there, where the exception is still whole (an
    exception comes back from the child as a copy, and a ``UnicodeEncodeError`` copy can
    lose what it says), and an article holding a lone surrogate refuses the upload."""
    try:
        articles, _ = d.read_uploads(uploads, text, config)
    except StoryweaveError:
        raise
    except Exception as exc:  # a reader's bug must refuse this upload, not answer 500
        if len(uploads) == 1 and not text.strip():
            where = d.display_name(uploads[0].filename, "the uploaded file")
        else:
            where = "one of the uploaded files or the pasted text"
        if isinstance(exc, UnicodeEncodeError) and SURROGATE.search(str(exc.object)[exc.start : exc.end]):
            raise DataError(SURROGATE_MESSAGE.format(where=where, part="text")) from None
        raise DataError(
            f"{where} cannot be read ({type(exc).__name__}); check that each file is "
            f"text, HTML or JSON lines ({', '.join(d.UPLOAD_SUFFIXES)})"
        ) from None
    bad = first_surrogate(articles)
    if bad is not None:
        art, part = bad
        raise DataError(SURROGATE_MESSAGE.format(where=art.path or "the upload", part=part))
    return articles


def _twin(path: str, request: Request) -> str:
    query = request.url.query
    return f"{path}?{query}" if query else path


def _limits() -> dict[str, Any]:
    return {
        "max_files": d.MAX_UPLOAD_FILES,
        "max_file_bytes": d.MAX_UPLOAD_FILE_BYTES,
        "max_paste_bytes": d.MAX_PASTE_BYTES,
        "max_body_bytes": d.MAX_UPLOAD_BODY_BYTES,
        "accepts": list(d.UPLOAD_SUFFIXES),
        "paste_separator": "a line of three dashes (---) between pasted articles",
    }


__all__ = ["DataError", "create_app", "error_body"]
