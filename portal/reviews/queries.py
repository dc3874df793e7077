"""The lead's applicants list, application page, messages and figures, eager-loaded."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from portal.accounts.models import User
from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.core.clock import utcnow
from portal.core.db import Page, days_between, delegation_row_or_404, load_page
from portal.extensions import db
from portal.openings.models import Opening, OpeningQuestion
from portal.reviews.enums import NoticeState
from portal.reviews.models import DecisionNotice, Review, ReviewAssignment

SORTS = ("date", "score")


@dataclass(frozen=True)
class ApplicantFilters:
    """The filters and sort of the lead's applicants list."""

    opening_id: int | None = None
    status: str | None = None
    meets_languages: bool | None = None
    query: str = ""
    assigned_to: int | None = None  # "assigned to me, not yet reviewed"
    sort: str = "date"


def applicants(delegation_id: int, filters: ApplicantFilters) -> Select[Any]:
    """Submitted applications of one delegation (never drafts), filtered and sorted."""
    statement = select(Application).where(
        Application.delegation_id == delegation_id,
        Application.status != ApplicationStatus.DRAFT,
    )
    if filters.opening_id:
        statement = statement.where(Application.opening_id == filters.opening_id)
    if filters.status:
        statement = statement.where(Application.status == filters.status)
    if filters.meets_languages is not None:
        statement = statement.where(Application.meets_languages.is_(filters.meets_languages))
    if filters.query:
        statement = statement.join(User, User.id == Application.user_id).where(
            User.name_or_email_contains(filters.query)
        )
    if filters.assigned_to:
        statement = statement.where(
            select(ReviewAssignment.id)
            .where(
                ReviewAssignment.application_id == Application.id,
                ReviewAssignment.reviewer_id == filters.assigned_to,
            )
            .exists(),
            ~select(Review.id)
            .where(
                Review.application_id == Application.id, Review.reviewer_id == filters.assigned_to
            )
            .exists(),
        )
    if filters.sort == "score":
        # Unreviewed applications last on every database. Said with NULLS LAST (SQLite's
        # own order for DESC) rather than a CASE, SQLite walks the (delegation_id,
        # review_average, id) index and stops at the page: 0.1 ms instead of sorting
        # every application of the delegation (5 ms at 100,000).
        return statement.order_by(
            Application.review_average.desc().nulls_last(), Application.id.desc()
        )
    return statement.order_by(Application.submitted_at.desc(), Application.id.desc())


def applicants_page(
    delegation_id: int, filters: ApplicantFilters, *, number: int, per_page: int
) -> Page[Any]:
    """One page of the applicants list as plain rows of what the list shows: id,
    status, submitted_at, meets_languages, review_average, review_count, the
    applicant's name and email (None once erased) and opening_id. The ordering works on
    narrow rows, and no ORM object is built for a line of a list."""
    person = aliased(User)
    statement = (
        applicants(delegation_id, filters)
        .with_only_columns(
            Application.id,
            Application.status,
            Application.submitted_at,
            Application.meets_languages,
            Application.review_average,
            Application.review_count,
            Application.opening_id,
            person.name,
            person.email,
        )
        .outerjoin(person, person.id == Application.user_id)
    )
    rows: Select[Any] = statement  # type: ignore[assignment]  # a row of columns
    return load_page(rows, number=number, per_page=per_page, plain_rows=True)


def applicants_for_export(
    delegation_id: int, filters: ApplicantFilters, *, limit: int
) -> Iterable[Application]:
    """The filtered list for the export (at most `limit` rows), with what it shows."""
    statement = applicants(delegation_id, filters).limit(limit)
    opening = joinedload(Application.opening)
    return db.session.scalars(
        statement.options(
            joinedload(Application.user),
            opening.selectinload(Opening.translations),
            opening.selectinload(Opening.questions).selectinload(OpeningQuestion.translations),
            selectinload(Application.languages),
        )
    ).unique()


def applications_of_delegation(delegation_id: int, ids: list[int]) -> list[Application]:
    """The applications among `ids` that belong to the delegation (others are ignored)."""
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.id.in_(ids), Application.delegation_id == delegation_id)
            .options(
                selectinload(Application.user),
                selectinload(Application.opening).selectinload(Opening.translations),
            )
        )
    )


