"""The worker's daily job for the members' space."""

from __future__ import annotations

import logging

from huey import crontab

from portal.core.clock import utcnow
from portal.core.queue import huey, with_app
from portal.extensions import db
from portal.members.reminders import run_daily

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(hour="6", minute="0"))
@huey.lock_task("members-daily")
@with_app
def members_daily() -> None:
    """Every morning at 06:00 UTC: expiry and term reminders, ended terms, digests."""
    report = run_daily(utcnow())
    db.session.commit()
    log.info("members' space daily run: %s", report)
