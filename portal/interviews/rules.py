"""Who may book, offer and record interviews."""

from __future__ import annotations

from typing import Any

from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.applications.rules import is_owner


def can_book(user: Any, application: Application) -> bool:
    """The applicant, while their application is at the interview stage."""
    return is_owner(user, application) and application.status == ApplicationStatus.INTERVIEW