def application_for_review(application_id: int, delegation_id: int) -> Application | None:
    """An application of the delegation with everything the review page shows."""
    return db.session.scalars(
        select(Application)
        .where(Application.id == application_id, Application.delegation_id == delegation_id)
        .options(
            joinedload(Application.user),
            joinedload(Application.cv),
            selectinload(Application.languages),
            selectinload(Application.history),
            joinedload(Application.opening).selectinload(Opening.translations),
            joinedload(Application.opening).selectinload(Opening.languages),
            joinedload(Application.opening)
            .selectinload(Opening.questions)
            .selectinload(OpeningQuestion.translations),
        )
    ).first()


def reviewed_among(reviewer_id: int, application_ids: list[int]) -> set[int]:
    """Which of these applications the reviewer has reviewed (one query)."""
    if not application_ids:
        return set()
    return set(
        db.session.scalars(
            select(Review.application_id).where(
                Review.reviewer_id == reviewer_id, Review.application_id.in_(application_ids)
            )
        )
    )


def reviews_of(application_id: int) -> list[Review]:
    """Every review of the application, oldest first, with its reviewer."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.application_id == application_id)
            .order_by(Review.created_at)
            .options(joinedload(Review.reviewer))
        )
    )


def assigned_reviewer_ids(application_id: int) -> set[int]:
    """Who was asked to review the application."""
    return set(
        db.session.scalars(
            select(ReviewAssignment.reviewer_id).where(
                ReviewAssignment.application_id == application_id
            )
        )
    )


def status_counts(delegation_id: int) -> dict[str, int]:
    """{status: number} of the delegation's applications past the draft."""
    return dict(
        db.session.execute(
            select(Application.status, func.count(Application.id))
            .where(
                Application.delegation_id == delegation_id,
                Application.status != ApplicationStatus.DRAFT,
            )
            .group_by(Application.status)
        ).all()
    )


def median_days_to_first_review(delegation_id: int, *, months: int = 12) -> float | None:
    """Median days from submission to the first review, over the last `months`."""
    since = utcnow() - timedelta(days=30 * months)
    # The database subtracts (a number per row, no timestamps to parse) from the
    # covering index ix_applications_delegation_review_time.
    days = list(
        db.session.scalars(
            select(days_between(Application.submitted_at, Application.first_reviewed_at)).where(
                Application.delegation_id == delegation_id,
                Application.first_reviewed_at.is_not(None),
                Application.submitted_at >= since,
            )
        )
    )
    return round(median(days), 1) if days else None


def draft_notices(delegation_id: int) -> Sequence[DecisionNotice]:
    """Decision messages waiting for the lead, oldest first, with their applicants."""
    return db.session.scalars(
        select(DecisionNotice)
        .where(
            DecisionNotice.delegation_id == delegation_id,
            DecisionNotice.state == NoticeState.DRAFT,
        )
        .order_by(DecisionNotice.created_at, DecisionNotice.id)
        .options(joinedload(DecisionNotice.application).joinedload(Application.user))
    ).all()


def delegation_notice_or_404(delegation_id: int, notice_id: int) -> DecisionNotice:
    """A decision message of this delegation; 404 otherwise."""
    return delegation_row_or_404(DecisionNotice, notice_id, delegation_id)


def messages_sent_about(application_id: int) -> Sequence[DecisionNotice]:
    """The messages the delegation sent the applicant about an application, oldest
    first (the applicant's page shows them in its history)."""
    return db.session.scalars(
        select(DecisionNotice)
        .where(
            DecisionNotice.application_id == application_id,
            DecisionNotice.state == NoticeState.QUEUED,
        )
        .order_by(DecisionNotice.updated_at, DecisionNotice.id)
    ).all()


def message_left(application_id: int, *, since: datetime) -> bool:
    """Whether a message about the application was sent since `since`."""
    return bool(
        db.session.scalar(
            select(DecisionNotice.id)
            .where(
                DecisionNotice.application_id == application_id,
                DecisionNotice.state == NoticeState.QUEUED,
                DecisionNotice.created_at >= since,
            )
            .limit(1)
        )
    )


def draft_notices_since(application_id: int, *, since: datetime) -> Sequence[DecisionNotice]:
    """The messages drafted about the application since `since`, not yet sent."""
    return db.session.scalars(
        select(DecisionNotice).where(
            DecisionNotice.application_id == application_id,
            DecisionNotice.state == NoticeState.DRAFT,
            DecisionNotice.created_at >= since,
        )
    ).all()


def accepted_count(opening_id: int) -> int:
    """How many applicants a role has accepted (to compare with its places)."""
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Application)
            .where(
                Application.opening_id == opening_id,
                Application.status == ApplicationStatus.ACCEPTED,
            )
        )
        or 0
    )
