"""Invitations to join a delegation's team."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.clock import utcnow
from portal.extensions import Model
from portal.teams.enums import InvitationState


class Invitation(Model):
    """An e-mailed, expiring invitation. The link carries a signed token naming this row,
    so accepting it once (or revoking it) makes every copy of the link useless."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role IN ('member', 'lead')", name="role_valid"),
        Index("ix_invitations_delegation_open", "delegation_id", "accepted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16), default="member")
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # {locale: title}
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    @property
    def is_open(self) -> bool:
        return self.state == InvitationState.PENDING

    @property
    def state(self) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.CANCELLED
        if self.expires_at <= utcnow():
            return InvitationState.EXPIRED
        return InvitationState.PENDING
