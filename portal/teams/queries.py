"""The team page's lists, and loading one membership or invitation of a delegation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from portal.accounts.models import User
from portal.core.db import Page, delegation_row_or_404, load_page
from portal.delegations.enums import Listing
from portal.delegations.models import Delegation, Membership
from portal.extensions import db
from portal.teams.models import Invitation


@dataclass(frozen=True)
class TeamFilters:
    """What the lead asked of the team list."""

    query: str = ""
    role: str | None = None
    reviewer: bool | None = None
    listing: str | None = None


def current_team(
    delegation_id: int, filters: TeamFilters, *, number: int, per_page: int
) -> Page[Membership]:
    """Current members matching `filters`, leads first, then by name, with their people."""
    statement = (
        select(Membership)
        .join(Membership.user)
        .where(Membership.delegation_id == delegation_id, Membership.ended_on.is_(None))
        .order_by(Membership.leads_first(), func.lower(User.name), Membership.id)
        .options(contains_eager(Membership.user))
    )
    if filters.query:
        statement = statement.where(User.name_or_email_contains(filters.query))
    if filters.role:
        statement = statement.where(Membership.role == filters.role)
    if filters.reviewer is not None:
        statement = statement.where(Membership.reviews.is_(filters.reviewer))
    conditions = {
        Listing.LISTED: Membership.is_listed,
        Listing.HIDDEN: and_(
            Membership.listing_consent.is_(True), Membership.hidden_by_lead.is_(True)
        ),
        Listing.DECLINED: Membership.listing_consent.is_(False),
        Listing.NOT_ASKED: Membership.listing_consent.is_(None),
    }
    listing = next((c for key, c in conditions.items() if key == filters.listing), None)
    if listing is not None:
        statement = statement.where(listing)
    return load_page(statement, number=number, per_page=per_page)


def past_members(delegation_id: int, *, limit: int) -> Sequence[Membership]:
    """The latest memberships that ended (at most `limit`), with their people."""
    return db.session.scalars(
        select(Membership)
        .where(Membership.delegation_id == delegation_id, Membership.ended_on.is_not(None))
        .order_by(Membership.ended_on.desc(), Membership.id.desc())
        .limit(limit)
        .options(joinedload(Membership.user))
    ).all()


def recent_invitations(delegation_id: int, *, limit: int) -> Sequence[Invitation]:
    """The latest invitations in every state, newest first."""
    return db.session.scalars(
        select(Invitation)
        .where(Invitation.delegation_id == delegation_id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(limit)
    ).all()


def delegation_invitation_or_404(delegation_id: int, invitation_id: int) -> Invitation:
    """An invitation of this delegation; 404 otherwise."""
    return delegation_row_or_404(Invitation, invitation_id, delegation_id)


def memberships_of_person(user_id: int) -> Sequence[Membership]:
    """A person's current memberships, with their delegations' names."""
    return db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user_id, Membership.ended_on.is_(None))
        .order_by(Membership.started_on, Membership.id)
        .options(selectinload(Membership.delegation).selectinload(Delegation.translations))
    ).all()


def delegation_membership_or_404(delegation_id: int, membership_id: int) -> Membership:
    """A membership of this delegation; 404 otherwise."""
    return delegation_row_or_404(Membership, membership_id, delegation_id)
