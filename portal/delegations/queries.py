"""Eager-loaded delegation queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.delegations.models import Delegation
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
    return db.session.scalars(
        select(Delegation)
        .where(Delegation.slug == slug, Delegation.is_active.is_(True))
        .options(selectinload(Delegation.translations))
    ).first()
