"""Named rules about delegations and their teams. Rights come from memberships."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portal.accounts.rules import is_admin
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Membership
from portal.extensions import db


def current_memberships(user: Any) -> list[Membership]:
    """The user's current memberships, loaded once per request and kept on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_current_memberships", None)
    if cached is None:
        cached = list(
            db.session.scalars(
                select(Membership).where(
                    Membership.user_id == user.id, Membership.ended_on.is_(None)
                )
            )
        )
        user._current_memberships = cached
    return cached


def led_delegation_ids(user: Any) -> set[int]:
    return {m.delegation_id for m in current_memberships(user) if m.role == MembershipRole.LEAD}


def is_lead_of(user: Any, delegation_id: int) -> bool:
    return delegation_id in led_delegation_ids(user)


def can_manage_delegation(user: Any, delegation_id: int) -> bool:
    """Leads manage their own delegations; admins manage all."""
    return is_admin(user) or is_lead_of(user, delegation_id)


def reviewed_delegation_ids(user: Any) -> set[int]:
    """Delegations whose applications the user reviews (leads and marked reviewers)."""
    return {
        m.delegation_id
        for m in current_memberships(user)
        if m.role == MembershipRole.LEAD or m.is_reviewer
    }


def can_use_workspace(user: Any) -> bool:
    """Whether the lead workspace is open to the user at all (leads and reviewers)."""
    return is_admin(user) or bool(reviewed_delegation_ids(user))
