"""Applications as their owner sees them, and counts for the leads' lists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application, VolunteerProfile
from portal.core.db import Page, load_page
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.openings.models import Opening, OpeningQuestion


def find_application(opening_id: int, user_id: int) -> Application | None:
    """The person's application for the role (draft or not), if any."""
    return db.session.scalars(
        select(Application).where(
            Application.opening_id == opening_id, Application.user_id == user_id
        )
    ).first()


def application_state(opening_id: int, user_id: int) -> Any | None:
    """What the role page says of the person's application for the role: a row of its
    id, status and submitted_at, or None (no ORM object: the page asks it every time)."""
    return db.session.execute(
        select(Application.id, Application.status, Application.submitted_at).where(
            Application.opening_id == opening_id, Application.user_id == user_id
        )
    ).first()


def own_applications_page(user_id: int, *, number: int, per_page: int) -> Page[Application]:
    """A person's applications, newest first, with their roles and delegations."""
    statement = (
        select(Application)
        .where(Application.user_id == user_id)
        .order_by(Application.created_at.desc(), Application.id.desc())
        .options(
            selectinload(Application.opening).selectinload(Opening.translations),
            selectinload(Application.opening)
            .selectinload(Opening.delegation)
            .selectinload(Delegation.translations),
            selectinload(Application.cv),
        )
    )
    return load_page(statement, number=number, per_page=per_page)


def own_application_or_404(application_id: int, user_id: int) -> Application:
    """One of the person's applications with everything its page shows; another
    person's id is a 404, as if it did not exist."""
    return db.first_or_404(
        select(Application)
        .where(Application.id == application_id, Application.user_id == user_id)
        .options(
            selectinload(Application.opening).selectinload(Opening.translations),
            selectinload(Application.opening).selectinload(Opening.languages),
            selectinload(Application.opening)
            .selectinload(Opening.questions)
            .selectinload(OpeningQuestion.translations),
            selectinload(Application.languages),
            selectinload(Application.history),
            selectinload(Application.cv),
        )
    )


def application_with_cv_or_404(application_id: int) -> Application:
    """An application and its CV's metadata (never its bytes); 404 if none."""
    return db.first_or_404(
        select(Application)
        .where(Application.id == application_id)
        .options(selectinload(Application.cv))
    )


def sent_counts_by_opening(delegation_id: int) -> dict[int, int]:
    """{opening id: applications past the draft} for a delegation's roles."""
    rows = db.session.execute(
        select(Application.opening_id, func.count(Application.id))
        .where(
            Application.delegation_id == delegation_id,
            Application.status != ApplicationStatus.DRAFT,
        )
        .group_by(Application.opening_id)
    ).all()
    return {opening_id: count for opening_id, count in rows}


def profile_of(user_id: int) -> VolunteerProfile | None:
    """The person's volunteer profile with its languages and CV, if they wrote one."""
    return db.session.scalars(
        select(VolunteerProfile)
        .where(VolunteerProfile.user_id == user_id)
        .options(selectinload(VolunteerProfile.languages), selectinload(VolunteerProfile.cv))
    ).first()
