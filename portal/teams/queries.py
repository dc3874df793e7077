"""The team page's lists, and loading one membership or invitation of a delegation."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.core.db import delegation_row_or_404
from portal.delegations.models import Membership
from portal.extensions import db
from portal.teams.models import Invitation


def team_memberships(delegation_id: int) -> Sequence[Membership]:
    """Current members (leads first, then by start) and past members, with people."""
    return db.session.scalars(
        select(Membership)
        .where(Membership.delegation_id == delegation_id)
        .order_by(
            Membership.ended_on.is_not(None),
            Membership.role.desc(),
            Membership.started_on,
            Membership.id,
        )
        .options(joinedload(Membership.user))
    ).all()


def waiting_invitations(delegation_id: int) -> list[Invitation]:
    """Invitations neither accepted nor revoked nor expired, newest first."""
    rows = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.delegation_id == delegation_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).all()
    return [invitation for invitation in rows if invitation.is_open]


def delegation_membership_or_404(delegation_id: int, membership_id: int) -> Membership:
    """A membership of this delegation; 404 otherwise."""
    return delegation_row_or_404(Membership, membership_id, delegation_id)
