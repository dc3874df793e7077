"""The figures on the workspace home, per delegation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.applications.enums import ApplicationStatus
from portal.core.clock import utcnow
from portal.delegations.models import Delegation
from portal.delegations.rules import can_manage_delegation
from portal.extensions import db
from portal.openings.models import Opening
from portal.reviews import queries

CLOSING_SOON = timedelta(days=14)


@dataclass
class DelegationSummary:
    delegation: Delegation
    is_lead: bool
    counts: dict[str, int]
    closing_soon: list[Opening]
    median_days_to_review: float | None

    @property
    def waiting(self) -> int:
        return self.counts.get(ApplicationStatus.SUBMITTED, 0)


def delegation_summaries(delegations: list[Delegation]) -> list[DelegationSummary]:
    from flask_login import current_user

    summaries = []
    now = utcnow()
    for delegation in delegations:  # a handful per person: a few small queries each
        closing = db.session.scalars(
            select(Opening)
            .where(
                Opening.delegation_id == delegation.id,
                Opening.is_accepting(now),
                Opening.closes_at <= now + CLOSING_SOON,
            )
            .order_by(Opening.closes_at)
            .options(selectinload(Opening.translations))
        ).all()
        summaries.append(
            DelegationSummary(
                delegation=delegation,
                is_lead=can_manage_delegation(current_user, delegation.id),
                counts=queries.status_counts(delegation.id),
                closing_soon=list(closing),
                median_days_to_review=queries.median_days_to_first_review(delegation.id),
            )
        )
    return summaries
