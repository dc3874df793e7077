"""HTTP caching of public pages for anonymous readers, and fingerprinted static files.

Anonymous GETs of public pages get an ETag and `Cache-Control: public, max-age=N` (so a
reverse proxy or CDN may keep them), and a conditional request answers 304. Each worker
also keeps the rendered page for N seconds, so a widely shared post is rendered once
per worker per N seconds, and a 304 costs no rendering at all. Anyone with a session
or remember cookie bypasses all of it: leads see their changes at once; anonymous
readers within N seconds (PORTAL_PUBLIC_CACHE_SECONDS, 0 switches it off).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

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


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    mimetype: str
    etag: str
    headers: tuple[tuple[str, str], ...]
    expires: float


class PageCache:
    """A small thread-safe LRU of rendered pages with an expiry."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._items.get(key)
            if page is None or page.expires < time.monotonic():
                self._items.pop(key, None)
                return None
            self._items.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
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


def _cacheable(app: Flask) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.endpoint in PUBLIC_ENDPOINTS
        and app.config["PUBLIC_CACHE_SECONDS"] > 0
        and _is_anonymous(app)
    )


def _key() -> str:
    return request.full_path


def register_public_cache(app: Flask) -> None:
    cache = PageCache()
    app.extensions["page_cache"] = cache
    seconds = app.config["PUBLIC_CACHE_SECONDS"]

    @app.before_request
    def serve_from_cache() -> BaseResponse | None:
        if not _cacheable(app):
            return None
        page = cache.get(_key())
        if page is None:
            return None
        response = Response(page.body, mimetype=page.mimetype)
        response.headers.extend(page.headers)
        response.set_etag(page.etag)
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
        return response.make_conditional(request)

    @app.after_request
    def store_in_cache(response: Response) -> BaseResponse:
        if not _cacheable(app) or response.status_code != 200 or response.direct_passthrough:
            return response
        if response.headers.get("Set-Cookie") or "ETag" in response.headers:
            return response  # already served from the cache, or personal
        body = response.get_data()
        etag = hashlib.sha256(body).hexdigest()[:32]
        response.set_etag(etag)
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
        kept = tuple(
            (k, v) for k, v in response.headers.items() if k in ("Content-Language", "Vary")
        )
        cache.put(
            _key(),
            CachedPage(
                body=body,
                mimetype=response.mimetype or "text/html",
                etag=etag,
                headers=kept,
                expires=time.monotonic() + seconds,
            ),
        )
        return response.make_conditional(request)


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
