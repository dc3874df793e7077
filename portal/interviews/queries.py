"""Interview slots as the pages list them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import selectinload

from portal.applications.models import Application
from portal.core.clock import utcnow
from portal.core.db import delegation_row_or_404
from portal.core.models import AuditEvent
from portal.extensions import db
from portal.interviews.models import InterviewSlot, slot_interviewers
from portal.openings.models import Opening


def _with_people(statement):  # noqa: ANN001 - a Select in, the same out
    return statement.options(
        selectinload(InterviewSlot.interviewers),
        selectinload(InterviewSlot.application).selectinload(Application.user),
        selectinload(InterviewSlot.opening).selectinload(Opening.translations),
    )


def _free(opening_id: int) -> ColumnElement[bool]:
    """SQL condition: the role's slots still to come that nobody booked."""
    return and_(
        InterviewSlot.opening_id == opening_id,
        InterviewSlot.application_id.is_(None),
        InterviewSlot.withdrawn_at.is_(None),
        InterviewSlot.starts_at > utcnow(),
    )


def free_slots(opening_id: int) -> Sequence[InterviewSlot]:
    """The role's slots still to come that nobody booked, soonest first."""
    return db.session.scalars(
        _with_people(
            select(InterviewSlot)
            .where(_free(opening_id))
            .order_by(InterviewSlot.starts_at, InterviewSlot.id)
        )
    ).all()


def has_free_slots(opening_id: int) -> bool:
    """Whether an applicant to the role could book a time now."""
    found = db.session.scalar(select(InterviewSlot.id).where(_free(opening_id)).limit(1))
    return found is not None


def booking_of(application_id: int) -> InterviewSlot | None:
    """The slot the application holds, if any."""
    return db.session.scalars(
        _with_people(
            select(InterviewSlot).where(
                InterviewSlot.application_id == application_id,
                InterviewSlot.withdrawn_at.is_(None),
            )
        )
    ).first()


def bookings_of(application_ids: Sequence[int]) -> dict[int, InterviewSlot]:
    """{application id: the slot it holds} for a page of applications (one query)."""
    if not application_ids:
        return {}
    slots = db.session.scalars(
        select(InterviewSlot).where(
            InterviewSlot.application_id.in_(application_ids),
            InterviewSlot.withdrawn_at.is_(None),
        )
    )
    return {slot.application_id: slot for slot in slots if slot.application_id}


def delegation_slots(
    delegation_id: int, *, interviewer_id: int | None = None, past_days: int = 14, limit: int = 200
) -> Sequence[InterviewSlot]:
    """The delegation's slots from `past_days` ago on (to record how past ones went),
    soonest first; only those `interviewer_id` attends, when given."""
    statement = (
        select(InterviewSlot)
        .where(
            InterviewSlot.delegation_id == delegation_id,
            InterviewSlot.withdrawn_at.is_(None),
            InterviewSlot.starts_at >= utcnow() - timedelta(days=past_days),
        )
        .order_by(InterviewSlot.starts_at, InterviewSlot.id)
        .limit(limit)
    )
    if interviewer_id is not None:
        statement = statement.where(
            InterviewSlot.id.in_(
                select(slot_interviewers.c.slot_id).where(
                    slot_interviewers.c.user_id == interviewer_id
                )
            )
        )
    return db.session.scalars(_with_people(statement)).all()


def delegation_slot_or_404(delegation_id: int, slot_id: int) -> InterviewSlot:
    """A slot of this delegation; 404 otherwise."""
    return delegation_row_or_404(InterviewSlot, slot_id, delegation_id)


def interview_events(application_id: int) -> Sequence[AuditEvent]:
    """The interview's story for the application's history: booked, cancelled, other
    times asked, held or missed (the audit trail is its record)."""
    return db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.subject_type == "Application",
            AuditEvent.subject_id == application_id,
            AuditEvent.action.startswith("interview."),
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).all()


def due_reminders(*, until: timedelta) -> Sequence[InterviewSlot]:
    """Booked slots starting within `until` whose reminder has not gone."""
    now = utcnow()
    return db.session.scalars(
        _with_people(
            select(InterviewSlot).where(
                InterviewSlot.reminded_at.is_(None),
                InterviewSlot.application_id.is_not(None),
                InterviewSlot.withdrawn_at.is_(None),
                InterviewSlot.starts_at > now,
                InterviewSlot.starts_at <= now + until,
            )
        )
    ).all()
