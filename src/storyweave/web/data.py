"""Where the web app's stories come from: files, uploads or the corpus store, behind one interface.

A ``Source`` lists stories and hands out their articles; a ``Catalog`` puts the
app's source and the stories made from uploads side by side and keeps each
story's brief in a small LRU cache, so a page load never recomputes a brief.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..config import Config
from ..errors import DataError, NotFound, UsageError
from ..records import Article, Brief, Skip, Story, StoryFilter

#: Upload limits; a request over any of them gets a 413 with the limit in the message.
MAX_UPLOAD_FILES = 20
MAX_UPLOAD_FILE_BYTES = 5 * 1024 * 1024
MAX_PASTE_BYTES = 1024 * 1024
#: The whole request body: every file at its limit, the pasted text and form overhead.
MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_FILES * MAX_UPLOAD_FILE_BYTES + MAX_PASTE_BYTES + 64 * 1024
#: File kinds an upload may be; the suffix picks the reader (the request's name is never used).
UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
#: Stories made from uploads that are kept in memory; the oldest goes first.
MAX_UPLOADED_STORIES = 32
#: Briefs kept computed; each is a few hundred kB of records at most.
BRIEF_CACHE_SIZE = 64

#: What a story or article id may look like before any lookup (ids are never paths).
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
#: A line holding only this separates articles pasted into one text box.
PASTE_SEPARATOR = re.compile(r"^\s*-{3,}\s*$", re.MULTILINE)


class UploadTooLarge(DataError):
    """An upload over one of the limits (HTTP 413)."""


class Source(Protocol):
    """The few questions the web app asks of its data."""

    name: str

    def stories(self, filters: StoryFilter | None = None, **kwargs: str | None) -> list[Story]:
        """The stories ``filters`` (a ``StoryFilter``, or its fields as keywords) let through."""
        ...

    def page(self, offset: int, limit: int, **filters: str | None) -> tuple[list[Story], int]:
        """``limit`` of the stories ``stories(**filters)`` lists, from ``offset`` on, and
        how many it lists in all."""
        ...

    def story(self, story_id: str) -> Story:
        """The story; ``NotFound`` when there is none."""
        ...

    def story_articles(self, story_id: str) -> list[Article]: ...

    def article(self, article_id: str) -> Article:
        """The article; ``NotFound`` when there is none."""
        ...

    def outlets(self) -> list[str]: ...


def story_info(story_id: str, articles: Sequence[Article], origin: str) -> Story:
    """The list entry of a story made of ``articles``."""
    dates = sorted(a.published[:10] for a in articles if a.published)
    headline = next((a.title for a in articles if a.title), None)
    if not headline:
        first = articles[0].paragraphs[0] if articles and articles[0].paragraphs else ""
        headline = first[:90] + ("…" if len(first) > 90 else "") or story_id
    return Story(
        id=story_id,
        headline=headline,
        size=len(articles),
        outlets=tuple(sorted({a.outlet for a in articles if a.outlet})),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        article_ids=tuple(a.id for a in articles),
        origin=origin,
    )


def matches(info: Story, articles: Sequence[Article], flt: StoryFilter) -> bool:
    """Whether a story held in memory passes the stories-list filters."""
    if not (flt.has_outlet(info.outlets) and flt.overlaps(info.first_date, info.last_date)):
        return False
    if flt.query:
        return flt.has_words(" ".join([info.headline] + [(a.title or "") + " " + a.text for a in articles]))
    return True


class MemorySource:
    """Stories made of articles held in memory (files given to ``serve`` or uploads).

    Args:
        name: what the pages call this source.
        origin: the ``Story.origin`` of its stories.
        limit: at most this many stories are kept; adding one more forgets the oldest.
    """

    def __init__(self, name: str = "files", origin: str = "files", limit: int | None = None):
        self.name = name
        self.origin = origin
        self.limit = limit
        self._stories: OrderedDict[str, Story] = OrderedDict()
        self._members: dict[str, list[Article]] = {}
        self._articles: dict[str, Article] = {}
        self._lock = threading.Lock()
        #: Bumped on every change, so cached lists know when they are stale.
        self.generation = 0

    def add(self, articles: Sequence[Article]) -> Story:
        """Make one story of ``articles``; the same articles give the same story id."""
        if not articles:
            raise DataError("no article to make a story of")
        digest = hashlib.sha1("\n".join(sorted(a.id for a in articles)).encode()).hexdigest()
        info = story_info(digest[:16], articles, self.origin)
        with self._lock:
            if info.id in self._stories:
                self._stories.move_to_end(info.id)
                return self._stories[info.id]
            self._stories[info.id] = info
            self._members[info.id] = list(articles)
            for art in articles:
                self._articles[art.id] = art
            while self.limit is not None and len(self._stories) > self.limit:
                old, _ = self._stories.popitem(last=False)
                self._members.pop(old, None)
            keep = {a.id for members in self._members.values() for a in members}
            for article_id in [k for k in self._articles if k not in keep]:
                del self._articles[article_id]
            self.generation += 1
        return info

    def remove(self, story_id: str) -> None:
        """Forget a story (an upload whose brief failed); its articles go unless shared."""
        with self._lock:
            if self._stories.pop(story_id, None) is None:
                return
            self._members.pop(story_id, None)
            keep = {a.id for members in self._members.values() for a in members}
            for article_id in [k for k in self._articles if k not in keep]:
                del self._articles[article_id]
            self.generation += 1

    def stories(self, filters: StoryFilter | None = None, **kwargs: str | None) -> list[Story]:
        flt = StoryFilter.of(filters, **kwargs)
        with self._lock:
            items = [(info, self._members[info.id]) for info in self._stories.values()]
        return [info for info, arts in reversed(items) if matches(info, arts, flt)]

    def page(self, offset: int, limit: int, **filters: Any) -> tuple[list[Story], int]:
        found = self.stories(**filters)
        return found[offset : offset + limit], len(found)

    def story(self, story_id: str) -> Story:
        try:
            return self._stories[story_id]
        except KeyError:
            raise NotFound(f"no story {story_id!r}", story_id) from None

    def story_articles(self, story_id: str) -> list[Article]:
        return list(self._members[self.story(story_id).id])

    def article(self, article_id: str) -> Article:
        try:
            return self._articles[article_id]
        except KeyError:
            raise NotFound(f"no article {article_id!r}", article_id) from None

    def outlets(self) -> list[str]:
        with self._lock:
            return sorted({o for info in self._stories.values() for o in info.outlets})


class FileSource(MemorySource):
    """One story made of the articles in the paths given to ``storyweave serve PATH...``."""

    def __init__(self, articles: Sequence[Article], skipped: Sequence[Skip] = (), name: str = "files"):
        super().__init__(name=name, origin="files")
        self.skipped = list(skipped)
        self.add(articles)

    @classmethod
    def from_paths(cls, paths: Sequence[str | os.PathLike[str]], config: Config | None = None) -> FileSource:
        """Read and clean ``paths``.

        Raises:
            UsageError: a path does not exist.
            DataError: no article survived reading and cleaning.
        """
        from ..pipeline import read_articles

        missing = [str(p) for p in paths if not os.path.exists(p)]
        if missing:
            raise UsageError(f"{missing[0]}: no such file or folder")
        articles, skipped = read_articles(list(paths), config or Config())
        return cls(articles, skipped, name=", ".join(os.path.basename(str(p).rstrip("/")) or str(p) for p in paths))


class StoreSource:
    """The stories of a corpus store (``storyweave.corpus.Store``), opened read-only.

    One SQLite connection serves every request thread, so calls into it take turns.
    """

    def __init__(self, store: Any, name: str = "corpus"):
        self.store = store
        self.name = name
        self.generation = 0
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> StoreSource:
        """Open the store at ``path``.

        Raises:
            UsageError: there is no file at ``path``.
            StoreError: it is not a storyweave store (raised by the store).
        """
        if not os.path.isfile(path):
            raise UsageError(
                f"{path}: no such corpus store; make one with `storyweave ingest PATH... --db {path}`"
            )
        from ..corpus import Store

        return cls(Store(path, readonly=True), name=os.path.basename(str(path)))

    def stories(self, filters: StoryFilter | None = None, **kwargs: str | None) -> list[Story]:
        with self._lock:
            return self.store.stories(filters, **kwargs)

    def page(self, offset: int, limit: int, **filters: Any) -> tuple[list[Story], int]:
        with self._lock:
            found, total = self.store.story_page(offset, limit, **filters)
        return found, total

    def story(self, story_id: str) -> Story:
        with self._lock:
            return self.store.story(story_id)

    def story_articles(self, story_id: str) -> list[Article]:
        with self._lock:
            return list(self.store.story_articles(story_id))

    def article(self, article_id: str) -> Article:
        with self._lock:
            return self.store.article(article_id)

    def outlets(self) -> list[str]:
        with self._lock:
            return sorted((str(o) for o in self.store.outlets() if o), key=str.lower)

    def thread(self, thread_id: str) -> Any:
        """A thread of the store with its events (``corpus.threads.Thread``). Raises NotFound."""
        with self._lock:
            return self.store.thread(thread_id)

    def thread_heads(self, thread_ids: Sequence[str]) -> list[Any]:
        """Threads with their event ids, without the events (for the stories list)."""
        with self._lock:
            return self.store.thread_heads(thread_ids)

    def stored_brief(self, story_id: str, config: Config) -> Brief | None:
        """The brief the store keeps for the story when it is current (``corpus.briefs``)."""
        from ..corpus.briefs import stored_brief

        with self._lock:
            return stored_brief(self.store, story_id, config)


# ---------------------------------------------------------------- briefs


Briefer = Callable[[Sequence[Article]], Brief]


def default_briefer(config: Config | None = None,
                    on_notice: Callable[[str], None] | None = None) -> Briefer:
    """The real pipeline: a brief with facts (quotes, figures, timeline, ...).

    When the facts stage cannot be imported, briefs come without facts and the pages
    say so, rather than the app failing to start (``on_notice`` is told why).
    """
    from ..pipeline import brief_articles

    config = config or Config()
    try:
        from ..facts import extract  # noqa: F401
    except ImportError as exc:
        if on_notice is not None:
            on_notice(f"facts unavailable ({exc}): briefs come without facts")
        config = config.with_(facts=False)
    else:
        config = config.with_(facts=True)

    def make(articles: Sequence[Article]) -> Brief:
        return brief_articles(list(articles), config)

    return make


class BriefCache:
    """Each story's brief, computed once and kept (least recently used goes first).

    Computing is serialised by one lock: the models are not shared safely between
    threads, and two requests for a story not yet briefed must not brief it twice.
    """

    def __init__(self, briefer: Briefer, size: int = BRIEF_CACHE_SIZE):
        self.briefer = briefer
        self.size = size
        self._briefs: OrderedDict[str, Brief] = OrderedDict()
        self._lock = threading.Lock()
        self._compute = threading.Lock()
        self.computed = 0

    def get(self, key: str, articles: Callable[[], Sequence[Article]]) -> Brief:
        with self._lock:
            if key in self._briefs:
                self._briefs.move_to_end(key)
                return self._briefs[key]
        with self._compute:
            with self._lock:
                if key in self._briefs:
                    return self._briefs[key]
            result = self.briefer(articles())
            self.computed += 1
            with self._lock:
                self._briefs[key] = result
                while len(self._briefs) > self.size:
                    self._briefs.popitem(last=False)
        return result

    def __contains__(self, key: str) -> bool:
        return key in self._briefs

    def put(self, key: str, brief: Brief) -> None:
        """Keep a brief made elsewhere (read from the store)."""
        with self._lock:
            self._briefs[key] = brief
            while len(self._briefs) > self.size:
                self._briefs.popitem(last=False)


class Catalog:
    """The app's data: its source, the stories made from uploads, and the brief cache."""

    def __init__(self, source: Source, briefer: Briefer, *, uploads_limit: int = MAX_UPLOADED_STORIES,
                 stored_config: Config | None = None):
        self.source = source
        self.uploads = MemorySource(name="uploads", origin="upload", limit=uploads_limit)
        self.briefs = BriefCache(briefer)
        #: the settings of the default briefer: a brief the store keeps with these (and the
        #: story's current members) is served as it is; ``None`` (a custom briefer): never
        self.stored_config = stored_config

    @property
    def generation(self) -> tuple[int, int]:
        return (getattr(self.source, "generation", 0), self.uploads.generation)

    def _sources(self) -> Iterable[Source]:
        return (self.uploads, self.source)

    def stories(self, **filters: Any) -> list[Story]:
        return self.uploads.stories(**filters) + self.source.stories(**filters)

    def page(self, offset: int, limit: int, **filters: Any) -> tuple[list[Story], int]:
        """``limit`` stories from ``offset`` on (uploads first, then the source's), and how
        many there are in all. Only the page's stories are read from the source."""
        uploaded = self.uploads.stories(**filters)  # a few at most (MAX_UPLOADED_STORIES)
        page = uploaded[offset : offset + limit]
        rest, total = self.source.page(max(0, offset - len(uploaded)), limit - len(page), **filters)
        return page + rest, len(uploaded) + total

    def outlets(self) -> list[str]:
        return sorted(set(self.uploads.outlets()) | set(self.source.outlets()))

    def thread_heads(self, thread_ids: Sequence[str]) -> list[Any]:
        """The source's threads with these ids (none unless the source is a store)."""
        heads = getattr(self.source, "thread_heads", None)
        return heads(thread_ids) if heads is not None and thread_ids else []

    def thread(self, thread_id: str) -> Any:
        """A thread of the source's store (only a store has threads). Raises NotFound."""
        find = getattr(self.source, "thread", None)
        if find is None:
            raise NotFound(f"no thread {thread_id!r}", thread_id)
        return find(thread_id)

    def _find(self, story_id: str) -> tuple[Source, Story]:
        if not ID_PATTERN.match(story_id):
            raise NotFound(f"no story {story_id!r}", story_id)
        for source in self._sources():
            try:
                return source, source.story(story_id)
            except NotFound:
                continue
        raise NotFound(f"no story {story_id!r}", story_id)

    def story(self, story_id: str) -> Story:
        return self._find(story_id)[1]

    def story_articles(self, story_id: str) -> list[Article]:
        source, _ = self._find(story_id)
        return source.story_articles(story_id)

    def article(self, article_id: str) -> Article:
        if not ID_PATTERN.match(article_id):
            raise NotFound(f"no article {article_id!r}", article_id)
        for source in self._sources():
            try:
                return source.article(article_id)
            except NotFound:
                continue
        raise NotFound(f"no article {article_id!r}", article_id)

    def brief(self, story_id: str) -> Brief:
        """The story's brief (``NotFound`` for an unknown story); computed once, or read
        from the store when it keeps a current one (made with ``stored_config``)."""
        source, info = self._find(story_id)
        # Keyed by the story's own id: a retired id the store still answers shares it.
        key = f"{info.origin}:{info.id}"
        stored = getattr(source, "stored_brief", None)
        if self.stored_config is not None and stored is not None and key not in self.briefs:
            found = stored(info.id, self.stored_config)
            if found is not None:
                self.briefs.put(key, found)
                return found
        return self.briefs.get(key, lambda: source.story_articles(info.id))

    def add_upload(self, articles: Sequence[Article]) -> Story:
        return self.uploads.add(articles)


