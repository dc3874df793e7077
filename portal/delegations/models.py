"""Delegation and its per-language texts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.core.content_version import public_content
from portal.core.db import EnumText, TimestampMixin, keep_rendered
from portal.core.i18n import Localized, TranslatedMixin, localize_label
from portal.delegations.enums import Listing, MembershipRole, Notify
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.accounts.models import User


@public_content()
class Delegation(TimestampMixin, TranslatedMixin, Model):
    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True, index=True)
    # Closing dates of the delegation's volunteer roles end at midnight in this zone.
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    # Where applicants' answers to the team's messages go (Reply-To); when empty, to the
    # lead who sent the message.
    contact_email: Mapped[str | None] = mapped_column(String(254))

    translations: Mapped[list[DelegationTranslation]] = relationship(
        back_populates="delegation", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Delegation {self.slug}>"


# The texts an admin writes per language.
TEXT_FIELDS = ("name", "heading", "summary", "news_heading", "news_intro", "description")


@public_content()
class DelegationTranslation(Model):
    __tablename__ = "delegation_translations"
    __table_args__ = (UniqueConstraint("delegation_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(120))  # "European Union"
    heading: Mapped[str] = mapped_column(String(200))  # "MMM at the European Union"
    summary: Mapped[str] = mapped_column(Text, default="")  # the overview's short text
    news_heading: Mapped[str] = mapped_column(String(200), default="")
    news_intro: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown, delegation page
    # Its sanitised rendering, made when saved.
    description_html: Mapped[str] = mapped_column(Text, default="")

    delegation: Mapped[Delegation] = relationship(back_populates="translations")


keep_rendered(DelegationTranslation, source="description", target="description_html")


@public_content()
class Membership(TimestampMixin, Model):
    """A person's place in a delegation's team. Ended memberships are kept as history."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint("role IN ('member', 'lead')", name="role_valid"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates_ordered"),
        CheckConstraint("notify IN ('immediate', 'weekly', 'none')", name="notify_valid"),
        Index("ix_memberships_user_current", "user_id", "ended_on"),
        Index("ix_memberships_delegation_current", "delegation_id", "ended_on", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    role: Mapped[MembershipRole] = mapped_column(
        EnumText(MembershipRole), default=MembershipRole.MEMBER
    )
    # The public title per language: {"en": "Representative at UNESCO", "fr": ...}
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    is_reviewer: Mapped[bool] = mapped_column(default=False)
    # Being named on the public delegation page is the member's own choice (None: not
    # asked yet); the lead may hide a member who chose it, never show one who did not.
    listing_consent: Mapped[bool | None]
    hidden_by_lead: Mapped[bool] = mapped_column(default=False)
    started_on: Mapped[date] = mapped_column(default=lambda: utcnow().date())
    # The end of the member's term (a mandate, an accreditation period), when it has one.
    term_ends_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    # The day the leads were reminded that the term ends (once per term end).
    term_reminded_on: Mapped[date | None]
    # What the member shares with the team's directory (their choice; name, title and
    # languages are always shown to the team).
    shares_email: Mapped[bool] = mapped_column(default=False)
    shares_phone: Mapped[bool] = mapped_column(default=False)
    notify: Mapped[Notify] = mapped_column(
        EnumText(Notify), default=Notify.IMMEDIATE, server_default="immediate"
    )
    # Until when the weekly digest has told the member of announcements.
    digest_sent_at: Mapped[datetime | None]

    delegation: Mapped[Delegation] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def localized_title(self, locale: str | None = None) -> Localized[Any] | None:
        """The public title in the reader's language, or the fallback one."""
        return localize_label(self.titles, locale)

    @hybrid_property
    def is_listed(self) -> bool:
        """Named on the public delegation page: the member chose it and the lead has not
        hidden them. The one statement of that rule, in Python and in SQL."""
        return bool(self.listing_consent) and not self.hidden_by_lead

    @is_listed.inplace.expression
    @classmethod
    def _is_listed_expression(cls) -> ColumnElement[bool]:
        return and_(cls.listing_consent.is_(True), cls.hidden_by_lead.is_(False))

    @property
    def listing(self) -> Listing:
        """Whether the member is on the public page, and why."""
        if self.listing_consent is None:
            return Listing.NOT_ASKED
        if not self.listing_consent:
            return Listing.DECLINED
        return Listing.HIDDEN if self.hidden_by_lead else Listing.LISTED

    @classmethod
    def leads_first(cls) -> ColumnElement[int]:
        """An ORDER BY term that puts leads before members (the stored values, "lead"
        and "member", do not sort that way)."""
        return case((cls.role == MembershipRole.LEAD, 0), else_=1)

    @hybrid_property
    def reviews(self) -> bool:
        """Who reviews for a delegation: its leads, and members marked as reviewers.

        The one statement of that rule, in Python (rights of the signed-in person) and in
        SQL (the list of a delegation's reviewers).
        """
        return self.role == MembershipRole.LEAD or self.is_reviewer

    @reviews.inplace.expression
    @classmethod
    def _reviews_expression(cls) -> ColumnElement[bool]:
        return or_(cls.role == MembershipRole.LEAD, cls.is_reviewer.is_(True))

    def set_role(self, role: str, *, reviewer: bool | None = None) -> None:
        """Give the person `role`; leads always review, members when `reviewer` says so
        (None keeps their current right)."""
        self.role = MembershipRole(role)
        wanted = self.is_reviewer if reviewer is None else reviewer
        self.is_reviewer = bool(wanted) or self.role == MembershipRole.LEAD
