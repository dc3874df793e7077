"""Atom 1.0 feeds (RFC 4287) of published news."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import Response, render_template

from portal.core.clock import utcnow
from portal.news.models import NewsPost

FEED_SIZE = 30  # entries in every feed


def atom_timestamp(moment: datetime) -> str:
    """RFC 3339 date-time in UTC, as Atom requires."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_response(
    *, posts: Sequence[NewsPost], title: str, feed_url: str, page_url: str
) -> Response:
    updated = max((p.published_at for p in posts if p.published_at), default=None) or utcnow()
    body = render_template(
        "news/feed.xml",
        posts=posts,
        title=title,
        feed_url=feed_url,
        page_url=page_url,
        updated=atom_timestamp(updated),
        atom_timestamp=atom_timestamp,
    )
    return Response(body, mimetype="application/atom+xml")
