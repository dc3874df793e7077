"""The admin area's lists and figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, tuple_
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.applications.models import Application
from portal.core.clock import utcnow
from portal.core.db import Page, escape_like, load_page
from portal.core.enums import OutboxStatus
from portal.core.models import AuditEvent, Document, OutboxEmail
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Delegation, Membership
from portal.extensions import db
from portal.mfa.queries import second_factor_condition
from portal.openings.enums import OpeningStatus
from portal.openings.models import Opening


def dashboard_counts() -> dict[str, Any]:
    """The figures of the admin overview."""
    mail = dict(
        db.session.execute(
            select(OutboxEmail.status, func.count(OutboxEmail.id))
            .where(OutboxEmail.status.in_([OutboxStatus.PENDING, OutboxStatus.FAILED]))
            .group_by(OutboxEmail.status)
        ).all()
    )
    return {
        "users": db.session.scalar(select(func.count(User.id))),
        "delegations": db.session.scalar(select(func.count(Delegation.id))),
        "pending_mail": mail.get(OutboxStatus.PENDING, 0),
        "failed_mail": mail.get(OutboxStatus.FAILED, 0),
    }


# A message still waiting after this long means the worker or the mail server is stuck.
STUCK_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Attention:
    """What needs an admin: each list empty when all is well."""

    delegations_without_lead: Sequence[Delegation]
    failed_messages: Sequence[OutboxEmail]
    stuck_messages: int
    roles_past_closing: Sequence[Opening]
    without_second_factor: Sequence[User]

    @property
    def is_empty(self) -> bool:
        return not (
            self.without_second_factor
            or self.delegations_without_lead
            or self.failed_messages
            or self.stuck_messages
            or self.roles_past_closing
        )


def needs_attention(*, limit: int = 10) -> Attention:
    """Active delegations with no current lead, messages that failed (the latest
    `limit`), messages waiting for more than an hour, and roles still marked open whose
    closing date has passed (the public pages show them closed; the lead should say so),
    and the people who can read applicants' data but have no second factor yet."""
    now = utcnow()
    led = select(Membership.delegation_id).where(
        Membership.role == MembershipRole.LEAD, Membership.ended_on.is_(None)
    )
    return Attention(
        delegations_without_lead=db.session.scalars(
            select(Delegation)
            .where(Delegation.is_active.is_(True), Delegation.id.not_in(led))
            .order_by(Delegation.sort_order, Delegation.slug)
            .options(selectinload(Delegation.translations))
        ).all(),
        failed_messages=db.session.scalars(
            select(OutboxEmail)
            .where(OutboxEmail.status == OutboxStatus.FAILED)
            .order_by(OutboxEmail.id.desc())
            .limit(limit)
        ).all(),
        stuck_messages=db.session.scalar(
            select(func.count(OutboxEmail.id)).where(
                OutboxEmail.status == OutboxStatus.PENDING,
                OutboxEmail.created_at < now - STUCK_AFTER,
            )
        )
        or 0,
        roles_past_closing=db.session.scalars(
            select(Opening)
            .where(Opening.status == OpeningStatus.OPEN, Opening.closes_at <= now)
            .order_by(Opening.closes_at)
            .limit(limit)
            .options(
                selectinload(Opening.translations),
                selectinload(Opening.delegation).selectinload(Delegation.translations),
            )
        ).all(),
        without_second_factor=exposed_accounts(limit=limit),
    )


def exposed_accounts(*, limit: int) -> Sequence[User]:
    """Active admins and reviewers (leads included) without a second factor: they are
    asked to enrol at their next visit of the workspace."""
    reviewers = select(Membership.user_id).where(Membership.reviews, Membership.ended_on.is_(None))
    return db.session.scalars(
        select(User)
        .where(
            User.is_active_account.is_(True),
            or_(User.is_admin.is_(True), User.id.in_(reviewers)),
            ~second_factor_condition(),
        )
        .order_by(User.name, User.id)
        .limit(limit)
    ).all()


def users_page(query: str, *, number: int, per_page: int) -> Page[User]:
    """People, newest first, optionally those whose name or address contains `query`."""
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    if query:
        statement = statement.where(User.name_or_email_contains(query))
    return load_page(statement, number=number, per_page=per_page)


def memberships_of_user(user_id: int) -> Sequence[Membership]:
    """Every membership of a person, current first, with the delegations' texts."""
    return db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user_id)
        .order_by(Membership.ended_on.is_not(None), Membership.started_on.desc())
        .options(selectinload(Membership.delegation).selectinload(Delegation.translations))
    ).all()


