"""Who may review, decide, assign, and read the others' reviews."""

from __future__ import annotations

import re
from typing import Any

from portal.accounts.rules import is_admin
from portal.applications import workflow
from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.applications.rules import is_owner
from portal.delegations.rules import can_manage_delegation, can_review_in
from portal.reviews.models import Review


def can_review(user: Any, application: Application) -> bool:
    """Reviewers of the delegation, on a submitted application that is not their own."""
    return (
        application.status != ApplicationStatus.DRAFT
        and not is_owner(user, application)
        and can_review_in(user, application.delegation_id)
    )


def can_decide(user: Any, application: Application) -> bool:
    """Leads of the delegation (and admins) move applications through the pipeline."""
    return application.status != ApplicationStatus.DRAFT and can_manage_delegation(
        user, application.delegation_id
    )


def decision_choices(user: Any, application: Application) -> list[ApplicationStatus]:
    """The statuses `user` may move the application to: the team's moves of the status
    machine (never the applicant's own, such as withdrawing), for those who decide.
    The buttons show these; the service refuses anything else."""
    if not can_decide(user, application):
        return []
    return workflow.team_moves(application)


def can_undo(user: Any, application: Application, *, message_left: bool) -> bool:
    """Those who decide may take back the latest move for a short while, and never once
    the applicant has been written to about it."""
    return (
        can_decide(user, application)
        and not message_left
        and workflow.last_team_move(application) is not None
    )


def can_read_reviews(user: Any, own_review: Review | None) -> bool:
    """The others' reviews, and the average they make, show only once one's own is
    written, so that the first opinion does not steer the rest. Admins, who do not
    review, always see them."""
    return own_review is not None or is_admin(user)


def can_sort_by_score(user: Any, delegation_id: int) -> bool:
    """Ranking by score tells what others thought: only for those who decide."""
    return can_manage_delegation(user, delegation_id)


# A part of a drafted message the lead must write before it can go: "{interview_details}".
PLACEHOLDER = re.compile(r"\{[a-z][a-z_]*\}")


def unfilled_placeholders(*texts: str) -> list[str]:
    """The placeholders still in a message's subject or text (it may not be sent)."""
    return sorted({match.group(0) for text in texts for match in PLACEHOLDER.finditer(text)})


def is_out_of_date(notice: Any) -> bool:
    """A drafted message whose decision no longer holds (the applicant withdrew and
    applied again, the lead undid it): it must not go."""
    return bool(notice.application.status != notice.status)
