"""Operations of the members' space. Flush, never commit; refuse with DomainError.

E-mails are written into the outbox in the same transaction (the worker sends them);
a session's representatives get an iCalendar invitation that follows every change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.db import sync_translations
from portal.core.domain import DomainError
from portal.core.i18n import clean_labels
from portal.core.mail import queue_mail
from portal.core.models import Document
from portal.core.uploads import CheckedFile, store
from portal.core.urls import absolute_url
from portal.delegations.enums import Notify
from portal.delegations.models import Delegation, Membership
from portal.delegations.queries import current_leads, current_membership
from portal.delegations.rules import can_manage_delegation
from portal.extensions import db
from portal.members import calendar, queries
from portal.members.models import (
    Accreditation,
    AccreditationType,
    Announcement,
    AnnouncementTranslation,
    ChecklistItem,
    ChecklistTick,
    Meeting,
    MeetingTranslation,
    MeetingVolunteer,
    TeamDocument,
)
from portal.members.rules import is_past, volunteering_open
from portal.news.enums import PostStatus
from portal.news.models import NewsPost
from portal.news.services import PostInput, save_post

# Welcome ---------------------------------------------------------------------------------


def welcome(membership: Membership) -> None:
    """E-mail a new member their welcome, with the delegation's onboarding checklist."""
    user = membership.user
    locale = user.locale
    items = queries.checklist_items(membership.delegation_id)
    delegation = db.session.get(Delegation, membership.delegation_id)
    assert delegation is not None
    queue_mail(
        to=user.email,
        template="member_welcome",
        locale=locale,
        user=user,
        delegation_name=delegation.translated("name", locale),
        steps=[item.label_text(locale) for item in items],
        space_url=absolute_url("members.home", lang_code=locale),
    )


# Onboarding ------------------------------------------------------------------------------


def save_item(
    item: ChecklistItem | None,
    *,
    delegation: Delegation,
    labels: dict[str, str],
    lead_verifies: bool,
    document_id: int | None,
) -> ChecklistItem:
    """Add a step to the delegation's checklist (at the end), or change one."""
    labels = clean_labels(labels)
    if not labels:
        raise DomainError(_l("Name the step in at least one language."))
    if document_id is not None:
        db.first_or_404(
            select(TeamDocument).where(
                TeamDocument.id == document_id, TeamDocument.delegation_id == delegation.id
            )
        )
    if item is None:
        last = db.session.scalar(
            select(func.max(ChecklistItem.position)).where(
                ChecklistItem.delegation_id == delegation.id
            )
        )
        item = ChecklistItem(delegation_id=delegation.id, position=(last or 0) + 1)
        db.session.add(item)
    item.labels, item.lead_verifies, item.document_id = labels, lead_verifies, document_id
    db.session.flush()
    return item


def remove_item(item: ChecklistItem) -> None:
    """The step leaves the checklist, with every member's tick of it."""
    db.session.delete(item)
    db.session.flush()


def set_tick(membership: Membership, item: ChecklistItem, *, by: User, done: bool) -> None:
    """Mark a step done or not done for a member. A step the leads verify is ticked by a
    lead only; the member ticks their own other steps."""
    if item.delegation_id != membership.delegation_id or membership.ended_on is not None:
        raise DomainError(_l("This step is not part of this membership."))
    is_lead = can_manage_delegation(by, membership.delegation_id)
    if item.lead_verifies and not is_lead:
        raise DomainError(_l("A lead ticks this step once they have checked it."))
    if not is_lead and membership.user_id != by.id:
        raise DomainError(_l("This step is not part of this membership."))
    existing = db.session.scalar(
        select(ChecklistTick).where(
            ChecklistTick.membership_id == membership.id, ChecklistTick.item_id == item.id
        )
    )
    if done and existing is None:
        db.session.add(
            ChecklistTick(membership_id=membership.id, item_id=item.id, done_by_id=by.id)
        )
    elif not done and existing is not None:
        db.session.delete(existing)
    db.session.flush()


# Accreditations --------------------------------------------------------------------------


def save_type(
    accreditation_type: AccreditationType | None,
    *,
    delegation: Delegation,
    labels: dict[str, str],
    issuer: str,
) -> AccreditationType:
    """Add a kind of accreditation the delegation's members hold, or rename one."""
    labels = clean_labels(labels)
    if not labels:
        raise DomainError(_l("Name the accreditation in at least one language."))
    if accreditation_type is None:
        last = db.session.scalar(
            select(func.max(AccreditationType.position)).where(
                AccreditationType.delegation_id == delegation.id
            )
        )
        accreditation_type = AccreditationType(
            delegation_id=delegation.id, position=(last or 0) + 1
        )
        db.session.add(accreditation_type)
    accreditation_type.labels, accreditation_type.issuer = labels, issuer.strip()
    db.session.flush()
    return accreditation_type


