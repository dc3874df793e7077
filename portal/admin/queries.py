"""The admin area's lists and figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.core.db import Page, load_page
from portal.core.enums import OutboxStatus
from portal.core.models import AuditEvent, OutboxEmail
from portal.delegations.models import Delegation, Membership
from portal.extensions import db


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


def users_page(query: str, *, number: int, per_page: int) -> Page[User]:
    """People, newest first, optionally those whose name or address contains `query`."""
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(
            or_(func.lower(User.email).like(pattern), func.lower(User.name).like(pattern))
        )
    return load_page(statement, number=number, per_page=per_page)


def memberships_of_user(user_id: int) -> Sequence[Membership]:
    """Every membership of a person, current first, with the delegations' texts."""
    return db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user_id)
        .order_by(Membership.ended_on.is_not(None), Membership.started_on.desc())
        .options(selectinload(Membership.delegation).selectinload(Delegation.translations))
    ).all()


def outbox_page(status: OutboxStatus | None, *, number: int, per_page: int) -> Page[OutboxEmail]:
    """The outbox, newest first, optionally of one status."""
    statement = select(OutboxEmail).order_by(OutboxEmail.id.desc())
    if status is not None:
        statement = statement.where(OutboxEmail.status == status)
    return load_page(statement, number=number, per_page=per_page)


def audit_page(
    *, action: str, actor_id: int | None, number: int, per_page: int
) -> Page[AuditEvent]:
    """The audit trail, newest first, filtered by action prefix and actor."""
    statement = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if action:
        statement = statement.where(AuditEvent.action.startswith(action))
    if actor_id:
        statement = statement.where(AuditEvent.actor_id == actor_id)
    return load_page(statement, number=number, per_page=per_page)


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
