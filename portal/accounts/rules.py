"""Named rules about accounts."""

from __future__ import annotations

from typing import Any


def is_admin(user: Any) -> bool:
    """A signed-in site admin."""
    return bool(getattr(user, "is_authenticated", False) and user.is_admin)


def can_apply(user: Any) -> bool:
    """Signed in with a confirmed address (applications rely on this)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_confirmed)
