"""The tables of the members' space. Everything hangs off a delegation; a member's own
rows (ticks, accreditations, availability) hang off their account, so that erasing the
account takes them along."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import gettext
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.core.db import TimestampMixin, keep_rendered
from portal.core.i18n import Localized, TranslatedMixin, localize_label
from portal.core.models import Document
from portal.delegations.models import Delegation, Membership
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.accounts.models import User


class _Labelled:
    """A row whose name is a {locale: text} map, read with the usual fallback."""

    labels: Any

    def label(self, locale: str | None = None) -> Localized[Any] | None:
        return localize_label(self.labels, locale)

    def label_text(self, locale: str | None = None) -> str:
        found = self.label(locale)
        return str(found.value) if found is not None else ""


# Onboarding ------------------------------------------------------------------------------


class ChecklistItem(_Labelled, Model):
    """A step of a delegation's onboarding ("Sign the volunteer agreement")."""

    __tablename__ = "checklist_items"
    __table_args__ = (Index("ix_checklist_items_delegation", "delegation_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    # Ticked by a lead once checked (an agreement received), not by the member.
    lead_verifies: Mapped[bool] = mapped_column(default=False)
    # A document of the library to read or fill in for this step.
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_documents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[TeamDocument | None] = relationship()


class ChecklistTick(Model):
    """One step done by one member (per membership: a new membership starts afresh)."""

    __tablename__ = "checklist_ticks"
    __table_args__ = (UniqueConstraint("membership_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="CASCADE"), index=True
    )
    done_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    membership: Mapped[Membership] = relationship()


# Accreditations --------------------------------------------------------------------------


class AccreditationType(_Labelled, Model):
    """An access document a delegation's members hold ("UN grounds pass, Geneva")."""

    __tablename__ = "accreditation_types"
    __table_args__ = (Index("ix_accreditation_types_delegation", "delegation_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    issuer: Mapped[str] = mapped_column(String(120), default="")  # "UN Office at Geneva"
    position: Mapped[int] = mapped_column(default=0)


class Accreditation(TimestampMixin, Model):
    """A member's accreditation of one type, with its validity and an optional scan."""

    __tablename__ = "accreditations"
    __table_args__ = (
        UniqueConstraint("user_id", "type_id"),
        CheckConstraint("valid_from IS NULL OR valid_until >= valid_from", name="validity_ordered"),
        Index("ix_accreditations_type_until", "type_id", "valid_until"),
        Index("ix_accreditations_until", "valid_until", "reminded_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("accreditation_types.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(60), default="")
    issuer: Mapped[str] = mapped_column(String(120), default="")
    valid_from: Mapped[date | None]
    valid_until: Mapped[date]
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    # The last reminder sent (30 or 7 days before expiry); reset by a new expiry date.
    reminded_days: Mapped[int | None]

    type: Mapped[AccreditationType] = relationship()
    user: Mapped[User] = relationship()
    scan: Mapped[Document | None] = relationship()


# Sessions --------------------------------------------------------------------------------


class Meeting(TimestampMixin, TranslatedMixin, Model):
    """A session or meeting of an institution the delegation attends ("the 61st session
    of the Human Rights Council"), shown to members as a "session"."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
        CheckConstraint("places BETWEEN 1 AND 100", name="places_range"),
        Index("ix_meetings_delegation_start", "delegation_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    accreditation_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("accreditation_types.id", ondelete="SET NULL")
    )
    designation_deadline: Mapped[date | None]
    places: Mapped[int] = mapped_column(default=2)
    cancelled_at: Mapped[datetime | None]
    # iCalendar SEQUENCE of the representatives' invitations.
    sequence: Mapped[int] = mapped_column(default=0)
    # The report after the session (Markdown, in `report_locale`), and the news post
    # drafted from it.
    report: Mapped[str] = mapped_column(Text, default="")
    report_html: Mapped[str] = mapped_column(Text, default="")
    report_locale: Mapped[str | None] = mapped_column(String(8))
    news_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("news_posts.id", ondelete="SET NULL")
    )

    delegation: Mapped[Delegation] = relationship()
    accreditation_type: Mapped[AccreditationType | None] = relationship()
    translations: Mapped[list[MeetingTranslation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    volunteers: Mapped[list[MeetingVolunteer]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", lazy="raise"
    )

    def heading(self, locale: str | None = None) -> str:
        """ "Human Rights Council: 62nd session" in `locale` (or the fallback)."""
        text = self.localized(locale)
        return str(text.heading) if text is not None else ""


keep_rendered(Meeting, source="report", target="report_html")


class MeetingTranslation(Model):
    __tablename__ = "meeting_translations"
    __table_args__ = (UniqueConstraint("meeting_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(String(120), default="")  # "Human Rights Council"
    title: Mapped[str] = mapped_column(String(200))  # "62nd regular session"
    place: Mapped[str] = mapped_column(String(160), default="")  # "Palais des Nations, Geneva"
    details: Mapped[str] = mapped_column(Text, default="")  # plain text for members

    meeting: Mapped[Meeting] = relationship(back_populates="translations")

    @property
    def heading(self) -> str:
        """The body and the title, as the session is named everywhere."""
        if not self.body:
            return self.title
        return str(gettext("%(body)s: %(title)s", body=self.body, title=self.title))


class MeetingVolunteer(Model):
    """A member who said "I can attend"; designated when a lead chose them."""

    __tablename__ = "meeting_volunteers"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        Index("ix_meeting_volunteers_user", "user_id", "designated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    designated_at: Mapped[datetime | None]
    designated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    meeting: Mapped[Meeting] = relationship(back_populates="volunteers")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


# Announcements and documents -------------------------------------------------------------


class Announcement(TimestampMixin, TranslatedMixin, Model):
    """A members-only post of a delegation (bilingual Markdown, like the news)."""

    __tablename__ = "announcements"
    __table_args__ = (Index("ix_announcements_delegation_created", "delegation_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    delegation: Mapped[Delegation] = relationship()
    translations: Mapped[list[AnnouncementTranslation]] = relationship(
        back_populates="announcement", cascade="all, delete-orphan"
    )


class AnnouncementTranslation(Model):
    __tablename__ = "announcement_translations"
    __table_args__ = (UniqueConstraint("announcement_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")

    announcement: Mapped[Announcement] = relationship(back_populates="translations")


keep_rendered(AnnouncementTranslation, source="body", target="body_html")


class TeamDocument(_Labelled, Model):
    """A document of the delegation's library (a position paper, a briefing note)."""

    __tablename__ = "team_documents"
    __table_args__ = (Index("ix_team_documents_delegation", "delegation_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship()
