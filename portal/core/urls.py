"""Absolute URLs built from the configured BASE_URL, never from the Host header."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def absolute_url(endpoint: str, **values: Any) -> str:
    """`url_for` made absolute with BASE_URL (for e-mails, feeds and hreflang links)."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def absolute(path: str) -> str:
    """An absolute URL for a path that starts with a slash."""
    return current_app.config["BASE_URL"] + path