def remove_type(accreditation_type: AccreditationType) -> int:
    """The kind goes, with every member's accreditation of it (and their scans); returns
    how many accreditations went."""
    held = list(
        db.session.scalars(
            select(Accreditation).where(Accreditation.type_id == accreditation_type.id)
        )
    )
    for accreditation in held:
        delete_accreditation(accreditation)
    db.session.delete(accreditation_type)
    db.session.flush()
    return len(held)


KEPT_UPLOADS = ("scan", "team")


def keep_upload(checked: CheckedFile, *, owner_id: int, kind: str) -> Document:
    """Store a checked file chosen in a form before the rest of the form is saved, so
    that a form coming back to be corrected keeps it (the page carries its id). One
    nobody uses goes with the nightly purge."""
    return store(checked, owner_id=owner_id, kind=kind)


@dataclass
class AccreditationInput:
    number: str
    issuer: str
    valid_from: date | None
    valid_until: date
    scan: Document | None = None  # a kept upload (`keep_upload`) of the holder's
    remove_scan: bool = False


def save_accreditation(
    user: User, accreditation_type: AccreditationType, data: AccreditationInput
) -> Accreditation:
    """Record or renew the person's accreditation of this kind. A new expiry date starts
    the reminders afresh; a new scan replaces the old one."""
    if data.valid_from is not None and data.valid_until < data.valid_from:
        raise DomainError(_l("It cannot end before it starts."), field="valid_until")
    accreditation = db.session.scalar(
        select(Accreditation).where(
            Accreditation.user_id == user.id, Accreditation.type_id == accreditation_type.id
        )
    )
    if accreditation is None:
        accreditation = Accreditation(user_id=user.id, type_id=accreditation_type.id)
        db.session.add(accreditation)
    if accreditation.valid_until != data.valid_until:
        accreditation.reminded_days = None
    accreditation.number = data.number.strip()
    accreditation.issuer = data.issuer.strip()
    accreditation.valid_from, accreditation.valid_until = data.valid_from, data.valid_until
    old_scan_id = accreditation.scan_id
    if data.scan is not None:
        accreditation.scan = data.scan
    elif data.remove_scan:
        accreditation.scan_id = None
    db.session.flush()
    if old_scan_id is not None and old_scan_id != accreditation.scan_id:
        db.session.execute(delete(Document).where(Document.id == old_scan_id))
    return accreditation


def delete_accreditation(accreditation: Accreditation) -> None:
    """The accreditation and its scan go."""
    scan_id = accreditation.scan_id
    db.session.delete(accreditation)
    db.session.flush()
    if scan_id is not None:
        db.session.execute(delete(Document).where(Document.id == scan_id))


# Sessions --------------------------------------------------------------------------------


@dataclass
class MeetingInput:
    texts: dict[str, dict[str, str]]  # locale -> {body, title, place, details}
    starts_on: date
    ends_on: date
    accreditation_type_id: int | None
    designation_deadline: date | None
    places: int


def save_meeting(meeting: Meeting | None, *, delegation: Delegation, data: MeetingInput) -> Meeting:
    """Create a session, or change one; the representatives already designated get the
    updated invitation when its title, place or dates change."""
    if data.ends_on < data.starts_on:
        raise DomainError(_l("The session cannot end before it starts."), field="ends_on")
    if data.designation_deadline is not None and data.designation_deadline > data.starts_on:
        raise DomainError(
            _l("Designate the representatives before the session starts."),
            field="designation_deadline",
        )
    if data.accreditation_type_id is not None:
        db.first_or_404(
            select(AccreditationType).where(
                AccreditationType.id == data.accreditation_type_id,
                AccreditationType.delegation_id == delegation.id,
            )
        )
    created = meeting is None
    if meeting is not None and data.places < len(queries.designated(meeting.id)):
        raise DomainError(
            _l("More people are designated already: withdraw a designation first."),
            field="places",
        )
    if meeting is None:
        meeting = Meeting(delegation_id=delegation.id)
        db.session.add(meeting)
    elif meeting.cancelled_at is not None:
        raise DomainError(_l("This session is cancelled."))
    before = (meeting.starts_on, meeting.ends_on)
    meeting.starts_on, meeting.ends_on = data.starts_on, data.ends_on
    meeting.accreditation_type_id = data.accreditation_type_id
    meeting.designation_deadline = data.designation_deadline
    meeting.places = data.places
    texts_changed = sync_translations(
        meeting.translations,
        data.texts,
        make=lambda locale: MeetingTranslation(locale=locale),
        fields=("body", "title", "place", "details"),
    )
    db.session.flush()
    if not created and (texts_changed or before != (meeting.starts_on, meeting.ends_on)):
        meeting.sequence += 1
        for row in queries.designated(meeting.id):
            _mail_invitation(meeting, row.user, kind="session_updated")
    return meeting


