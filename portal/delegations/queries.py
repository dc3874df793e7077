"""Delegation and team queries: the public pages, the workspace, and who holds which role.

Every other feature asks here for a delegation's current members, leads and reviewers,
so that "current" and "reviewer" mean the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import User
from portal.core.permissions import require
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Delegation, Membership
from portal.extensions import db


def active_delegations() -> Sequence[Delegation]:
    """Active delegations in display order, with their texts (2 queries)."""
    return db.session.scalars(
        select(Delegation)
        .where(Delegation.is_active.is_(True))
        .order_by(Delegation.sort_order, Delegation.id)
        .options(selectinload(Delegation.translations))
    ).all()


def all_delegations() -> Sequence[Delegation]:
    """Every delegation, active or not, in display order, with their texts."""
    return db.session.scalars(
        select(Delegation)
        .order_by(Delegation.sort_order, Delegation.id)
        .options(selectinload(Delegation.translations))
    ).all()


def active_delegation_or_404(slug: str) -> Delegation:
    """One active delegation with its texts; 404 for an unknown or hidden one."""
    return db.first_or_404(
        select(Delegation)
        .where(Delegation.slug == slug, Delegation.is_active.is_(True))
        .options(joinedload(Delegation.translations))
    )


def load_delegation(slug: str, rule: Callable[[Any, int], bool]) -> Delegation:
    """The delegation at `slug` if `rule(current_user, id)` allows; 404 otherwise."""
    delegation = db.first_or_404(
        select(Delegation)
        .where(Delegation.slug == slug)
        .options(selectinload(Delegation.translations))
    )
    require(rule(current_user, delegation.id))
    return delegation


def workspace_delegations(only_ids: set[int] | None) -> list[Delegation]:
    """Delegations shown in a workspace: those in `only_ids`, or all when None (admins)."""
    statement = (
        select(Delegation)
        .order_by(Delegation.sort_order, Delegation.id)
        .options(selectinload(Delegation.translations))
    )
    if only_ids is not None:
        statement = statement.where(Delegation.id.in_(only_ids))
    return list(db.session.scalars(statement))


def public_team(delegation_id: int) -> list[Membership]:
    """Current members who chose to be shown on the delegation page: leads first."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(
                Membership.delegation_id == delegation_id,
                Membership.ended_on.is_(None),
                Membership.is_listed,
            )
            .order_by(Membership.leads_first(), Membership.started_on, Membership.id)
            .options(joinedload(Membership.user))
        )
    )


# Who holds which role ------------------------------------------------------------------


def memberships_of(user_id: int) -> list[Membership]:
    """A person's current memberships, in every delegation."""
    return list(
        db.session.scalars(
            select(Membership).where(Membership.user_id == user_id, Membership.ended_on.is_(None))
        )
    )


def current_membership(user_id: int, delegation_id: int) -> Membership | None:
    """A person's current membership of one delegation, if any."""
    return db.session.scalars(
        select(Membership).where(
            Membership.user_id == user_id,
            Membership.delegation_id == delegation_id,
            Membership.ended_on.is_(None),
        )
    ).first()


def _active_users_with(delegation_id: int, condition: Any) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.delegation_id == delegation_id,
                Membership.ended_on.is_(None),
                condition,
                User.is_active_account.is_(True),
            )
            .order_by(User.name, User.id)
            .distinct()
        )
    )


def current_leads(delegation_id: int) -> list[User]:
    """The delegation's current leads whose accounts are active, by name."""
    return _active_users_with(delegation_id, Membership.role == MembershipRole.LEAD)


def reviewers(delegation_id: int) -> list[User]:
    """The people who review for the delegation (Membership.reviews), by name."""
    return _active_users_with(delegation_id, Membership.reviews)


def lock_delegation(delegation_id: int) -> None:
    """Hold the delegation's row until the transaction ends: team changes that check a
    rule about the whole team (the last lead) are made one at a time."""
    db.session.execute(
        select(Delegation.id).where(Delegation.id == delegation_id).with_for_update()
    )


def lead_count(delegation_id: int) -> int:
    """How many current lead memberships the delegation has."""
    return (
        db.session.scalar(
            select(func.count(Membership.id)).where(
                Membership.delegation_id == delegation_id,
                Membership.role == MembershipRole.LEAD,
                Membership.ended_on.is_(None),
            )
        )
        or 0
    )
