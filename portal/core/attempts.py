"""Limits on form submissions that give the form back.

Flask-Limiter's decorators answer a bare 429 page, losing what the person typed, and
count every POST, mistakes included. Here a view asks first whether an attempt is
allowed (`blocked_until`), puts the answer beside the form with what was typed, and
counts only attempts that passed validation (`count`).
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime

from flask import current_app
from flask_babel import ngettext
from limits import RateLimitItem
from limits.strategies import MovingWindowRateLimiter

from portal.extensions import limiter


def strategy() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(limiter.storage)


def key_prefix() -> str:
    """The deployment's key prefix, so that portals sharing a Redis never share counts."""
    return str(current_app.config.get("RATELIMIT_KEY_PREFIX") or "portal")


def enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def blocked_until(*limits: tuple[RateLimitItem, str]) -> datetime | None:
    """When the first exhausted limit of `limits` ((item, key) pairs) frees a slot
    (naive UTC), or None when an attempt may go ahead."""
    if not enabled():
        return None
    limiter_strategy = strategy()
    for item, key in limits:
        if not limiter_strategy.test(item, key_prefix(), key):
            reset = limiter_strategy.get_window_stats(item, key_prefix(), key).reset_time
            return datetime.fromtimestamp(max(reset, time.time()), UTC).replace(tzinfo=None)
    return None


def count(*limits: tuple[RateLimitItem, str]) -> None:
    """Count one attempt against each of `limits`."""
    if not enabled():
        return
    limiter_strategy = strategy()
    for item, key in limits:
        limiter_strategy.hit(item, key_prefix(), key)


def wait_message(until: datetime) -> str:
    """ "Too many attempts: try again in 12 minutes." (minutes, rounded up)."""
    seconds = (until - datetime.now(UTC).replace(tzinfo=None)).total_seconds()
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many attempts from here: your form is kept, try again in %(num)d minute.",
        "Too many attempts from here: your form is kept, try again in %(num)d minutes.",
        minutes,
    )
