"""Who may apply, and who may see and act on an application."""

from __future__ import annotations

from enum import Enum
from typing import Any

from portal.accounts.rules import is_admin
from portal.applications import workflow
from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.delegations.rules import can_review_in
from portal.openings.models import Opening

# The applications their author may still write and send: a draft, and one they withdrew
# (applying again reopens it as a draft, with its history).
OPEN_TO_THE_APPLICANT = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN})


class ApplyBlock(Enum):
    """Why a person cannot submit an application for a role now."""

    CLOSED = "closed"  # the role does not take applications (any more)
    UNCONFIRMED = "unconfirmed"  # the person has not confirmed their address
    ALREADY_APPLIED = "already_applied"  # their application is past the draft


def apply_block(user: Any, opening: Opening, application: Application | None) -> ApplyBlock | None:
    """The rule of applying: a confirmed person, a role that takes applications, and no
    application of theirs under way (a draft, or one they withdrew, may be sent anew).
    None when they may submit."""
    if application is not None and application.status not in OPEN_TO_THE_APPLICANT:
        return ApplyBlock.ALREADY_APPLIED
    if not opening.accepts_applications():
        return ApplyBlock.CLOSED
    if not (getattr(user, "is_authenticated", False) and user.is_confirmed):
        return ApplyBlock.UNCONFIRMED
    return None


def is_owner(user: Any, application: Application) -> bool:
    """Whether the application is the signed-in person's own."""
    return bool(getattr(user, "is_authenticated", False) and application.user_id == user.id)


def can_see_application(user: Any, application: Application) -> bool:
    """Owners see their own; reviewers see submitted applications of their delegation,
    never drafts."""
    if application.status == ApplicationStatus.DRAFT:
        return is_owner(user, application)
    return is_owner(user, application) or can_review_in(user, application.delegation_id)


def can_withdraw(user: Any, application: Application) -> bool:
    """The applicant may withdraw while the workflow allows it."""
    return is_owner(user, application) and workflow.can_transition(
        application, ApplicationStatus.WITHDRAWN
    )


def can_download_cv(user: Any, application: Application) -> bool:
    """Whoever may see the application, and admins."""
    return is_admin(user) or can_see_application(user, application)
