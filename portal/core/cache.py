"""The page cache of public pages, HTTP caching, and fingerprinted static files.

Public pages (home, news, roles, delegations) are the same for every reader but for a
few *personal parts*: the account menu, the flashed messages, a role's "apply" box.
Templates write those through `personal_part(name, *args)`, which marks them. Each
worker keeps a rendered public page once per (content version, path) with the personal
parts cut out, and every request fills them in for its reader, so a signed-in volunteer
gets the same cached page as an anonymous reader, with their own menu. The content
version (core/content_version.py) is raised by the transaction that publishes or edits
what public pages show, so a change is live on every worker and app server at the next
request. Pages also expire after PUBLIC_CACHE_SECONDS (0 switches the cache off), for
what changes with time alone: a post scheduled for later, a role's closing date.

Anonymous readers get an ETag (the page's content hash) and `Cache-Control: public,
no-cache`: a browser or proxy may keep the page but asks again each time, and a 304
costs one read of the version. Signed-in people's pages are never stored outside.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from portal.core import content_version

PUBLIC_ENDPOINTS = frozenset(
    {
        "pages.home",
        "delegations.detail",
        "delegations.feed",
        "news.index",
        "news.detail",
        "news.feed",
        "openings.index",
        "openings.detail",
        "pages.privacy",
    }
)
MAX_ENTRIES = 512
PUBLIC_CACHE_CONTROL = "public, no-cache"

# Renderers of the personal parts, by name: each returns the part's HTML for the
# person of the current request (features register theirs with `personal_part_renderer`).
PARTS: dict[str, Callable[..., str]] = {}
_PART = re.compile(r"<!--part:([a-z-]+)((?: [\w-]+)*)-->(.*?)<!--/part-->", re.DOTALL)


def personal_part_renderer(name: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Register the function that renders personal part `name` for the current person."""

    def register(render: Callable[..., str]) -> Callable[..., str]:
        PARTS[name] = render
        return render

    return register


def personal_part(name: str, *args: Any) -> Markup:
    """A personal part of a page (template global): rendered for this person, and
    marked on a cacheable page so that the cache keeps the page without it. Arguments
    are short words (ids, slugs, flags): they are written into the mark."""
    words = [str(arg) for arg in args]
    if any(not re.fullmatch(r"[\w-]+", word) for word in words):
        raise ValueError(f"personal part {name}: arguments must be words, got {words!r}")
    html = PARTS[name](*words)  # a rendered template: escaped by Jinja
    if not _cacheable_endpoint():
        return Markup(html)  # noqa: S704 - rendered by Jinja, escaped there
    mark = " ".join([name, *words])  # words only: checked above
    return Markup(f"<!--part:{mark}-->{html}<!--/part-->")  # noqa: S704 - as above


@dataclass(frozen=True)
class CachedPage:
    # The page as text pieces with (name, args) holes between them for the personal parts.
    pieces: tuple[str | tuple[str, tuple[str, ...]], ...]
    mimetype: str
    headers: tuple[tuple[str, str], ...]
    expires: float
    # The page as an anonymous reader gets it, and its ETag, once one has been served.
    anonymous_body: bytes | None = None
    etag: str | None = None


def _cut(html: str) -> tuple[tuple[str | tuple[str, tuple[str, ...]], ...], str]:
    """The page's pieces with holes, and the page without the marks."""
    pieces: list[str | tuple[str, tuple[str, ...]]] = []
    plain: list[str] = []
    position = 0
    for match in _PART.finditer(html):
        pieces.append(html[position : match.start()])
        pieces.append((match.group(1), tuple(match.group(2).split())))
        plain += [html[position : match.start()], match.group(3)]
        position = match.end()
    pieces.append(html[position:])
    plain.append(html[position:])
    return tuple(pieces), "".join(plain)


def _fill(page: CachedPage) -> str:
    return "".join(
        piece if isinstance(piece, str) else PARTS[piece[0]](*piece[1]) for piece in page.pieces
    )


