"""The members' space's daily work for the worker: accreditations about to expire,
terms about to end (and terms that ended), the weekly digest of announcements.

Each step marks what it sent (`reminded_days`, `term_reminded_on`, `digest_sent_at`) in
the same transaction as the e-mails it queues, so that a second run the same day sends
nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from portal.accounts.models import User
from portal.core.audit import record
from portal.core.domain import DomainError
from portal.core.mail import queue_mail
from portal.core.urls import absolute_url
from portal.delegations.enums import Notify
from portal.delegations.models import Delegation, Membership
from portal.delegations.queries import current_leads
from portal.extensions import db
from portal.members.models import Accreditation, AccreditationType, Announcement
from portal.members.queries import latest_announcements, members_to_notify
from portal.members.rules import REMINDER_DAYS
from portal.teams.services import refuse_if_last_lead

TERM_NOTICE = timedelta(days=30)
DIGEST_WEEKDAY = 0  # Monday


@dataclass
class DailyReport:
    accreditations: int = 0
    terms: int = 0
    ended: int = 0
    digests: int = 0


def _stage(days_left: int, reminded: int | None) -> int | None:
    """The reminder due for an accreditation expiring in `days_left` days: the smallest
    stage it has reached and not yet been reminded of."""
    for stage in sorted(REMINDER_DAYS):
        if 0 <= days_left <= stage:
            return stage if reminded is None or reminded > stage else None
    return None


def remind_accreditations(today: date) -> int:
    """30 and 7 days before expiry: the holder and the delegation's leads are told."""
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    due = db.session.scalars(
        select(Accreditation)
        .join(Accreditation.type)
        .join(Accreditation.user)
        .join(
            Membership,
            (Membership.user_id == Accreditation.user_id)
            & (Membership.delegation_id == AccreditationType.delegation_id)
            & Membership.ended_on.is_(None),
        )
        .where(
            Accreditation.valid_until >= today,
            Accreditation.valid_until <= horizon,
            User.is_active_account.is_(True),
        )
        .order_by(Accreditation.valid_until, Accreditation.id)
        .options(contains_eager(Accreditation.type), contains_eager(Accreditation.user))
    ).unique()
    sent = 0
    teams: dict[int, tuple[Delegation, list[User]]] = {}  # each delegation read once
    for accreditation in due:
        stage = _stage((accreditation.valid_until - today).days, accreditation.reminded_days)
        if stage is None:
            continue
        delegation_id = accreditation.type.delegation_id
        if delegation_id not in teams:
            delegation = db.session.get(Delegation, delegation_id)
            assert delegation is not None
            teams[delegation_id] = (delegation, current_leads(delegation_id))
        _mail_expiry(accreditation, today, *teams[delegation_id])
        accreditation.reminded_days = stage
        sent += 1
    db.session.flush()
    return sent


def _mail_expiry(
    accreditation: Accreditation, today: date, delegation: Delegation, leads: list[User]
) -> None:
    holder, kind = accreditation.user, accreditation.type
    days = (accreditation.valid_until - today).days
    queue_mail(
        to=holder.email,
        template="accreditation_expiring",
        locale=holder.locale,
        person=holder,
        kind=kind.label_text(holder.locale),
        valid_until=accreditation.valid_until,
        days=days,
        page_url=absolute_url(
            "members.accreditations", slug=delegation.slug, lang_code=holder.locale
        ),
    )
    for lead in leads:
        if lead.id == holder.id:
            continue
        queue_mail(
            to=lead.email,
            template="accreditation_expiring_lead",
            locale=lead.locale,
            about=holder.id,
            person=lead,
            holder=holder,
            kind=kind.label_text(lead.locale),
            valid_until=accreditation.valid_until,
            days=days,
            page_url=absolute_url(
                "members_manage.accreditations", slug=delegation.slug, lang_code=lead.locale
            ),
        )


def remind_terms(today: date) -> int:
    """30 days before a member's term ends, the leads are told (once per end date)."""
    due = db.session.scalars(
        select(Membership)
        .join(Membership.user)
        .where(
            Membership.ended_on.is_(None),
            Membership.term_ends_on.is_not(None),
            Membership.term_ends_on >= today,
            Membership.term_ends_on <= today + TERM_NOTICE,
            Membership.term_reminded_on.is_(None),
            User.is_active_account.is_(True),
        )
        .options(contains_eager(Membership.user), joinedload(Membership.delegation))
    ).all()
    for membership in due:
        delegation = membership.delegation
        for lead in current_leads(delegation.id):
            if lead.id == membership.user_id:
                continue
            queue_mail(
                to=lead.email,
                template="term_ending",
                locale=lead.locale,
                about=membership.user_id,
                person=lead,
                member=membership.user,
                term_ends_on=membership.term_ends_on,
                delegation_name=delegation.translated("name", lead.locale),
                page_url=absolute_url(
                    "teams_manage.member",
                    slug=delegation.slug,
                    membership_id=membership.id,
                    lang_code=lead.locale,
                ),
            )
        membership.term_reminded_on = today
    db.session.flush()
    return len(due)


def end_past_terms(today: date) -> int:
    """A membership whose term has passed ends (the day after its last day), unless it
    is the delegation's last lead: that one stays until another lead is appointed."""
    over = db.session.scalars(
        select(Membership).where(
            Membership.ended_on.is_(None),
            Membership.term_ends_on.is_not(None),
            Membership.term_ends_on < today,
        )
    ).all()
    ended = 0
    for membership in over:
        try:
            refuse_if_last_lead(membership)
        except DomainError:
            continue
        assert membership.term_ends_on is not None
        membership.ended_on = max(membership.term_ends_on, membership.started_on)
        record(
            "membership.term_over",
            subject=membership,
            role=membership.role,
            delegation_id=membership.delegation_id,
        )
        ended += 1
    db.session.flush()
    return ended


def send_digests(now: datetime) -> int:
    """On Mondays, members who asked for a weekly digest get the week's announcements
    (nothing is sent when there were none)."""
    if now.weekday() != DIGEST_WEEKDAY:
        return 0
    sent = 0
    for delegation in db.session.scalars(select(Delegation)):
        recent = latest_announcements([delegation.id], limit=20)
        for membership in members_to_notify(delegation.id, Notify.WEEKLY):
            since = membership.digest_sent_at or (now - timedelta(days=7))
            news = [
                item
                for item in recent
                if item.created_at >= since and item.author_id != membership.user_id
            ]
            membership.digest_sent_at = now
            if not news:
                continue
            reader = membership.user
            queue_mail(
                to=reader.email,
                template="announcement_digest",
                locale=reader.locale,
                person=reader,
                delegation_name=delegation.translated("name", reader.locale),
                items=[_digest_line(item, reader.locale, delegation.slug) for item in news],
            )
            sent += 1
    db.session.flush()
    return sent


def _digest_line(item: Announcement, locale: str, slug: str) -> tuple[str, str]:
    return item.translated("title", locale), absolute_url(
        "members.announcement", slug=slug, announcement_id=item.id, lang_code=locale
    )


def run_daily(now: datetime) -> DailyReport:
    """Everything the day asks for, in one transaction (the caller commits)."""
    today = now.date()
    return DailyReport(
        accreditations=remind_accreditations(today),
        terms=remind_terms(today),
        ended=end_past_terms(today),
        digests=send_digests(now),
    )
