"""Volunteer roles and their per-language texts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.core.content_version import public_content
from portal.core.db import EnumText, TimestampMixin, keep_rendered
from portal.core.enums import sql_values
from portal.core.i18n import TranslatedMixin
from portal.delegations.models import Delegation
from portal.extensions import Model
from portal.openings.enums import OpeningStatus


def closing_instant(closes_on: date, timezone: str) -> datetime:
    """The naive-UTC moment a role closes: the end of `closes_on` in `timezone`."""
    local_midnight = datetime.combine(closes_on + timedelta(days=1), time(0), ZoneInfo(timezone))
    return local_midnight.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


@public_content()
class Opening(TimestampMixin, TranslatedMixin, Model):
    __tablename__ = "openings"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_values(OpeningStatus)})", name="status_valid"),
        CheckConstraint("places >= 1", name="places_positive"),
        Index("ix_openings_public", "status", "closes_at"),
        Index("ix_openings_delegation_status", "delegation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[OpeningStatus] = mapped_column(
        EnumText(OpeningStatus), default=OpeningStatus.DRAFT
    )
    is_remote: Mapped[bool] = mapped_column(default=False)
    starts_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    # Derived from closes_on and the delegation's time zone when saved, so that the
    # "still open" filter is one indexed comparison and closing needs no cron job.
    closes_at: Mapped[datetime | None]
    places: Mapped[int] = mapped_column(default=1)

    delegation: Mapped[Delegation] = relationship()
    translations: Mapped[list[OpeningTranslation]] = relationship(
        back_populates="opening", cascade="all, delete-orphan"
    )
    languages: Mapped[list[OpeningLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="OpeningLanguage.id"
    )
    questions: Mapped[list[OpeningQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="OpeningQuestion.position"
    )

    @property
    def is_public(self) -> bool:
        """Readers see open, closed and filled roles; drafts only in the workspace."""
        return self.status != OpeningStatus.DRAFT

    @property
    def required_levels(self) -> dict[str, str]:
        return {item.language: item.min_level for item in self.languages}

    @classmethod
    def is_accepting(cls, at: datetime | None = None):
        """SQL condition: open, and the closing date (if any) has not passed."""
        moment = at or utcnow()
        return and_(
            cls.status == OpeningStatus.OPEN, or_(cls.closes_at.is_(None), cls.closes_at > moment)
        )

    def accepts_applications(self, at: datetime | None = None) -> bool:
        moment = at or utcnow()
        return self.status == OpeningStatus.OPEN and (
            self.closes_at is None or self.closes_at > moment
        )

    def set_closing_date(self, closes_on: date | None, timezone: str) -> None:
        self.closes_on = closes_on
        self.closes_at = closing_instant(closes_on, timezone) if closes_on else None

    def __repr__(self) -> str:
        return f"<Opening {self.slug}>"


@public_content()
class OpeningTranslation(Model):
    __tablename__ = "opening_translations"
    __table_args__ = (UniqueConstraint("opening_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    # The public location filter lists and matches these in the reader's language.
    location: Mapped[str] = mapped_column(String(120), default="", index=True)
    commitment: Mapped[str] = mapped_column(String(120), default="")  # "2 days a month"
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    # The sanitised rendering of description, made when saved (rendering a long text
    # on every view cost 0.7 s).
    description_html: Mapped[str] = mapped_column(Text, default="")

    opening: Mapped[Opening] = relationship(back_populates="translations")


TEXT_FIELDS = ("title", "location", "commitment", "summary", "description")


keep_rendered(OpeningTranslation, source="description", target="description_html")


@public_content()
class OpeningLanguage(Model):
    """A language the role needs, with the minimum CEFR level."""

    __tablename__ = "opening_languages"
    __table_args__ = (
        UniqueConstraint("opening_id", "language"),
        CheckConstraint("min_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')", name="level_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    min_level: Mapped[str] = mapped_column(String(2))


@public_content()
class OpeningQuestion(TranslatedMixin, Model):
    """An extra question of the role's application form."""

    __tablename__ = "opening_questions"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('short_text', 'long_text', 'yes_no', 'choice')", name="kind_valid"
        ),
        Index("ix_opening_questions_opening", "opening_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16))
    is_required: Mapped[bool] = mapped_column(default=False)

    translations: Mapped[list[OpeningQuestionTranslation]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


@public_content()
class OpeningQuestionTranslation(Model):
    __tablename__ = "opening_question_translations"
    __table_args__ = (UniqueConstraint("question_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("opening_questions.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    prompt: Mapped[str] = mapped_column(String(500))
    # For "choice" questions: the options, one per line, in the same order in each language.
    options: Mapped[str] = mapped_column(Text, default="")

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]
