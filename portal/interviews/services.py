"""Offering interview slots, booking one, cancelling, reminding. Flush, never commit.

Booking is one conditional UPDATE ("this slot, if nobody holds it"): of two applicants
picking the same time at once, one gets it and the other a clear refusal, on SQLite
(writers are serialised) as on PostgreSQL (the second UPDATE waits for the first and
then finds the slot taken).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.core.audit import record
from portal.core.calendars import organiser_address
from portal.core.clock import local_to_utc, utc_to_local, utcnow
from portal.core.domain import DomainError
from portal.core.mail import queue_mail
from portal.core.urls import absolute_url
from portal.delegations.models import Delegation
from portal.delegations.queries import current_leads, reviewers
from portal.extensions import db
from portal.interviews import calendar, queries
from portal.interviews.enums import OUTCOMES, InterviewState
from portal.interviews.models import InterviewSlot
from portal.interviews.rules import can_book
from portal.openings.models import Opening

# The reminder goes out this long before the interview (from the worker).
REMIND_BEFORE = timedelta(hours=24)


def offer_slots(
    opening: Opening,
    *,
    day: date,
    times: Iterable[time],
    duration: int,
    location: str,
    video_url: str,
    interviewer_ids: Iterable[int],
    by: User,
) -> list[InterviewSlot]:
    """Offer the role's applicants a set of times on `day`, in the delegation's time
    zone, with who attends from the team (its leads and reviewers)."""
    delegation: Delegation = opening.delegation
    team = {person.id: person for person in reviewers(delegation.id)}
    chosen = list(dict.fromkeys(interviewer_ids))
    if not chosen or not set(chosen) <= set(team):
        raise DomainError(
            _l("Choose who attends from the team's leads and reviewers."), field="interviewers"
        )
    if not location.strip() and not video_url.strip():
        raise DomainError(_l("Give a place or a video link."), field="location")
    wanted = [datetime.combine(day, moment) for moment in times]
    zone = delegation.timezone
    skipped = [m for m in wanted if utc_to_local(local_to_utc(m, zone), zone) != m]
    if skipped:  # the hour the clocks skip in spring does not exist there
        raise DomainError(
            _l(
                "%(time)s does not exist that day in %(zone)s: the clocks change. Choose "
                "another time.",
                time=skipped[0].strftime("%H:%M"),
                zone=zone,
            ),
            field="times",
        )
    starts = sorted({local_to_utc(moment, zone) for moment in wanted})
    if not starts:
        raise DomainError(_l("Give at least one start time, like 10:00."), field="times")
    if starts[0] <= utcnow():
        raise DomainError(_l("These times have passed: choose times to come."), field="day")
    slots = [
        InterviewSlot(
            delegation_id=delegation.id,
            opening_id=opening.id,
            starts_at=start,
            duration_minutes=duration,
            location=location.strip(),
            video_url=video_url.strip(),
            created_by_id=by.id,
            interviewers=[team[person_id] for person_id in chosen],
        )
        for start in starts
    ]
    db.session.add_all(slots)
    db.session.flush()
    return slots


def book(application: Application, slot_id: int, *, by: User) -> InterviewSlot:
    """The applicant takes the slot (giving up the one they held, if any)."""
    if not can_book(by, application):
        raise DomainError(_l("This application is not at the interview stage."))
    held = queries.booking_of(application.id)
    if held is not None and (held.starts_at <= utcnow() or held.outcome):
        raise DomainError(_l("Your interview has already taken place."), field="slot")
    if held is not None and held.id == slot_id:
        return held
    if held is not None:
        _release(held, application, by=by, reason="")
    now = utcnow()
    try:
        claimed = db.session.execute(  # type: ignore[attr-defined]
            update(InterviewSlot)
            .where(
                InterviewSlot.id == slot_id,
                InterviewSlot.opening_id == application.opening_id,
                InterviewSlot.application_id.is_(None),
                InterviewSlot.withdrawn_at.is_(None),
                InterviewSlot.starts_at > now,
            )
            .values(
                application_id=application.id,
                booked_at=now,
                reminded_at=None,
                sequence=InterviewSlot.sequence + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    except IntegrityError:  # the same applicant booking twice at once (PostgreSQL)
        claimed = 0
    if claimed != 1:
        raise DomainError(
            _l("This time was just taken, or is no longer offered: choose another."),
            field="slot",
        )
    slot = db.session.get(InterviewSlot, slot_id)
    assert slot is not None
    db.session.refresh(slot)
    record(
        "interview.booked",
        actor=by,
        subject=application,
        slot_id=slot.id,
        starts_at=slot.starts_at.isoformat(),
    )
    _tell_everyone(slot, application, template="interview_booked", cancelled=False)
    return slot


def cancel_booking(application: Application, *, by: User, reason: str = "") -> None:
    """The applicant gives their time back; everyone's calendar drops it."""
    held = queries.booking_of(application.id)
    if held is None:
        raise DomainError(_l("You have no interview booked."))
    if held.starts_at <= utcnow():
        raise DomainError(_l("This interview has already started."))
    _release(held, application, by=by, reason=reason)