def cancel_meeting(meeting: Meeting, *, by: User) -> int:
    """The session no longer takes place: its representatives' invitations are
    cancelled. Returns how many were told."""
    if meeting.cancelled_at is not None:
        raise DomainError(_l("This session is already cancelled."))
    meeting.cancelled_at = utcnow()
    meeting.sequence += 1
    told = queries.designated(meeting.id)
    for row in told:
        _mail_invitation(meeting, row.user, kind="session_cancelled", cancelled=True)
    record("session.cancelled", subject=meeting, delegation_id=meeting.delegation_id)
    db.session.flush()
    return len(told)


def offer_to_attend(meeting: Meeting, user: User, *, note: str = "") -> MeetingVolunteer:
    """The member says "I can attend" (saying it twice keeps one answer, the new note)."""
    if not volunteering_open(meeting, utcnow().date()):
        raise DomainError(_l("This session no longer takes volunteers."))
    row = queries.volunteer_row(meeting.id, user.id)
    if row is None:
        row = MeetingVolunteer(meeting_id=meeting.id, user_id=user.id, note=note.strip())
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:  # the same person's other tab, a moment earlier
            row = queries.volunteer_row(meeting.id, user.id)
            assert row is not None
    row.note = note.strip()
    db.session.flush()
    return row


def withdraw_offer(meeting: Meeting, user: User) -> bool:
    """The member can no longer attend. A designated representative's withdrawal is
    told to the leads, and the invitation leaves their calendar. Returns whether they
    were designated."""
    row = queries.volunteer_row(meeting.id, user.id)
    if row is None:
        raise DomainError(_l("You had not offered to attend this session."))
    if is_past(meeting, utcnow().date()):
        raise DomainError(_l("This session is over."))
    was_designated = row.designated_at is not None
    if was_designated:
        meeting.sequence += 1
        _mail_invitation(meeting, user, kind="session_cancelled", cancelled=True)
        for lead in current_leads(meeting.delegation_id):
            queue_mail(
                to=lead.email,
                template="session_withdrawn",
                locale=lead.locale,
                about=user.id,
                lead=lead,
                member=user,
                meeting=meeting,
                title=meeting.heading(lead.locale),
                place=meeting.translated("place", lead.locale),
                manage_url=absolute_url(
                    "members_manage.session",
                    slug=meeting.delegation.slug,
                    meeting_id=meeting.id,
                    lang_code=lead.locale,
                ),
            )
        record(
            "session.withdrawn",
            subject=meeting,
            user_id=user.id,
            delegation_id=meeting.delegation_id,
        )
    db.session.delete(row)
    db.session.flush()
    return was_designated


def designate(meeting: Meeting, row: MeetingVolunteer, *, by: User) -> None:
    """A lead chooses this volunteer to represent the delegation: they get the e-mail
    with the calendar invitation. Refused past the session's places."""
    if meeting.cancelled_at is not None:
        raise DomainError(_l("This session is cancelled."))
    if is_past(meeting, utcnow().date()):
        raise DomainError(_l("This session is over."))
    # One designation at a time per session (PostgreSQL; SQLite's writers are serialised
    # by BEGIN IMMEDIATE), so that two leads cannot both take the last place, nor send
    # the same person two invitations; what was read before the lock is read again.
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    db.session.refresh(row)
    if row.designated_at is not None:
        return
    if current_membership(row.user_id, meeting.delegation_id) is None:
        raise DomainError(_l("This person is no longer a member of the team."))
    if len(queries.designated(meeting.id)) >= meeting.places:
        raise DomainError(
            _l(
                "All %(places)d places are taken: withdraw a representative first.",
                places=meeting.places,
            )
        )
    row.designated_at, row.designated_by_id = utcnow(), by.id
    _mail_invitation(meeting, row.user, kind="session_designated")
    record(
        "session.designated",
        subject=meeting,
        user_id=row.user_id,
        delegation_id=meeting.delegation_id,
    )
    db.session.flush()


