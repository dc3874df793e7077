"""The one source of "now", so that tests can move the clock.

Times are stored as naive UTC in every database (SQLite has no time zones), and
converted to the reader's time zone only when displayed.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time as naive UTC, truncated to the second."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
