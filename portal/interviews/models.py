"""Interview slots: a time a delegation offers for one of its roles, with who attends
from the team; booked by one applicant at most."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.applications.models import Application
from portal.core.db import TimestampMixin
from portal.extensions import Model, db
from portal.interviews.enums import InterviewState
from portal.openings.models import Opening

if TYPE_CHECKING:
    from portal.accounts.models import User

slot_interviewers = Table(
    "interview_slot_interviewers",
    db.metadata,
    Column("slot_id", ForeignKey("interview_slots.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class InterviewSlot(TimestampMixin, Model):
    """A time offered for a role's interviews. `application_id` is who booked it: one
    applicant per slot, and one slot per application (a unique key), so that two
    people picking the same time at once get one booking and one refusal."""

    __tablename__ = "interview_slots"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 5 AND 480", name="duration_range"),
        CheckConstraint("outcome IS NULL OR outcome IN ('held', 'no_show')", name="outcome_valid"),
        Index("ix_interview_slots_opening_start", "opening_id", "starts_at"),
        Index("ix_interview_slots_delegation_start", "delegation_id", "starts_at"),
        Index("ix_interview_slots_application", "application_id", unique=True),
        Index("ix_interview_slots_reminder", "reminded_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]  # naive UTC
    duration_minutes: Mapped[int] = mapped_column(default=45)
    location: Mapped[str] = mapped_column(String(300), default="")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )
    booked_at: Mapped[datetime | None]
    # iCalendar SEQUENCE: raised by every change the invitees' calendars must follow.
    sequence: Mapped[int] = mapped_column(default=0)
    reminded_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    withdrawn_at: Mapped[datetime | None]

    opening: Mapped[Opening] = relationship()
    application: Mapped[Application | None] = relationship()
    interviewers: Mapped[list[User]] = relationship(
        secondary=slot_interviewers, order_by="User.name"
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def state(self) -> InterviewState:
        if self.withdrawn_at is not None:
            return InterviewState.WITHDRAWN
        if self.outcome:
            return InterviewState(self.outcome)
        return InterviewState.BOOKED if self.application_id else InterviewState.FREE
