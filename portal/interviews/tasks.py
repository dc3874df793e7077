"""The worker's interview job: reminders the day before."""

from __future__ import annotations

from huey import crontab

from portal.core.queue import huey, with_app
from portal.extensions import db
from portal.interviews.services import send_reminders


@huey.periodic_task(crontab(minute="*/15"))
@huey.lock_task("interview-reminders")
@with_app
def send_interview_reminders() -> None:
    """Every quarter of an hour: remind those whose interview is within a day."""
    send_reminders()
    db.session.commit()
