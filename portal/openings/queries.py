"""Eager-loaded queries for volunteer roles on the public pages."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.core.db import Page, load_page
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.openings.models import Opening


def _accepting(delegation_id: int | None = None) -> Select:
    statement = (
        select(Opening)
        .join(Opening.delegation)
        .where(Opening.is_accepting(), Delegation.is_active.is_(True))
        .order_by(Opening.closes_at.is_(None), Opening.closes_at, Opening.id)
        .options(selectinload(Opening.translations))
    )
    if delegation_id is not None:
        statement = statement.where(Opening.delegation_id == delegation_id)
    return statement


def accepting_openings(*, delegation_id: int | None = None, limit: int = 6) -> Sequence[Opening]:
    """Roles taking applications, closing soonest first (the home and delegation bands)."""
    return db.session.scalars(_accepting(delegation_id).limit(limit)).all()


def accepting_page(
    number: int, per_page: int, *, delegation_id: int | None = None
) -> Page[Opening]:
    statement = _accepting(delegation_id).options(
        selectinload(Opening.delegation).selectinload(Delegation.translations)
    )
    return load_page(statement, number=number, per_page=per_page)


def public_opening_by_slug(slug: str) -> Opening | None:
    """A role that is or was public (open, closed or filled), with its delegation."""
    return db.session.scalars(
        select(Opening)
        .join(Opening.delegation)
        .where(Opening.slug == slug, Opening.status != "draft", Delegation.is_active.is_(True))
        .options(
            selectinload(Opening.translations),
            selectinload(Opening.delegation).selectinload(Delegation.translations),
        )
    ).first()
