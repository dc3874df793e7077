"""The one source of "now", so that tests can move the clock.

Times are stored as naive UTC in every database (SQLite has no time zones), and
converted to the reader's time zone only when displayed.
"""

from __future__ import annotations

from datetime import UTC, datetime

_frozen: datetime | None = None


def utcnow() -> datetime:
    """The current time as naive UTC, truncated to the second."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def set_frozen_time(moment: datetime | None) -> None:
    """Stop the clock at `moment` (None restarts it). For tests and benchmarks only."""
    global _frozen
    _frozen = moment