class PageCache:
    """A small thread-safe LRU of rendered pages with an expiry."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[int, str], CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, str]) -> CachedPage | None:
        with self._lock:
            page = self._items.get(key)
            if page is None or page.expires < time.monotonic():
                self._items.pop(key, None)
                return None
            self._items.move_to_end(key)
            return page

    def put(self, key: tuple[int, str], page: CachedPage) -> None:
        with self._lock:
            self._items[key] = page
            self._items.move_to_end(key)
            while len(self._items) > MAX_ENTRIES:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _is_anonymous(app: Flask) -> bool:
    names = (
        app.config.get("SESSION_COOKIE_NAME", "session"),
        app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
    )
    return not any(name in request.cookies for name in names)


def _cacheable_endpoint() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.endpoint in PUBLIC_ENDPOINTS
        and current_app.config["PUBLIC_CACHE_SECONDS"] > 0
    )


def _etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def _key() -> tuple[int, str]:
    # The page's links start with the script root, so it is part of what was asked: a
    # request mounted elsewhere (a SCRIPT_NAME from the server) can't fill the page
    # readers of the plain path get.
    return content_version.current(), request.script_root + request.full_path


def register_public_cache(app: Flask) -> None:
    cache = PageCache()
    app.extensions["page_cache"] = cache
    seconds = app.config["PUBLIC_CACHE_SECONDS"]

    def anonymous_response(page: CachedPage, key: tuple[int, str]) -> BaseResponse:
        if page.anonymous_body is None:  # kept from a signed-in person's visit
            body = _fill(page).encode()
            page = replace(page, anonymous_body=body, etag=_etag(body))
            cache.put(key, page)
        response = Response(page.anonymous_body, mimetype=page.mimetype)
        response.headers.extend(page.headers)
        return _shared(response, page)

    @app.before_request
    def serve_from_cache() -> BaseResponse | None:
        if not _cacheable_endpoint():
            return None
        key = _key()
        page = cache.get(key)
        if page is None:
            return None
        g.from_cache = True
        if _is_anonymous(app):
            return anonymous_response(page, key)
        response = Response(_fill(page), mimetype=page.mimetype)
        response.headers.extend(page.headers)
        return response

    @app.after_request
    def store_in_cache(response: Response) -> BaseResponse:
        if not _cacheable_endpoint() or response.direct_passthrough or g.get("from_cache"):
            return response
        if response.status_code != 200:
            return _without_marks(response)
        pieces, plain = _cut(response.get_data(as_text=True))
        response.set_data(plain)
        kept = tuple(
            (k, v) for k, v in response.headers.items() if k in ("Content-Language", "Vary")
        )
        page = CachedPage(
            pieces, response.mimetype or "text/html", kept, time.monotonic() + seconds
        )
        # The whole page is kept only when nothing in it can be anyone's: no cookie came
        # in and none goes out (a flashed message lives in the session).
        anonymous = (
            _is_anonymous(app) and not current_user.is_authenticated and not session.modified
        )
        if anonymous:
            body = response.get_data()
            page = replace(page, anonymous_body=body, etag=_etag(body))
        cache.put(_key(), page)
        return _shared(response, page) if anonymous else response


def _shared(response: Response, page: CachedPage) -> BaseResponse:
    """An anonymous reader's copy: its ETag, may be kept outside if revalidated, 304
    when the reader has it already."""
    response.set_etag(str(page.etag))
    response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
    return response.make_conditional(request)


def _without_marks(response: Response) -> Response:
    if response.mimetype == "text/html" and not response.direct_passthrough:
        response.set_data(_cut(response.get_data(as_text=True))[1])
    return response


# Long-lived whoever asks: content-addressed files.
SHARED_ENDPOINTS = frozenset({"static", "media.image"})


def register_private_pages(app: Flask) -> None:
    """Pages served to a signed-in person are never stored, by the browser or by anything
    between: the back button after signing out on a shared computer shows nothing."""

    @app.after_request
    def keep_personal_pages_private(response: Response) -> Response:
        if request.endpoint in SHARED_ENDPOINTS or "Cache-Control" in response.headers:
            return response
        if not _is_anonymous(app) or current_user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
            response.vary.add("Cookie")
        return response


@lru_cache(maxsize=256)
def _fingerprint(folder: str, filename: str) -> str | None:
    path = Path(folder) / filename
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return None


def register_static_fingerprints(app: Flask) -> None:
    """url_for('static', ...) gets ?v=<content hash>; such URLs are cached for a year."""
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 365 * 24 * 3600

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = _fingerprint(str(app.static_folder), values["filename"])
            if version:
                values["v"] = version
