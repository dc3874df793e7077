"""News posts and their per-language texts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.core.content_version import public_content
from portal.core.db import EnumText, TimestampMixin, keep_rendered
from portal.core.enums import sql_values
from portal.core.i18n import TranslatedMixin
from portal.core.models import Document
from portal.core.text import excerpt, plain_text
from portal.delegations.models import Delegation
from portal.extensions import Model
from portal.news.enums import PostStatus, PublicationState
from portal.openings.models import Opening

if TYPE_CHECKING:
    from portal.accounts.models import User


# The volunteer roles a post calls for ("we are looking for..."): shown under it as
# cards with their closing date and an "Apply" button.
news_post_openings = Table(
    "news_post_openings",
    Model.metadata,
    Column("post_id", ForeignKey("news_posts.id", ondelete="CASCADE"), primary_key=True),
    Column("opening_id", ForeignKey("openings.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_news_post_openings_opening_id", "opening_id"),
)


@public_content()
class NewsPost(TimestampMixin, TranslatedMixin, Model):
    __tablename__ = "news_posts"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_values(PostStatus)})", name="status_valid"),
        CheckConstraint("status = 'draft' OR published_at IS NOT NULL", name="published_has_date"),
        # The public lists filter on status and time and sort by (published_at, id).
        Index("ix_news_posts_public", "status", "published_at", "id"),
        Index("ix_news_posts_delegation_public", "delegation_id", "status", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[PostStatus] = mapped_column(EnumText(PostStatus), default=PostStatus.DRAFT)
    published_at: Mapped[datetime | None]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set when a published post's content changes: shown as "updated on".
    content_updated_at: Mapped[datetime | None]
    # The cover, re-encoded at two widths (see news/images.py).
    cover_large_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    cover_small_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )

    delegation: Mapped[Delegation] = relationship()
    translations: Mapped[list[NewsPostTranslation]] = relationship(
        back_populates="post", cascade="all, delete-orphan"
    )
    author: Mapped[User | None] = relationship()
    cover_large: Mapped[Document | None] = relationship(foreign_keys=[cover_large_id])
    cover_small: Mapped[Document | None] = relationship(foreign_keys=[cover_small_id])
    openings: Mapped[list[Opening]] = relationship(
        secondary=news_post_openings, order_by=Opening.id
    )

    @property
    def public_openings(self) -> list[Opening]:
        """The roles it calls for that readers may see (not drafts)."""
        return [opening for opening in self.openings if opening.is_public]

    @property
    def slug_is_locked(self) -> bool:
        """Once published (even if unpublished since), the address never changes."""
        return self.published_at is not None

    @property
    def display_status(self) -> PublicationState:
        """Draft, scheduled or published, as the workspace shows it."""
        if self.status == PostStatus.DRAFT:
            return PublicationState.DRAFT
        if self.published_at is not None and self.published_at > utcnow():
            return PublicationState.SCHEDULED
        return PublicationState.PUBLISHED

    @classmethod
    def is_public(cls, at: datetime | None = None):
        """SQL condition: published and its publication time has come."""
        return and_(cls.status == PostStatus.PUBLISHED, cls.published_at <= (at or utcnow()))

    def __repr__(self) -> str:
        return f"<NewsPost {self.slug}>"


# The texts a lead writes per language (body_html is derived from body).
TEXT_FIELDS = ("title", "dateline", "summary", "body", "cover_alt")


@public_content()
class NewsPostTranslation(Model):
    __tablename__ = "news_post_translations"
    __table_args__ = (UniqueConstraint("post_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("news_posts.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    dateline: Mapped[str] = mapped_column(String(80), default="")  # "UN Geneva", "ONU Genève"
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    body_html: Mapped[str] = mapped_column(Text, default="")  # sanitised rendering of body
    cover_alt: Mapped[str] = mapped_column(String(300), default="")

    @property
    def teaser(self) -> str:
        """The summary, or a clean excerpt of the body (whole words, no markup)."""
        return self.summary or excerpt(plain_text(self.body_html), 240)

    @property
    def summary_repeats_body(self) -> bool:
        """Whether the text opens with the summary (the post page then shows it once)."""
        summary = " ".join(self.summary.split())
        return bool(summary) and " ".join(plain_text(self.body_html).split()).startswith(summary)

    post: Mapped[NewsPost] = relationship(back_populates="translations")


keep_rendered(NewsPostTranslation, source="body", target="body_html")
