"""Reads of the members' space, eager-loaded: a page runs a fixed number of queries
whatever the size of the team."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from portal.accounts.models import User
from portal.applications.models import VolunteerProfile
from portal.core.db import Page, delegation_row_or_404, load_page
from portal.core.models import Document
from portal.delegations.enums import Notify
from portal.delegations.models import Membership
from portal.extensions import db
from portal.members.models import (
    Accreditation,
    AccreditationType,
    Announcement,
    ChecklistItem,
    ChecklistTick,
    Meeting,
    MeetingVolunteer,
    TeamDocument,
)

# Memberships -----------------------------------------------------------------------------


def _current_team(delegation_id: int) -> Select[Membership]:
    return (
        select(Membership)
        .join(Membership.user)
        .where(
            Membership.delegation_id == delegation_id,
            Membership.ended_on.is_(None),
            User.is_active_account.is_(True),
        )
        .options(contains_eager(Membership.user))
    )


def team(delegation_id: int) -> list[Membership]:
    """The delegation's current members (with active accounts), leads first, by name."""
    return list(
        db.session.scalars(
            _current_team(delegation_id).order_by(
                Membership.leads_first(), func.lower(User.name), Membership.id
            )
        )
    )


def team_page(delegation_id: int, *, number: int, per_page: int) -> Page[Membership]:
    """One page of the current team, by name."""
    return load_page(
        _current_team(delegation_id).order_by(func.lower(User.name), Membership.id),
        number=number,
        per_page=per_page,
    )


def member_of_delegation_or_404(delegation_id: int, membership_id: int) -> Membership:
    """A current membership of the delegation, with its person; 404 otherwise."""
    return db.first_or_404(
        select(Membership)
        .where(
            Membership.id == membership_id,
            Membership.delegation_id == delegation_id,
            Membership.ended_on.is_(None),
        )
        .options(joinedload(Membership.user))
    )


def members_to_notify(delegation_id: int, notify: Notify) -> list[Membership]:
    """Current members who chose this way of hearing of announcements."""
    return list(db.session.scalars(_current_team(delegation_id).where(Membership.notify == notify)))


def profiles_of(user_ids: Iterable[int]) -> dict[int, VolunteerProfile]:
    """Volunteer profiles (phone, languages) by person, in two queries."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    return {
        profile.user_id: profile
        for profile in db.session.scalars(
            select(VolunteerProfile)
            .where(VolunteerProfile.user_id.in_(ids))
            .options(selectinload(VolunteerProfile.languages))
        )
    }


# Onboarding ------------------------------------------------------------------------------


def checklist_items(delegation_id: int) -> list[ChecklistItem]:
    """The delegation's onboarding steps, in order, with their documents."""
    return list(
        db.session.scalars(
            select(ChecklistItem)
            .where(ChecklistItem.delegation_id == delegation_id)
            .order_by(ChecklistItem.position, ChecklistItem.id)
            .options(joinedload(ChecklistItem.document))
        )
    )


def checklist_item_or_404(delegation_id: int, item_id: int) -> ChecklistItem:
    """One step of the delegation's checklist; another delegation's is a 404."""
    return delegation_row_or_404(ChecklistItem, item_id, delegation_id)


def ticks(membership_id: int) -> dict[int, ChecklistTick]:
    """The steps a membership has done, by step."""
    return {
        tick.item_id: tick
        for tick in db.session.scalars(
            select(ChecklistTick).where(ChecklistTick.membership_id == membership_id)
        )
    }


def progress(membership_ids: Iterable[int]) -> dict[int, int]:
    """How many steps each membership has done (one query)."""
    ids = list(membership_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(ChecklistTick.membership_id, func.count(ChecklistTick.id))
        .where(ChecklistTick.membership_id.in_(ids))
        .group_by(ChecklistTick.membership_id)
    )
    return {membership_id: count for membership_id, count in rows}


def step_counts(delegation_ids: Iterable[int]) -> dict[int, int]:
    """How many steps each delegation's checklist has (one query)."""
    rows = db.session.execute(
        select(ChecklistItem.delegation_id, func.count(ChecklistItem.id))
        .where(ChecklistItem.delegation_id.in_(list(delegation_ids)))
        .group_by(ChecklistItem.delegation_id)
    )
    return {delegation_id: count for delegation_id, count in rows}


# Accreditations --------------------------------------------------------------------------


def accreditation_types(delegation_id: int) -> list[AccreditationType]:
    """The kinds of accreditation the delegation's members hold, in order."""
    return list(
        db.session.scalars(
            select(AccreditationType)
            .where(AccreditationType.delegation_id == delegation_id)
            .order_by(AccreditationType.position, AccreditationType.id)
        )
    )


