"""Named rules about delegations and their teams. Rights come from current memberships."""

from __future__ import annotations

from typing import Any

from portal.accounts.rules import is_admin
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Membership
from portal.delegations.queries import memberships_of


def current_memberships(user: Any) -> list[Membership]:
    """The user's current memberships, loaded once per request and kept on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_current_memberships", None)
    if cached is None:
        cached = memberships_of(user.id)
        user._current_memberships = cached
    return cached


def led_delegation_ids(user: Any) -> set[int]:
    """Delegations the user leads."""
    return {m.delegation_id for m in current_memberships(user) if m.role == MembershipRole.LEAD}


def is_lead_of(user: Any, delegation_id: int) -> bool:
    """Whether the user currently leads this delegation."""
    return delegation_id in led_delegation_ids(user)


def can_manage_delegation(user: Any, delegation_id: int) -> bool:
    """Leads manage their own delegations; admins manage all."""
    return is_admin(user) or is_lead_of(user, delegation_id)


def reviewed_delegation_ids(user: Any) -> set[int]:
    """Delegations whose applications the user reviews (Membership.reviews)."""
    return {m.delegation_id for m in current_memberships(user) if m.reviews}


def can_review_in(user: Any, delegation_id: int) -> bool:
    """Reviewers of the delegation (leads and marked members), and admins."""
    return is_admin(user) or delegation_id in reviewed_delegation_ids(user)


def can_use_workspace(user: Any) -> bool:
    """Whether the lead workspace is open to the user at all (leads and reviewers)."""
    return is_admin(user) or bool(reviewed_delegation_ids(user))
