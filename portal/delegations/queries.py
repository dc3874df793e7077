"""Eager-loaded delegation queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

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


def active_delegation_by_slug(slug: str) -> Delegation | None:
    """One delegation with its texts, in one query."""
    return (
        db.session.scalars(
            select(Delegation)
            .where(Delegation.slug == slug, Delegation.is_active.is_(True))
            .options(joinedload(Delegation.translations))
        )
        .unique()
        .first()
    )


def public_team(delegation_id: int) -> list[Membership]:
    """Current members who chose to be shown on the delegation page: leads first."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(
                Membership.delegation_id == delegation_id,
                Membership.ended_on.is_(None),
                Membership.shown_publicly.is_(True),
            )
            .order_by(Membership.role.desc(), Membership.started_on, Membership.id)
            .options(joinedload(Membership.user))
        )
    )