def sole_lead_of(user_id: int) -> set[int]:
    """The delegations whose only current lead is this person (one query): the
    last-lead rule forbids removing them, and the page says so before anyone tries."""
    leads = (
        select(Membership.delegation_id)
        .where(Membership.role == MembershipRole.LEAD, Membership.ended_on.is_(None))
        .group_by(Membership.delegation_id)
        .having(func.count(Membership.id) == 1)
    )
    return set(
        db.session.scalars(
            select(Membership.delegation_id).where(
                Membership.user_id == user_id,
                Membership.role == MembershipRole.LEAD,
                Membership.ended_on.is_(None),
                Membership.delegation_id.in_(leads),
            )
        )
    )


def _outbox_statement(status: OutboxStatus | None, query: str) -> Select[OutboxEmail]:
    statement = select(OutboxEmail)
    if status is not None:
        statement = statement.where(OutboxEmail.status == status)
    if query:
        pattern = f"%{escape_like(query.lower())}%"
        statement = statement.where(
            or_(
                func.lower(OutboxEmail.to_address).like(pattern, escape="\\"),
                func.lower(OutboxEmail.subject).like(pattern, escape="\\"),
            )
        )
    return statement


def outbox_page(
    status: OutboxStatus | None, query: str, *, grouped: bool, number: int, per_page: int
) -> Page[OutboxEmail]:
    """The outbox, newest first, optionally of one status and matching `query` (in the
    recipient or the subject). `grouped`: identical messages (same recipient, subject
    and status) show once, as their latest."""
    statement = _outbox_statement(status, query)
    if grouped:
        latest = (
            _outbox_statement(status, query)
            .with_only_columns(func.max(OutboxEmail.id))
            .group_by(OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.status)
        )
        statement = statement.where(OutboxEmail.id.in_(latest))
    return load_page(statement.order_by(OutboxEmail.id.desc()), number=number, per_page=per_page)


def identical_counts(messages: Sequence[OutboxEmail]) -> dict[int, int]:
    """{message id: how many messages share its recipient, subject and status} for the
    messages that have twins (one query)."""
    if not messages:
        return {}
    key = tuple_(OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.status)
    rows = db.session.execute(
        select(OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.status, func.count())
        .where(key.in_([(m.to_address, m.subject, m.status) for m in messages]))
        .group_by(OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.status)
        .having(func.count() > 1)
    ).all()
    counts = {(to, subject, status): count for to, subject, status, count in rows}
    return {
        m.id: counts[(m.to_address, m.subject, m.status)]
        for m in messages
        if (m.to_address, m.subject, m.status) in counts
    }


@dataclass(frozen=True)
class AuditFilters:
    """What the admin asked of the trail. Times are UTC bounds, `until` excluded."""

    person_ids: tuple[int, ...] | None = None  # None: anyone; (): nobody matched
    action: str = ""
    delegation_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def _audit_statement(filters: AuditFilters) -> Select[AuditEvent]:
    statement = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if filters.person_ids is not None:
        # What the person did, and what was done to their account, their applications
        # and their documents.
        people = filters.person_ids
        statement = statement.where(
            or_(
                AuditEvent.actor_id.in_(people),
                and_(AuditEvent.subject_type == "User", AuditEvent.subject_id.in_(people)),
                and_(
                    AuditEvent.subject_type == "Application",
                    AuditEvent.subject_id.in_(
                        select(Application.id).where(Application.user_id.in_(people))
                    ),
                ),
                and_(
                    AuditEvent.subject_type == "Membership",
                    AuditEvent.subject_id.in_(
                        select(Membership.id).where(Membership.user_id.in_(people))
                    ),
                ),
                and_(
                    AuditEvent.subject_type == "Document",
                    AuditEvent.subject_id.in_(
                        select(Document.id).where(Document.owner_id.in_(people))
                    ),
                ),
            )
        )
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.delegation_id:
        statement = statement.where(AuditEvent.delegation_id == filters.delegation_id)
    if filters.since:
        statement = statement.where(AuditEvent.created_at >= filters.since)
    if filters.until:
        statement = statement.where(AuditEvent.created_at < filters.until)
    return statement


def audit_page(filters: AuditFilters, *, number: int, per_page: int) -> Page[AuditEvent]:
    """The audit trail, newest first, filtered."""
    return load_page(_audit_statement(filters), number=number, per_page=per_page)


def audit_rows(filters: AuditFilters, *, limit: int) -> Sequence[AuditEvent]:
    """The filtered trail for the export, newest first, at most `limit` events."""
    return db.session.scalars(_audit_statement(filters).limit(limit)).all()


def people_matching(text: str, *, limit: int = 50) -> tuple[int, ...]:
    """The ids of the people whose name or e-mail address contains `text`."""
    return tuple(
        db.session.scalars(
            select(User.id).where(User.name_or_email_contains(text)).order_by(User.id).limit(limit)
        )
    )


def users_by_id(ids: set[int]) -> dict[int, User]:
    """{id: person} for the given ids (one query)."""
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def audit_actions() -> list[str]:
    """Every action code in the trail, for the filter."""
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )
