"""Eager-loaded queries for volunteer roles: the public pages and the leads' workspace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.core.clock import utcnow
from portal.core.db import Page, delegation_row_or_404, load_page
from portal.core.i18n import localize
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.openings.enums import OpeningStatus
from portal.openings.models import Opening, OpeningLanguage, OpeningQuestion, OpeningTranslation


@dataclass(frozen=True)
class OpeningFilters:
    """The filters of the public list of roles."""

    delegation_id: int | None = None
    location: str | None = None
    language: str | None = None
    remote: bool = False


def _accepting(
    delegation_id: int | None = None,
    filters: OpeningFilters | None = None,
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
    filters = filters or OpeningFilters(delegation_id=delegation_id)
    if filters.delegation_id is not None:
        statement = statement.where(Opening.delegation_id == filters.delegation_id)
    if filters.location:
        statement = statement.where(
            select(OpeningTranslation.id)
            .where(
                OpeningTranslation.opening_id == Opening.id,
                OpeningTranslation.location == filters.location,
            )
            .exists()
        )
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


def accepting_page(number: int, per_page: int, *, filters: OpeningFilters) -> Page[Opening]:
    """Open roles matching `filters`. Their delegations are expected in the identity map
    (the view loads the active delegations first), so none is fetched again."""
    return load_page(_accepting(filters=filters), number=number, per_page=per_page)


def accepting_locations() -> list[str]:
    """The distinct locations of open roles as the reader sees them (in their language,
    or the fallback text's), for the filter."""
    rows = db.session.execute(
        select(
            OpeningTranslation.opening_id, OpeningTranslation.locale, OpeningTranslation.location
        )
        .join(Opening, Opening.id == OpeningTranslation.opening_id)
        .join(Opening.delegation)
        .where(Opening.is_accepting(), Delegation.is_active.is_(True))
    ).all()
    texts: dict[int, list[Any]] = {}
    for row in rows:
        texts.setdefault(row.opening_id, []).append(row)
    shown = (localize(items) for items in texts.values())
    return sorted({text.location for text in shown if text and text.location}, key=str.casefold)


def public_opening_or_404(slug: str) -> Opening:
    """A role that is or was public (open, closed or filled), with its texts, language
    requirements and delegation; 404 otherwise."""
    return db.first_or_404(
        select(Opening)
        .join(Opening.delegation)
        .where(
            Opening.slug == slug,
            Opening.status != OpeningStatus.DRAFT,
            Delegation.is_active.is_(True),
        )
        .options(
            selectinload(Opening.translations),
            selectinload(Opening.languages),
            selectinload(Opening.delegation).selectinload(Delegation.translations),
        )
    )


# The leads' workspace -----------------------------------------------------------------


def delegation_openings(delegation_id: int) -> Sequence[Opening]:
    """Every role of a delegation, newest first, with texts."""
    return db.session.scalars(
        select(Opening)
        .where(Opening.delegation_id == delegation_id)
        .order_by(Opening.created_at.desc(), Opening.id.desc())
        .options(selectinload(Opening.translations))
    ).all()


@dataclass(frozen=True)
class RoleTitle:
    """A role as lists and filters name it: plain values, no ORM object."""

    id: int
    title: str
    listed: bool  # ever public (not a draft): offered by the applicants list's filter


def role_titles(delegation_id: int) -> list[RoleTitle]:
    """Every role of the delegation, newest first, titled in the reader's language (or
    its fallback), in one query of plain rows."""
    rows = db.session.execute(
        select(Opening.id, Opening.status, OpeningTranslation.locale, OpeningTranslation.title)
        .outerjoin(OpeningTranslation, OpeningTranslation.opening_id == Opening.id)
        .where(Opening.delegation_id == delegation_id)
        .order_by(Opening.created_at.desc(), Opening.id.desc())
    ).all()
    texts: dict[int, list[Any]] = {}
    listed: dict[int, bool] = {}
    for row in rows:
        texts.setdefault(row.id, [])
        if row.locale is not None:
            texts[row.id].append(row)
        listed[row.id] = row.status != OpeningStatus.DRAFT
    titles = []
    for role_id, translations in texts.items():
        shown = localize(translations)
        titles.append(RoleTitle(role_id, shown.title if shown else "", listed[role_id]))
    return titles


def listed_openings(delegation_id: int) -> Sequence[Opening]:
    """The delegation's roles that were ever public (the applicants list's filter)."""
    return db.session.scalars(
        select(Opening)
        .where(Opening.delegation_id == delegation_id, Opening.status != OpeningStatus.DRAFT)
        .order_by(Opening.created_at.desc(), Opening.id.desc())
        .options(selectinload(Opening.translations))
    ).all()


def delegation_opening_or_404(delegation_id: int, opening_id: int) -> Opening:
    """A role of this delegation with everything its editor shows; 404 otherwise."""
    return delegation_row_or_404(
        Opening,
        opening_id,
        delegation_id,
        selectinload(Opening.translations),
        selectinload(Opening.languages),
        selectinload(Opening.questions).selectinload(OpeningQuestion.translations),
    )


def closing_soon(delegation_id: int, *, within: timedelta) -> Sequence[Opening]:
    """Open roles of the delegation whose closing date comes within `within`."""
    now = utcnow()
    return db.session.scalars(
        select(Opening)
        .where(
            Opening.delegation_id == delegation_id,
            Opening.is_accepting(now),
            Opening.closes_at <= now + within,
        )
        .order_by(Opening.closes_at)
        .options(selectinload(Opening.translations))
    ).all()
