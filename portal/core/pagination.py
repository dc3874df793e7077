"""Reading the page number of a list from the query string."""

from __future__ import annotations

from flask import abort, request

from portal.core.db import Page

MAX_PAGE = 100_000


def requested_page() -> int:
    """?page=N as a positive integer; anything else is page 1."""
    number = request.args.get("page", 1, type=int) or 1
    return min(max(number, 1), MAX_PAGE)


def require_items(page: Page) -> Page:
    """A page past the end of a list is a 404, not an empty page."""
    if page.is_empty and page.number > 1:
        abort(404)
    return page