# ---------------------------------------------------------------- uploads


@dataclass(frozen=True)
class Upload:
    """One uploaded file, already read into memory: the name the client gave and its bytes."""

    filename: str
    content: bytes


def display_name(filename: str | None, fallback: str) -> str:
    """The client's file name reduced to a label: its last component, printable, short."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:100] or fallback


def upload_suffix(filename: str | None) -> str:
    """The reader an upload goes to, from its name's suffix (``UsageError`` for another kind)."""
    lower = (filename or "").lower()
    for suffix in UPLOAD_SUFFIXES:
        if lower.endswith(suffix):
            return ".html" if suffix == ".htm" else suffix
    shown = display_name(filename, "(no name)")
    raise UsageError(f"{shown}: cannot read this kind of file; upload .txt, .html or .jsonl files")


def check_upload_limits(uploads: Sequence[Upload], text: str | None) -> None:
    """Raise ``UploadTooLarge`` naming the limit an upload goes over."""
    if len(uploads) > MAX_UPLOAD_FILES:
        raise UploadTooLarge(
            f"{len(uploads)} files uploaded; at most {MAX_UPLOAD_FILES} files can be briefed at once"
        )
    for upload in uploads:
        if len(upload.content) > MAX_UPLOAD_FILE_BYTES:
            raise UploadTooLarge(
                f"{display_name(upload.filename, 'a file')} is {len(upload.content) / 1e6:.1f} MB; "
                f"each file may be at most {MAX_UPLOAD_FILE_BYTES // (1024 * 1024)} MB"
            )
    if text and len(text.encode("utf-8")) > MAX_PASTE_BYTES:
        raise UploadTooLarge(
            f"the pasted text is over {MAX_PASTE_BYTES // 1024} kB; upload it as a file instead"
        )


