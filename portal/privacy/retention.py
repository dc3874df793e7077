"""Keeping data no longer than the privacy notice says: `flask portal purge`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from huey import crontab
from sqlalchemy import delete, select

from portal.accounts.models import User, UserSession
from portal.accounts.passwords import UNUSABLE_PASSWORD
from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.enums import OutboxStatus
from portal.core.models import Document, OutboxEmail
from portal.core.queue import huey, with_app
from portal.extensions import db
from portal.members.services import (
    delete_accreditation,
    drop_scan,
    stale_accreditations,
    unused_uploads,
)

log = logging.getLogger(__name__)

UNCONFIRMED_DAYS = 30
SENT_MAIL_DAYS = 90
ENDED_SESSION_DAYS = 30


@dataclass
class PurgeReport:
    applications: list[int] = field(default_factory=list)
    documents: int = 0
    unconfirmed_accounts: list[int] = field(default_factory=list)
    sent_mail: int = 0
    sessions: int = 0
    accreditations: int = 0
    scans: int = 0
    unused_uploads: int = 0

    def lines(self) -> list[str]:
        return [
            f"applications declined or withdrawn long ago: {len(self.applications)}"
            + (
                f" (ids {', '.join(map(str, self.applications[:50]))})" if self.applications else ""
            ),
            f"their documents: {self.documents}",
            f"unconfirmed accounts older than {UNCONFIRMED_DAYS} days: "
            f"{len(self.unconfirmed_accounts)}",
            f"sent e-mails older than {SENT_MAIL_DAYS} days: {self.sent_mail}",
            f"ended or expired sessions: {self.sessions}",
            f"accreditations of former members: {self.accreditations}",
            f"scans of accreditations expired over 90 days: {self.scans}",
            f"files kept for a form and never used: {self.unused_uploads}",
        ]


def purge(*, months: int, dry_run: bool, now: datetime | None = None) -> PurgeReport:
    """Remove what has outlived its retention period; with dry_run, only report it."""
    now = now or utcnow()
    report = PurgeReport()
    cutoff = now - timedelta(days=round(months * 30.44))
    old = db.session.scalars(
        select(Application).where(
            Application.status.in_([ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN]),
            Application.decided_at < cutoff,
        )
    ).all()
    report.applications = [a.id for a in old]
    report.documents = sum(1 for a in old if a.cv_id)
    unconfirmed = db.session.scalars(
        select(User).where(
            User.email_confirmed_at.is_(None),
            User.created_at < now - timedelta(days=UNCONFIRMED_DAYS),
            User.password_hash != UNUSABLE_PASSWORD,  # erased tombstones stay
        )
    ).all()
    report.unconfirmed_accounts = [u.id for u in unconfirmed]
    sent_before = now - timedelta(days=SENT_MAIL_DAYS)
    report.sent_mail = len(
        db.session.scalars(
            select(OutboxEmail.id).where(
                OutboxEmail.status == OutboxStatus.SENT, OutboxEmail.sent_at < sent_before
            )
        ).all()
    )
    session_cutoff = now - timedelta(days=ENDED_SESSION_DAYS)
    stale_sessions = (UserSession.revoked_at < session_cutoff) | (
        UserSession.expires_at < session_cutoff
    )
    report.sessions = len(db.session.scalars(select(UserSession.id).where(stale_sessions)).all())
    former, old_scans = stale_accreditations(now.date())
    report.accreditations, report.scans = len(former), len(old_scans)
    unused = unused_uploads(now)
    report.unused_uploads = len(unused)
    if dry_run:
        return report

    db.session.execute(delete(Document).where(Document.id.in_(unused)))
    for accreditation in former:
        delete_accreditation(accreditation)
    for accreditation in old_scans:
        drop_scan(accreditation)

    for application in old:
        cv = application.cv
        db.session.delete(application)
        if cv is not None:
            db.session.delete(cv)
    for user in unconfirmed:
        # Drafts (never submitted: unconfirmed accounts cannot submit) and their CVs go too.
        for application in db.session.scalars(
            select(Application).where(Application.user_id == user.id)
        ):
            db.session.delete(application)
        for document in db.session.scalars(select(Document).where(Document.owner_id == user.id)):
            db.session.delete(document)
        db.session.delete(user)
    db.session.execute(
        delete(OutboxEmail).where(
            OutboxEmail.status == OutboxStatus.SENT, OutboxEmail.sent_at < sent_before
        )
    )
    db.session.execute(delete(UserSession).where(stale_sessions))
    record(
        "retention.purged",
        applications=len(report.applications),
        accounts=len(report.unconfirmed_accounts),
        documents=report.documents,
        accreditations=report.accreditations,
        scans=report.scans,
    )
    db.session.flush()
    return report


@huey.periodic_task(crontab(hour="3", minute="15"))
@huey.lock_task("retention-purge")
@with_app
def purge_every_night() -> None:
    """The nightly purge (03:15 UTC), run by the worker."""
    report = purge(months=current_app.config["RETENTION_MONTHS"], dry_run=False)
    db.session.commit()
    log.info("retention purge: %s", "; ".join(report.lines()), extra={"event": "purge"})
