"""The figures on the workspace home, per delegation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from portal.applications.enums import ApplicationStatus
from portal.delegations.models import Delegation
from portal.delegations.rules import can_manage_delegation
from portal.openings.models import Opening
from portal.openings.queries import closing_soon
from portal.reviews import queries

CLOSING_SOON = timedelta(days=14)


@dataclass
class DelegationSummary:
    """What a delegation's card on the workspace home shows."""

    delegation: Delegation
    is_lead: bool
    counts: dict[str, int]
    closing_soon: list[Opening]
    median_days_to_review: float | None

    @property
    def waiting(self) -> int:
        return self.counts.get(ApplicationStatus.SUBMITTED, 0)


def delegation_summaries(user: Any, delegations: list[Delegation]) -> list[DelegationSummary]:
    """A summary per delegation (a handful per person: a few small queries each)."""
    return [
        DelegationSummary(
            delegation=delegation,
            is_lead=can_manage_delegation(user, delegation.id),
            counts=queries.status_counts(delegation.id),
            closing_soon=list(closing_soon(delegation.id, within=CLOSING_SOON)),
            median_days_to_review=queries.median_days_to_first_review(delegation.id),
        )
        for delegation in delegations
    ]
