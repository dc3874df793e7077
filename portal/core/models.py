"""Tables of the ground floor: the e-mail outbox, uploaded documents, the audit trail,
the version of the public content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.core.db import EnumText
from portal.core.enums import OutboxStatus, sql_values
from portal.extensions import Model


class OutboxEmail(Model):
    """A message written in the same transaction as the change that caused it, and
    delivered after the commit; kept with its last error until it leaves."""

    __tablename__ = "outbox_emails"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_values(OutboxStatus)})", name="status_valid"),
        Index("ix_outbox_emails_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))  # template name, for the admin list
    to_address: Mapped[str] = mapped_column(String(254))
    # Where answers go when it is not the portal's address: the lead who wrote the
    # message, or the delegation's contact address.
    reply_to: Mapped[str | None] = mapped_column(String(254))
    # The person the message speaks about, when it is not the recipient ("X has
    # applied" to a lead): erasing that person deletes the message too.
    about_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # An iCalendar invitation sent along (invitation.ics), for interviews.
    calendar: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        EnumText(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class Document(Model):
    """An uploaded file's metadata. The stored name is never the user's: the original
    name is display metadata only. The bytes live in DocumentContent, which no list
    query ever loads."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # "cv", "image"
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    content: Mapped[DocumentContent] = relationship(
        cascade="all, delete-orphan", lazy="raise", single_parent=True
    )


class DocumentContent(Model):
    __tablename__ = "document_contents"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AuditEvent(Model):
    """Who did what, when, from which address. Written once, never edited: an ORM guard
    (core/audit.py) refuses updates and deletes, and no route offers either."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_created", "created_at", "id"),
        Index("ix_audit_events_action", "action", "created_at"),
        Index("ix_audit_events_actor", "actor_id", "created_at"),
        Index("ix_audit_events_subject", "subject_type", "subject_id", "created_at"),
        Index("ix_audit_events_delegation", "delegation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))
    # The delegation the event concerns, for the admins' filter (an id, not a key: the
    # trail outlives whatever it speaks of).
    delegation_id: Mapped[int | None]
    # Identifiers and statuses only: no names, addresses or free text about a person.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ContentVersion(Model):
    """A counter raised by the transaction that changes what public pages show (see
    core/content_version.py); it keys the page cache on every worker and app server."""

    __tablename__ = "content_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=1)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