def accreditation_type_or_404(delegation_id: int, type_id: int) -> AccreditationType:
    """One kind of the delegation's accreditations; another delegation's is a 404."""
    return delegation_row_or_404(AccreditationType, type_id, delegation_id)


def accreditations_of(user_id: int, delegation_ids: Iterable[int]) -> list[Accreditation]:
    """A person's accreditations of the kinds these delegations use, with their kinds."""
    return list(
        db.session.scalars(
            select(Accreditation)
            .join(Accreditation.type)
            .where(
                Accreditation.user_id == user_id,
                AccreditationType.delegation_id.in_(list(delegation_ids)),
            )
            .order_by(Accreditation.valid_until)
            .options(contains_eager(Accreditation.type), joinedload(Accreditation.scan))
        )
    )


def accreditation_or_404(delegation_id: int, accreditation_id: int) -> Accreditation:
    """An accreditation of one of the delegation's kinds; 404 otherwise."""
    return db.first_or_404(
        select(Accreditation)
        .join(Accreditation.type)
        .where(
            Accreditation.id == accreditation_id,
            AccreditationType.delegation_id == delegation_id,
        )
        .options(contains_eager(Accreditation.type), joinedload(Accreditation.scan))
    )


AccreditationOrder = Literal["expiry", "-expiry", "name"]


def team_accreditations(delegation_id: int, order: AccreditationOrder) -> list[Accreditation]:
    """Every current member's accreditation of the delegation's kinds, soonest expiry
    first (or last, or by name), with holders and kinds."""
    ordering = {
        "expiry": (Accreditation.valid_until, Accreditation.id),
        "-expiry": (Accreditation.valid_until.desc(), Accreditation.id),
        "name": (func.lower(User.name), Accreditation.valid_until),
    }[order]
    return list(
        db.session.scalars(
            select(Accreditation)
            .join(Accreditation.type)
            .join(Accreditation.user)
            .join(
                Membership,
                (Membership.user_id == Accreditation.user_id)
                & (Membership.delegation_id == delegation_id)
                & Membership.ended_on.is_(None),
            )
            .where(AccreditationType.delegation_id == delegation_id)
            .order_by(*ordering)
            .options(
                contains_eager(Accreditation.type),
                contains_eager(Accreditation.user),
                joinedload(Accreditation.scan),
            )
        )
    )


def holders(type_id: int, user_ids: Iterable[int]) -> dict[int, Accreditation]:
    """These people's accreditations of one kind, by person."""
    ids = list(user_ids)
    if not ids:
        return {}
    return {
        accreditation.user_id: accreditation
        for accreditation in db.session.scalars(
            select(Accreditation).where(
                Accreditation.type_id == type_id, Accreditation.user_id.in_(ids)
            )
        )
    }


# Sessions --------------------------------------------------------------------------------


def _meetings() -> Select[Meeting]:
    return select(Meeting).options(
        selectinload(Meeting.translations),
        joinedload(Meeting.accreditation_type),
        joinedload(Meeting.delegation),
    )


def upcoming_meetings(delegation_ids: Iterable[int], today: date) -> list[Meeting]:
    """Sessions that are not over, soonest first (cancelled ones included, marked)."""
    return list(
        db.session.scalars(
            _meetings()
            .where(Meeting.delegation_id.in_(list(delegation_ids)), Meeting.ends_on >= today)
            .order_by(Meeting.starts_on, Meeting.id)
        )
    )


def past_meetings(delegation_id: int, today: date, *, number: int, per_page: int) -> Page[Meeting]:
    """Sessions that are over, latest first, one page."""
    return load_page(
        _meetings()
        .where(Meeting.delegation_id == delegation_id, Meeting.ends_on < today)
        .order_by(Meeting.starts_on.desc(), Meeting.id.desc()),
        number=number,
        per_page=per_page,
    )


def meeting_or_404(delegation_id: int, meeting_id: int) -> Meeting:
    """One of the delegation's sessions with its texts; another's is a 404."""
    return db.first_or_404(
        _meetings().where(Meeting.id == meeting_id, Meeting.delegation_id == delegation_id)
    )


def volunteers(meeting_id: int) -> list[MeetingVolunteer]:
    """Who offered to attend, designated first, then in the order they offered."""
    return list(
        db.session.scalars(
            select(MeetingVolunteer)
            .where(MeetingVolunteer.meeting_id == meeting_id)
            .order_by(
                MeetingVolunteer.designated_at.is_(None),
                MeetingVolunteer.created_at,
                MeetingVolunteer.id,
            )
            .options(joinedload(MeetingVolunteer.user))
        )
    )


def designated(meeting_id: int) -> list[MeetingVolunteer]:
    """The session's representatives, with their people."""
    return [row for row in volunteers(meeting_id) if row.designated_at is not None]


