"""Named rules about second factors: who must have one, and how fresh a check must be."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select

from portal.core.clock import utcnow
from portal.delegations.rules import can_use_workspace
from portal.extensions import db
from portal.mfa.models import Passkey, TotpSecret

# A sensitive action asks for the second factor again past this age of the last check.
STEP_UP_WINDOW = timedelta(minutes=10)


def requires_second_factor(user: Any) -> bool:
    """Whoever can read applicants' data (admins, leads, reviewers) must enrol one."""
    return can_use_workspace(user)


def has_second_factor(user: Any) -> bool:
    """A confirmed authenticator app or a passkey (asked once per request)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_has_second_factor", None)
    if cached is None:
        cached = bool(
            db.session.scalar(
                select(
                    exists().where(
                        TotpSecret.user_id == user.id, TotpSecret.confirmed_at.is_not(None)
                    )
                    | exists().where(Passkey.user_id == user.id)
                )
            )
        )
        user._has_second_factor = cached
    return cached


def second_factor_at(user: Any) -> datetime | None:
    """When this browser's session last gave a second factor."""
    row = getattr(user, "session_row", None)
    return row.second_factor_at if row is not None else None


def session_verified(user: Any) -> bool:
    """This session gave a second factor since it began (or the person has none)."""
    return not has_second_factor(user) or second_factor_at(user) is not None


def needs_step_up(user: Any) -> bool:
    """A sensitive action must ask for the second factor first: the person has one and
    this session's last check is older than `STEP_UP_WINDOW`."""
    if not has_second_factor(user):
        return False
    checked = second_factor_at(user)
    return checked is None or utcnow() - checked > STEP_UP_WINDOW