def withdraw_designation(meeting: Meeting, row: MeetingVolunteer, *, by: User) -> None:
    """The lead takes the designation back; the person stays a volunteer and the
    invitation leaves their calendar."""
    if row.designated_at is None:
        return
    row.designated_at, row.designated_by_id = None, None
    meeting.sequence += 1
    _mail_invitation(meeting, row.user, kind="session_cancelled", cancelled=True)
    record(
        "session.undesignated",
        subject=meeting,
        user_id=row.user_id,
        delegation_id=meeting.delegation_id,
    )
    db.session.flush()


def invitation_text(meeting: Meeting, user: User, *, cancelled: bool = False) -> str:
    """The .ics of `user`'s invitation to the session, in their language."""
    locale = user.locale
    with force_locale(locale):
        details = meeting.translated("details", locale)
        summary = meeting.heading(locale)
        return calendar.session_invitation(
            uid=calendar.event_uid(meeting.id, user.id),
            sequence=meeting.sequence,
            cancelled=cancelled or meeting.cancelled_at is not None,
            starts_on=meeting.starts_on,
            ends_on=meeting.ends_on,
            summary=summary,
            location=meeting.translated("place", locale),
            description=details,
            organiser_name=meeting.delegation.translated("name", locale),
            attendee=(user.email, user.name),
        )


def _mail_invitation(meeting: Meeting, user: User, *, kind: str, cancelled: bool = False) -> None:
    locale = user.locale
    queue_mail(
        to=user.email,
        template=kind,
        locale=locale,
        calendar=invitation_text(meeting, user, cancelled=cancelled),
        person=user,
        meeting=meeting,
        title=meeting.heading(locale),
        place=meeting.translated("place", locale),
        delegation_name=meeting.delegation.translated("name", locale),
        page_url=absolute_url(
            "members.session",
            slug=meeting.delegation.slug,
            meeting_id=meeting.id,
            lang_code=locale,
        ),
    )


def save_report(meeting: Meeting, *, text: str, locale: str) -> None:
    """The short report of a session that is over (Markdown, in one language)."""
    if not is_past(meeting, utcnow().date()):
        raise DomainError(_l("Write the report once the session is over."), field="report")
    meeting.report, meeting.report_locale = text.strip(), locale
    db.session.flush()


def draft_news_from_report(meeting: Meeting, *, by: User) -> NewsPost:
    """A draft news post made of the report, for the leads to edit and publish (made
    once: the same draft is returned afterwards, while it exists)."""
    if meeting.news_post_id is not None:
        existing = db.session.get(NewsPost, meeting.news_post_id)
        if existing is not None:
            return existing
    if not meeting.report or meeting.report_locale is None:
        raise DomainError(_l("Write the report first."), field="report")
    locale = meeting.report_locale
    post = save_post(
        NewsPost(),
        delegation=meeting.delegation,
        author_id=by.id,
        data=PostInput(
            texts={
                locale: {
                    "title": meeting.translated("title", locale),
                    "dateline": meeting.translated("place", locale)[:80],
                    "summary": "",
                    "body": meeting.report,
                    "cover_alt": "",
                }
            }
        ),
        has_cover=False,
    )
    assert post.status == PostStatus.DRAFT
    meeting.news_post_id = post.id
    db.session.flush()
    return post


# Announcements and documents -------------------------------------------------------------


def save_announcement(
    announcement: Announcement | None,
    *,
    delegation: Delegation,
    texts: dict[str, dict[str, str]],
    by: User,
) -> Announcement:
    """Post an announcement to the team (members who asked for it get an e-mail at
    once), or correct one (nobody is e-mailed again)."""
    if not texts:
        raise DomainError(_l("Give the announcement a title in at least one language."))
    created = announcement is None
    if announcement is None:
        announcement = Announcement(delegation_id=delegation.id, author_id=by.id)
        db.session.add(announcement)
    sync_translations(
        announcement.translations,
        texts,
        make=lambda locale: AnnouncementTranslation(locale=locale),
        fields=("title", "body"),
    )
    db.session.flush()
    if created:
        for membership in queries.members_to_notify(delegation.id, Notify.IMMEDIATE):
            if membership.user_id == by.id:
                continue
            reader = membership.user
            queue_mail(
                to=reader.email,
                template="announcement",
                locale=reader.locale,
                user=reader,
                delegation_name=delegation.translated("name", reader.locale),
                text=announcement.localized(reader.locale),
                page_url=absolute_url(
                    "members.announcement",
                    slug=delegation.slug,
                    announcement_id=announcement.id,
                    lang_code=reader.locale,
                ),
            )
    return announcement