def volunteer_row(meeting_id: int, user_id: int) -> MeetingVolunteer | None:
    """The person's answer for the session, if they gave one."""
    return db.session.scalar(
        select(MeetingVolunteer).where(
            MeetingVolunteer.meeting_id == meeting_id, MeetingVolunteer.user_id == user_id
        )
    )


def volunteer_row_or_404(meeting_id: int, row_id: int) -> MeetingVolunteer:
    """One volunteer of the session, with their person; 404 otherwise."""
    return db.first_or_404(
        select(MeetingVolunteer)
        .where(MeetingVolunteer.id == row_id, MeetingVolunteer.meeting_id == meeting_id)
        .options(joinedload(MeetingVolunteer.user))
    )


def answers_of(user_id: int, meeting_ids: Iterable[int]) -> dict[int, MeetingVolunteer]:
    """The person's answers for these sessions, by session."""
    ids = list(meeting_ids)
    if not ids:
        return {}
    return {
        row.meeting_id: row
        for row in db.session.scalars(
            select(MeetingVolunteer).where(
                MeetingVolunteer.user_id == user_id, MeetingVolunteer.meeting_id.in_(ids)
            )
        )
    }


@dataclass(frozen=True)
class Headcount:
    volunteers: int
    designated: int


def headcounts(meeting_ids: Iterable[int]) -> dict[int, Headcount]:
    """Volunteers and representatives of each session (one query)."""
    ids = list(meeting_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            MeetingVolunteer.meeting_id,
            func.count(MeetingVolunteer.id),
            func.count(MeetingVolunteer.designated_at),
        )
        .where(MeetingVolunteer.meeting_id.in_(ids))
        .group_by(MeetingVolunteer.meeting_id)
    )
    return {meeting_id: Headcount(total, chosen) for meeting_id, total, chosen in rows}


# Announcements and documents -------------------------------------------------------------


def _announcements() -> Select[Announcement]:
    return select(Announcement).options(
        selectinload(Announcement.translations), joinedload(Announcement.delegation)
    )


def announcements_page(delegation_id: int, *, number: int, per_page: int) -> Page[Announcement]:
    """The delegation's announcements, newest first, one page."""
    return load_page(
        _announcements()
        .where(Announcement.delegation_id == delegation_id)
        .order_by(Announcement.created_at.desc(), Announcement.id.desc()),
        number=number,
        per_page=per_page,
    )


def latest_announcements(delegation_ids: Iterable[int], *, limit: int) -> list[Announcement]:
    """The newest announcements of these delegations."""
    return list(
        db.session.scalars(
            _announcements()
            .where(Announcement.delegation_id.in_(list(delegation_ids)))
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(limit)
        )
    )


def announcement_or_404(delegation_id: int, announcement_id: int) -> Announcement:
    """One of the delegation's announcements; another's is a 404."""
    return db.first_or_404(
        _announcements().where(
            Announcement.id == announcement_id, Announcement.delegation_id == delegation_id
        )
    )


def _documents(delegation_id: int) -> Select[TeamDocument]:
    return (
        select(TeamDocument)
        .where(TeamDocument.delegation_id == delegation_id)
        .order_by(TeamDocument.created_at.desc(), TeamDocument.id.desc())
        .options(joinedload(TeamDocument.document))
    )


def documents_page(delegation_id: int, *, number: int, per_page: int) -> Page[TeamDocument]:
    """The delegation's library, newest first, one page, with the files' metadata."""
    return load_page(_documents(delegation_id), number=number, per_page=per_page)


def all_documents(delegation_id: int, *, limit: int = 200) -> list[TeamDocument]:
    """The library for a choice list (a checklist step's document)."""
    return list(db.session.scalars(_documents(delegation_id).limit(limit)))


def kept_upload(document_id: int | None, *, owner_id: int, kind: str) -> Document | None:
    """A file the person chose in a form that came back to be corrected (see
    `services.keep_upload`): theirs, of that kind, and not yet used by anything."""
    if not document_id:
        return None
    return db.session.scalar(
        select(Document).where(
            Document.id == document_id,
            Document.owner_id == owner_id,
            Document.kind == kind,
            unused_document(),
        )
    )


def unused_document() -> ColumnElement[bool]:
    """A document that is neither an accreditation's scan nor in a library."""
    used_as_scan = select(Accreditation.id).where(Accreditation.scan_id == Document.id).exists()
    in_library = select(TeamDocument.id).where(TeamDocument.document_id == Document.id).exists()
    return ~used_as_scan & ~in_library


def document_or_404(delegation_id: int, item_id: int) -> TeamDocument:
    """One document of the delegation's library; another's is a 404."""
    return delegation_row_or_404(
        TeamDocument, item_id, delegation_id, joinedload(TeamDocument.document)
    )
