"""Absolute URLs built from the configured BASE_URL, never from the Host header."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def absolute_url(endpoint: str, **values: Any) -> str:
    """`url_for` made absolute with BASE_URL (for e-mails, feeds and hreflang links).

    Works outside a request too (CLI commands): the URL map is then bound to BASE_URL,
    and every URL argument, the language included, must be given.
    """
    base = current_app.config["BASE_URL"]
    if has_request_context():
        return base + url_for(endpoint, **values)
    adapter = current_app.url_map.bind(urlsplit(base).netloc or "localhost")
    return base + adapter.build(endpoint, values)


def carried_query() -> dict[str, list[str]]:
    """The current query arguments that a link to another version of this page (another
    language, another page of a list) may carry: never url_for's reserved arguments
    (_anchor, _method, _scheme, _external), nor one named like a part of the path."""
    path_values = set(request.view_args or {}) | {"lang_code"}
    return {
        name: values
        for name, values in request.args.to_dict(flat=False).items()
        if not name.startswith("_") and name not in path_values
    }


def absolute(path: str) -> str:
    """An absolute URL for a path that starts with a slash."""
    return current_app.config["BASE_URL"] + path


_SLOT = 987_654_321  # an id in range that appears nowhere else in a URL


def link_pattern(endpoint: str, slot: str, **values: Any) -> str:
    """A list's links to `endpoint` built with one `url_for`: the URL with "{}" where
    the id `slot` goes, for `pattern.format(row.id)` in each row (a `url_for` per row
    costs about 10 µs, and a list shows dozens)."""
    values[slot] = _SLOT
    url = url_for(endpoint, **values)
    marker = str(_SLOT)
    if url.count(marker) != 1:
        raise ValueError(f"{endpoint}: {slot} must appear once in the URL")
    return url.replace("{", "%7B").replace("}", "%7D").replace(marker, "{}")
