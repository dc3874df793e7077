"""Applications, the languages applicants speak, and the history of their status."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.applications.enums import ApplicationStatus
from portal.core.clock import utcnow
from portal.core.db import EnumText, TimestampMixin
from portal.core.enums import sql_values
from portal.core.models import Document
from portal.extensions import Model
from portal.openings.models import Opening

if TYPE_CHECKING:
    from portal.accounts.models import User


class Application(TimestampMixin, Model):
    __tablename__ = "applications"
    __table_args__ = (
        # One application per person and role: a double click or two tabs cannot make two.
        UniqueConstraint("opening_id", "user_id"),
        CheckConstraint(f"status IN ({sql_values(ApplicationStatus)})", name="status_valid"),
        Index("ix_applications_user", "user_id", "created_at"),
        Index("ix_applications_opening_status", "opening_id", "status", "submitted_at"),
        # The lead's list: one delegation, filtered by status or language match, sorted
        # by date or score. Each filter and sort has its composite index.
        Index("ix_applications_delegation_submitted", "delegation_id", "submitted_at", "id"),
        Index("ix_applications_delegation_status", "delegation_id", "status", "submitted_at"),
        Index(
            "ix_applications_delegation_match", "delegation_id", "meets_languages", "submitted_at"
        ),
        Index("ix_applications_delegation_score", "delegation_id", "review_average", "id"),
        # The workspace's median time to a first review reads only this index.
        Index(
            "ix_applications_delegation_review_time",
            "delegation_id",
            "submitted_at",
            "first_reviewed_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="RESTRICT"))
    # The role's delegation, copied (a role never changes delegation) so that the lead's
    # list filters on one indexed column instead of joining the roles.
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"))
    # Nullable: after an erasure the application stays as an anonymous record.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[ApplicationStatus] = mapped_column(
        EnumText(ApplicationStatus), default=ApplicationStatus.DRAFT
    )
    motivation: Mapped[str] = mapped_column(Text, default="")
    availability: Mapped[str] = mapped_column(Text, default="")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Whether the languages spoken reach the role's requirements, kept up to date on
    # every save so that lists can filter on it with an index.
    meets_languages: Mapped[bool] = mapped_column(default=False)
    cv_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    first_reviewed_at: Mapped[datetime | None]
    # Kept by reviews.services on every review saved, for sorting and the list.
    review_count: Mapped[int] = mapped_column(default=0)
    review_average: Mapped[float | None]

    opening: Mapped[Opening] = relationship()
    user: Mapped[User | None] = relationship()
    cv: Mapped[Document | None] = relationship()
    languages: Mapped[list[ApplicationLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationLanguage.id"
    )
    history: Mapped[list[StatusChange]] = relationship(
        cascade="all, delete-orphan", order_by="StatusChange.id", back_populates="application"
    )

    @property
    def spoken_levels(self) -> dict[str, str]:
        return {item.language: item.level for item in self.languages}


class ApplicationLanguage(Model):
    __tablename__ = "application_languages"
    __table_args__ = (
        UniqueConstraint("application_id", "language"),
        CheckConstraint("level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')", name="level_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(2))


class StatusChange(Model):
    """Who moved an application from which status to which, when, and why."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[ApplicationStatus | None] = mapped_column(EnumText(ApplicationStatus))
    to_status: Mapped[ApplicationStatus] = mapped_column(EnumText(ApplicationStatus))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="history")
    by_user: Mapped[User | None] = relationship()


class VolunteerProfile(TimestampMixin, Model):
    """What a volunteer keeps once and reuses: each new application starts from it
    (and can be changed for that application alone)."""

    __tablename__ = "volunteer_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    availability: Mapped[str] = mapped_column(Text, default="")
    cv_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))

    cv: Mapped[Document | None] = relationship()
    languages: Mapped[list[ProfileLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="ProfileLanguage.id"
    )

    @property
    def spoken_levels(self) -> dict[str, str]:
        return {item.language: item.level for item in self.languages}


class ProfileLanguage(Model):
    __tablename__ = "profile_languages"
    __table_args__ = (
        UniqueConstraint("profile_id", "language"),
        CheckConstraint("level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')", name="level_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("volunteer_profiles.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(2))
