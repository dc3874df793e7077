"""The status machine: the only code that assigns an application's status.

Every change is recorded (who, when, from, to, note); a forbidden change is refused
with a translated message.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.applications.enums import ApplicationStatus as S
from portal.applications.models import Application, StatusChange
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.domain import DomainError
from portal.extensions import db

ALLOWED: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset(
        {S.IN_REVIEW, S.INTERVIEW, S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN}
    ),
    S.IN_REVIEW: frozenset({S.INTERVIEW, S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN}),
    S.INTERVIEW: frozenset({S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN}),
    S.WAITLISTED: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset(),
    S.DECLINED: frozenset(),
    # A withdrawn application becomes a draft again when its author applies anew
    # (while the role takes applications: applications/rules.apply_block).
    S.WITHDRAWN: frozenset({S.DRAFT}),
}
DECISIONS = frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN})
# Moves that only the applicant makes: sending the application, and withdrawing it.
APPLICANT_MOVES = frozenset({S.DRAFT, S.SUBMITTED, S.WITHDRAWN})


def can_transition(application: Application, to: S) -> bool:
    """Whether the status machine allows the move, whoever makes it."""
    return to in ALLOWED[S(application.status)]


def team_moves(application: Application) -> list[S]:
    """The statuses a delegation's team may move the application to, in pipeline order."""
    allowed = ALLOWED[S(application.status)] - APPLICANT_MOVES
    return [status for status in S if status in allowed]


def transition(application: Application, to: S, *, by: Any, note: str = "") -> StatusChange:
    """Move `application` to `to`, recording the change; refuse a forbidden move."""
    current, to = S(application.status), S(to)
    if to not in ALLOWED[current]:
        raise DomainError(
            _l(
                "An application cannot go from “%(current)s” to “%(target)s”.",
                current=current.label,
                target=to.label,
            )
        )
    now = utcnow()
    application.status = to
    if to == S.SUBMITTED:
        application.submitted_at = now
    if to in DECISIONS:
        application.decided_at = now
    if to == S.DRAFT:  # applying anew after withdrawing
        application.submitted_at = application.decided_at = None
    change = StatusChange(
        from_status=current,
        to_status=to,
        by_user_id=getattr(by, "id", None),
        note=note.strip(),
        created_at=now,
    )
    application.history.append(change)
    record(
        "application.status_changed",
        actor=by,
        subject=application,
        from_status=current.value,
        to_status=to.value,
    )
    db.session.flush()
    return change


# A team's move can be taken back for this long (and, for a decision the applicant is
# told of, only while its message has not left: reviews.rules.can_undo).
UNDO_WINDOW = timedelta(minutes=30)


def last_team_move(application: Application) -> StatusChange | None:
    """The application's latest change, if it is a team's move still within the window."""
    if not application.history:
        return None
    last = application.history[-1]
    if last.to_status in APPLICANT_MOVES or last.from_status is None:
        return None
    if last.note == UNDONE or utcnow() - last.created_at > UNDO_WINDOW:
        return None
    return last


UNDONE = "↶"  # the note of a change that takes back the one before it


def undo(application: Application, *, by: Any) -> StatusChange:
    """Take back the latest team's move: the application returns to the status it had,
    and the history keeps both changes."""
    last = last_team_move(application)
    if last is None or last.from_status is None:
        raise DomainError(_l("This change can no longer be undone."))
    now = utcnow()
    application.status = last.from_status
    if last.to_status in DECISIONS:
        application.decided_at = None
    change = StatusChange(
        from_status=last.to_status,
        to_status=last.from_status,
        by_user_id=getattr(by, "id", None),
        note=UNDONE,
        created_at=now,
    )
    application.history.append(change)
    record(
        "application.status_undone",
        actor=by,
        subject=application,
        from_status=last.to_status.value,
        to_status=last.from_status.value,
    )
    db.session.flush()
    return change
