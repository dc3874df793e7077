"""Eager-loaded queries for volunteer roles on the public pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.core.db import Page, load_page
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.openings.models import Opening, OpeningLanguage


@dataclass(frozen=True)
class RoleFilters:
    delegation_id: int | None = None
    location: str | None = None
    language: str | None = None
    remote: bool = False


def _accepting(
    delegation_id: int | None = None,
    filters: RoleFilters | None = None,
    *,
    with_languages: bool = True,
) -> Select:
    statement = (
        select(Opening)
        .join(Opening.delegation)
        .where(Opening.is_accepting(), Delegation.is_active.is_(True))
        .order_by(Opening.closes_at.is_(None), Opening.closes_at, Opening.id)
        .options(selectinload(Opening.translations))
    )
    if with_languages:
        statement = statement.options(selectinload(Opening.languages))
    filters = filters or RoleFilters(delegation_id=delegation_id)
    if filters.delegation_id is not None:
        statement = statement.where(Opening.delegation_id == filters.delegation_id)
    if filters.location:
        statement = statement.where(Opening.location == filters.location)
    if filters.remote:
        statement = statement.where(Opening.is_remote.is_(True))
    if filters.language:
        statement = statement.where(
            select(OpeningLanguage.id)
            .where(
                OpeningLanguage.opening_id == Opening.id,
                OpeningLanguage.language == filters.language,
            )
            .exists()
        )
    return statement


def accepting_openings(*, delegation_id: int | None = None, limit: int = 6) -> Sequence[Opening]:
    """Roles taking applications, closing soonest first (the home and delegation bands)."""
    statement = _accepting(delegation_id, with_languages=False).limit(limit)
    return db.session.scalars(statement).all()


def accepting_page(number: int, per_page: int, *, filters: RoleFilters) -> Page[Opening]:
    """Open roles matching `filters`. Their delegations are expected in the identity map
    (the view loads the active delegations first), so none is fetched again."""
    return load_page(_accepting(filters=filters), number=number, per_page=per_page)


def accepting_locations() -> list[str]:
    """The distinct locations of open roles, for the filter."""
    return list(
        db.session.scalars(
            select(Opening.location)
            .join(Opening.delegation)
            .where(Opening.is_accepting(), Delegation.is_active.is_(True), Opening.location != "")
            .distinct()
            .order_by(Opening.location)
        )
    )


def public_opening_by_slug(slug: str) -> Opening | None:
    """A role that is or was public (open, closed or filled), with its delegation."""
    return db.session.scalars(
        select(Opening)
        .join(Opening.delegation)
        .where(Opening.slug == slug, Opening.status != "draft", Delegation.is_active.is_(True))
        .options(
            selectinload(Opening.translations),
            selectinload(Opening.languages),
            selectinload(Opening.delegation).selectinload(Delegation.translations),
        )
    ).first()
