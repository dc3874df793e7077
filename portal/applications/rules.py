"""Who may see and act on an application."""

from __future__ import annotations

from typing import Any

from portal.accounts.rules import is_admin
from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.delegations.rules import can_manage_delegation, current_memberships


def is_owner(user: Any, application: Application) -> bool:
    return bool(getattr(user, "is_authenticated", False) and application.user_id == user.id)


def can_review_in(user: Any, delegation_id: int) -> bool:
    """Leads and members marked as reviewers of the delegation (and admins)."""
    if can_manage_delegation(user, delegation_id):
        return True
    return any(
        m.delegation_id == delegation_id and m.is_reviewer for m in current_memberships(user)
    )


def can_see_application(user: Any, application: Application) -> bool:
    """Reviewers see submitted applications of their delegation, never drafts."""
    if application.status == ApplicationStatus.DRAFT:
        return is_owner(user, application)
    return is_owner(user, application) or can_review_in(user, application.opening.delegation_id)


def can_withdraw(user: Any, application: Application) -> bool:
    from portal.applications.workflow import can_transition

    return is_owner(user, application) and can_transition(application, ApplicationStatus.WITHDRAWN)


def can_download_cv(user: Any, application: Application) -> bool:
    return is_admin(user) or can_see_application(user, application)