def read_uploads(
    uploads: Sequence[Upload], text: str | None, config: Config | None = None
) -> tuple[list[Article], list[Skip]]:
    """Clean uploaded files and pasted text into articles, through the usual ingest and clean.

    The bytes are written into a fresh temporary folder under generated names
    (``upload-001.txt``), so nothing the request says reaches a file system path;
    each article's ``path`` is then set to the client's file name, for display.

    Raises:
        UploadTooLarge: over a limit.
        UsageError: nothing was given, or a file is of a kind that cannot be read.
        DataError: no article survived reading and cleaning.
    """
    from ..pipeline import read_articles

    check_upload_limits(uploads, text)
    pasted = [p.strip() for p in PASTE_SEPARATOR.split(text or "") if p.strip()]
    if not uploads and not pasted:
        raise UsageError("nothing to brief: paste some article text or choose files to upload")
    with tempfile.TemporaryDirectory(prefix="storyweave-upload-") as folder:
        names: dict[str, str] = {}
        paths: list[str] = []
        for i, upload in enumerate(uploads, start=1):
            suffix = upload_suffix(upload.filename)
            path = os.path.join(folder, f"upload-{i:03d}{suffix}")
            with open(path, "wb") as fh:
                fh.write(upload.content)
            names[path] = display_name(upload.filename, f"upload-{i:03d}{suffix}")
            paths.append(path)
        for i, part in enumerate(pasted, start=1):
            path = os.path.join(folder, f"pasted-{i:03d}.txt")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(part + "\n")
            names[path] = f"pasted text {i}" if len(pasted) > 1 else "pasted text"
            paths.append(path)
        try:
            articles, skipped = read_articles(paths, config or Config())
        except DataError as exc:
            raise DataError(_rename(str(exc), names)) from None
    articles = [replace(a, path=_rename(a.path or "", names) or None) for a in articles]
    skipped = [Skip(_rename(s.path, names), s.reason) for s in skipped]
    return articles, skipped


def _rename(text: str, names: dict[str, str]) -> str:
    """Put the client's names in place of the temporary paths (in paths and messages)."""
    for path, name in sorted(names.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(path, name)
    return text