def delete_announcement(announcement: Announcement) -> None:
    """The announcement goes (e-mails already sent stay sent)."""
    db.session.delete(announcement)
    db.session.flush()


def add_document(
    delegation: Delegation, *, labels: dict[str, str], document: Document, by: User
) -> TeamDocument:
    """A document (a kept upload of the lead's) joins the delegation's library; it
    belongs to the team from then on, not to the lead who uploaded it."""
    labels = clean_labels(labels)
    if not labels:
        raise DomainError(_l("Give the document a title in at least one language."))
    document.owner_id = None
    item = TeamDocument(delegation_id=delegation.id, labels=labels, uploaded_by_id=by.id)
    item.document = document
    db.session.add(item)
    db.session.flush()
    return item


def remove_document(item: TeamDocument) -> None:
    """The document leaves the library (a checklist step pointing to it keeps its text)."""
    document_id = item.document_id
    db.session.delete(item)
    db.session.flush()
    db.session.execute(delete(Document).where(Document.id == document_id))


# The member's own choices ----------------------------------------------------------------


def set_preferences(
    membership: Membership, *, shares_email: bool, shares_phone: bool, notify: str
) -> None:
    """What the member shows the team, and how they hear of its announcements."""
    if membership.ended_on is not None:
        raise DomainError(_l("This membership has ended."))
    membership.shares_email, membership.shares_phone = shares_email, shares_phone
    membership.notify = Notify(notify)
    db.session.flush()


def forget_member_data(user_id: int) -> None:
    """Erasure: the person's accreditations (and scans), availability and designations
    go. Checklist ticks go with the memberships' own erasure."""
    for accreditation in db.session.scalars(
        select(Accreditation).where(Accreditation.user_id == user_id)
    ):
        delete_accreditation(accreditation)
    db.session.execute(delete(MeetingVolunteer).where(MeetingVolunteer.user_id == user_id))
    db.session.execute(
        delete(ChecklistTick).where(
            ChecklistTick.membership_id.in_(
                select(Membership.id).where(Membership.user_id == user_id)
            )
        )
    )
    db.session.execute(
        update(ChecklistTick).where(ChecklistTick.done_by_id == user_id).values(done_by_id=None)
    )


# Retention -------------------------------------------------------------------------------

SCAN_KEPT_AFTER_EXPIRY = timedelta(days=90)


def stale_accreditations(today: date) -> tuple[list[Accreditation], list[Accreditation]]:
    """What the retention purge removes: accreditations of people who are no longer in
    the delegation that asked for them, and the scans of accreditations expired for
    more than 90 days (their dates stay, for the member's history)."""
    current = (
        select(Membership.id)
        .where(
            Membership.user_id == Accreditation.user_id,
            Membership.delegation_id == AccreditationType.delegation_id,
            Membership.ended_on.is_(None),
        )
        .exists()
    )
    orphans = list(
        db.session.scalars(select(Accreditation).join(Accreditation.type).where(~current))
    )
    old_scans = list(
        db.session.scalars(
            select(Accreditation).where(
                Accreditation.scan_id.is_not(None),
                Accreditation.valid_until < today - SCAN_KEPT_AFTER_EXPIRY,
            )
        )
    )
    orphan_ids = {a.id for a in orphans}
    return orphans, [a for a in old_scans if a.id not in orphan_ids]


def unused_uploads(now: datetime) -> list[int]:
    """Kept uploads (`keep_upload`) nobody used within a day: the purge deletes them."""
    return list(
        db.session.scalars(
            select(Document.id).where(
                Document.kind.in_(KEPT_UPLOADS),
                Document.created_at < now - timedelta(days=1),
                queries.unused_document(),
            )
        )
    )


def drop_scan(accreditation: Accreditation) -> None:
    """The scan goes; the accreditation's dates stay."""
    scan_id = accreditation.scan_id
    accreditation.scan_id = None
    db.session.flush()
    if scan_id is not None:
        db.session.execute(delete(Document).where(Document.id == scan_id))
