"""The wording of decision messages: the portal's default for each decision and
language (templates/emails/decision_*.txt), or the delegation's own.

A wording holds placeholders in braces. `{name}`, `{role}` and `{application_url}` are
filled when the message is drafted; the others (`{interview_details}`) are left for
the lead, and the message cannot be sent while one remains (reviews.rules).
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from portal.applications.enums import ApplicationStatus as S
from portal.core.mail import render_email
from portal.extensions import db
from portal.reviews.models import MessageTemplate
from portal.reviews.rules import PLACEHOLDER

# Decisions the applicant is told about, each with its own message.
NOTIFIED = (S.INTERVIEW, S.ACCEPTED, S.WAITLISTED, S.DECLINED)
# Filled from the application when a message is drafted.
AUTOMATIC = ("name", "role", "application_url")
# Written by the lead in each message (`{interview_details}` is a booking link instead
# when the role has interview times on offer); only the interview's message has it.
TO_WRITE = {S.INTERVIEW: ("interview_details",)}


def to_write(status: S) -> tuple[str, ...]:
    """The placeholders the lead writes in each message for `status`."""
    return TO_WRITE.get(S(status), ())


def known(status: S) -> tuple[str, ...]:
    """Every placeholder a wording for `status` may hold."""
    return AUTOMATIC + to_write(status)


def default_wording(status: S, locale: str) -> tuple[str, str]:
    """The portal's own subject and text for `status` in `locale`, with placeholders."""
    subject, text, _html = render_email(
        f"decision_{S(status).value}",
        locale,
        user=SimpleNamespace(name="{name}"),
        role_title="{role}",
        application_url="{application_url}",
    )
    return subject, text.strip()


def own_wordings(delegation_id: int) -> dict[tuple[str, str], MessageTemplate]:
    """The delegation's own wordings by (status, locale) (one query)."""
    rows = db.session.scalars(
        select(MessageTemplate).where(MessageTemplate.delegation_id == delegation_id)
    )
    return {(row.status.value, row.locale): row for row in rows}


def wording(delegation_id: int, status: S, locale: str) -> tuple[str, str]:
    """The subject and text a message for `status` in `locale` starts from."""
    own = db.session.scalars(
        select(MessageTemplate).where(
            MessageTemplate.delegation_id == delegation_id,
            MessageTemplate.status == status,
            MessageTemplate.locale == locale,
        )
    ).first()
    return (own.subject, own.body) if own else default_wording(status, locale)


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with the automatic placeholders replaced, in one pass (a value that holds
    braces is not read again), the others left in place."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(0)[1:-1], match.group(0)), text)


def unknown_placeholders(status: S, *texts: str) -> list[str]:
    """The placeholders of a wording that the portal does not know (a typo, say)."""
    found = {match.group(0) for text in texts for match in PLACEHOLDER.finditer(text)}
    return sorted(name for name in found if name[1:-1] not in known(status))
