"""The one source of "now", so that tests can move the clock.

Times are stored as naive UTC in every database (SQLite has no time zones), and
converted to the reader's time zone only when displayed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

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


def local_to_utc(moment: datetime, zone: str) -> datetime:
    """A naive wall-clock time in `zone` as naive UTC (how times are stored)."""
    return moment.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC).replace(tzinfo=None)


def utc_to_local(moment: datetime, zone: str) -> datetime:
    """A stored naive-UTC time as naive wall-clock time in `zone` (for form fields)."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
