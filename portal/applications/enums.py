"""Statuses of an application, with translated labels."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INTERVIEW = "interview"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(_LABELS[self])


_LABELS = {
    ApplicationStatus.DRAFT: _l("Draft"),
    ApplicationStatus.SUBMITTED: _l("Submitted"),
    ApplicationStatus.IN_REVIEW: _l("In review"),
    ApplicationStatus.INTERVIEW: _l("Interview"),
    ApplicationStatus.ACCEPTED: _l("Accepted"),
    ApplicationStatus.WAITLISTED: _l("Waitlisted"),
    ApplicationStatus.DECLINED: _l("Declined"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}

STATUS_VALUES = tuple(status.value for status in ApplicationStatus)
