"""Reviews, assignments to reviewers, and the e-mails that tell applicants a decision."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.core.clock import utcnow
from portal.core.db import EnumText, TimestampMixin
from portal.core.enums import sql_values
from portal.extensions import Model
from portal.reviews.enums import NoticeState

if TYPE_CHECKING:
    from portal.accounts.models import User


class Review(TimestampMixin, Model):
    """One reviewer's score (1-5) and comment on one application; they may change it."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_id"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")

    reviewer: Mapped[User | None] = relationship()


class ReviewAssignment(Model):
    """A lead asked this reviewer to review this application."""

    __tablename__ = "review_assignments"
    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_id"),
        Index("ix_review_assignments_reviewer", "reviewer_id", "application_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])


class DecisionNotice(TimestampMixin, Model):
    """The e-mail proposed to the applicant after a decision: the lead edits it, then
    queues it, keeps it for later, or discards it."""

    __tablename__ = "decision_notices"
    __table_args__ = (
        CheckConstraint(f"state IN ({sql_values(NoticeState)})", name="state_valid"),
        Index("ix_decision_notices_delegation_state", "delegation_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    # The decision it announces.
    status: Mapped[ApplicationStatus] = mapped_column(EnumText(ApplicationStatus))
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[NoticeState] = mapped_column(EnumText(NoticeState), default=NoticeState.DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    application: Mapped[Application] = relationship()


class MessageTemplate(TimestampMixin, Model):
    """A delegation's own wording of the message for one decision in one language.
    Where a delegation has none, the portal's default wording applies (emails/)."""

    __tablename__ = "message_templates"
    __table_args__ = (
        UniqueConstraint("delegation_id", "status", "locale"),
        CheckConstraint(
            "status IN ('interview', 'accepted', 'waitlisted', 'declined')", name="status_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    status: Mapped[ApplicationStatus] = mapped_column(EnumText(ApplicationStatus))
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