def _release(slot: InterviewSlot, application: Application, *, by: User, reason: str) -> None:
    slot.sequence += 1
    record(
        "interview.cancelled",
        actor=by,
        subject=application,
        slot_id=slot.id,
        starts_at=slot.starts_at.isoformat(),
    )
    _tell_everyone(slot, application, template="interview_cancelled", cancelled=True, reason=reason)
    slot.application_id, slot.booked_at, slot.reminded_at = None, None, None
    db.session.flush()


def ask_other_times(application: Application, *, by: User, message: str) -> None:
    """None of the times suit the applicant: the delegation's leads are told, with the
    applicant's message."""
    if not can_book(by, application):
        raise DomainError(_l("This application is not at the interview stage."))
    for lead in current_leads(application.delegation_id):
        queue_mail(
            to=lead.email,
            template="interview_other_times",
            locale=lead.locale,
            about=application.user_id,
            reply_to=by.email,
            person=lead,
            applicant=by,
            role_title=application.opening.translated("title", lead.locale),
            message=message.strip(),
            application_url=absolute_url(
                "reviews_manage.detail",
                slug=application.opening.delegation.slug,
                application_id=application.id,
                lang_code=lead.locale,
            ),
        )
    record("interview.other_times_asked", actor=by, subject=application)
    db.session.flush()


def withdraw_slot(slot: InterviewSlot, *, by: User) -> None:
    """A lead takes a slot back; if someone booked it, they and the team are told."""
    if slot.withdrawn_at is not None:
        return
    if slot.application is not None:
        if slot.starts_at <= utcnow():
            raise DomainError(_l("This interview has already started."))
        _release(slot, slot.application, by=by, reason="")
    slot.withdrawn_at = utcnow()
    db.session.flush()


def record_outcome(slot: InterviewSlot, outcome: str, *, by: User) -> None:
    """After the interview: held, or the applicant did not come."""
    state = next((s for s in OUTCOMES if s.value == outcome), None)
    if state is None or slot.application is None:
        raise DomainError(_l("Only a booked interview can be marked."))
    if slot.starts_at > utcnow():
        raise DomainError(_l("This interview has not taken place yet."))
    slot.outcome = state.value
    record(
        "interview.held" if state == InterviewState.HELD else "interview.no_show",
        actor=by,
        subject=slot.application,
        slot_id=slot.id,
    )
    db.session.flush()


def send_reminders() -> int:
    """Remind the applicant and the interviewers the day before (booked at least a
    day ahead: a booking made for tomorrow is its own reminder)."""
    sent = 0
    for slot in queries.due_reminders(until=REMIND_BEFORE):
        slot.reminded_at = utcnow()
        application = slot.application
        if application is None or application.status != ApplicationStatus.INTERVIEW:
            continue
        if slot.booked_at is not None and slot.starts_at - slot.booked_at < REMIND_BEFORE:
            continue
        _tell_everyone(slot, application, template="interview_reminder", cancelled=False)
        sent += 1
    db.session.flush()
    return sent


def invitation_for(
    slot: InterviewSlot,
    application: Application,
    *,
    locale: str,
    for_applicant: bool,
    cancelled: bool = False,
) -> str:
    """The .ics of the interview as the applicant or an interviewer receives it, its
    title in `locale`; everyone attending is on it."""
    applicant = application.user
    delegation = application.opening.delegation
    role_title = application.opening.translated("title", locale)
    with force_locale(locale):
        summary = (
            gettext("Interview: %(role)s", role=role_title)
            if for_applicant
            else gettext(
                "Interview of %(name)s: %(role)s",
                name=applicant.name if applicant else "—",
                role=role_title,
            )
        )
    people = ([applicant] if applicant is not None else []) + list(slot.interviewers)
    return calendar.invitation(
        uid=calendar.event_uid(slot.id, application.id),
        sequence=slot.sequence,
        cancelled=cancelled,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        timezone=delegation.timezone,
        summary=summary,
        location=slot.location,
        video_url=slot.video_url,
        description=role_title,
        organiser=(organiser_address(), delegation.translated("name", locale)),
        attendees=[(person.email, person.name) for person in people],
    )


def _tell_everyone(
    slot: InterviewSlot,
    application: Application,
    *,
    template: str,
    cancelled: bool,
    reason: str = "",
) -> None:
    """One message each to the applicant and the interviewers, in their own language,
    with the calendar invitation (or its cancellation)."""
    applicant = application.user
    delegation = application.opening.delegation
    people: list[tuple[Any, bool]] = [(person, False) for person in slot.interviewers]
    if applicant is not None:
        people.insert(0, (applicant, True))
    for person, is_applicant in people:
        locale = person.locale
        role_title = application.opening.translated("title", locale)
        ics = invitation_for(
            slot, application, locale=locale, for_applicant=is_applicant, cancelled=cancelled
        )
        queue_mail(
            to=person.email,
            template=template,
            locale=locale,
            about=None if is_applicant else application.user_id,
            calendar=ics,
            reply_to=delegation.contact_email,
            for_applicant=is_applicant,
            person=person,
            applicant=applicant,
            role_title=role_title,
            delegation_name=delegation.translated("name", locale),
            slot=slot,
            timezone=delegation.timezone,
            interviewers=", ".join(p.name for p in slot.interviewers),
            reason=reason.strip(),
            page_url=absolute_url(
                "interviews.booking", application_id=application.id, lang_code=locale
            )
            if is_applicant
            else absolute_url("interviews_manage.index", slug=delegation.slug, lang_code=locale),
        )
