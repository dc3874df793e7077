"""Statuses of an application, with translated labels and the lead's button wording."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p

from portal.core.enums import ERROR, OK, WARN, LabelledEnum


class ApplicationStatus(LabelledEnum):
    """In pipeline order: the buttons of a lead follow this order."""

    DRAFT = ("draft", _p("application", "Draft"))
    SUBMITTED = ("submitted", _p("application", "Submitted"), WARN)
    IN_REVIEW = ("in_review", _p("application", "In review"), WARN, _l("Mark in review"))
    INTERVIEW = ("interview", _p("application", "Interview"), WARN, _l("Invite to an interview"))
    ACCEPTED = ("accepted", _p("application", "Accepted"), OK, _l("Accept"))
    WAITLISTED = (
        "waitlisted",
        _p("application", "Waitlisted"),
        WARN,
        _l("Put on the waiting list"),
    )
    DECLINED = ("declined", _p("application", "Declined"), ERROR, _l("Decline"))
    WITHDRAWN = ("withdrawn", _p("application", "Withdrawn"), "", _l("Withdraw"))
