"""Who may enter a delegation's members' space, and what an accreditation is worth on
given days. One place for each rule: pages, services and reminders ask here."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from portal.accounts.rules import is_admin
from portal.delegations.rules import can_manage_delegation, current_memberships
from portal.members.enums import Validity
from portal.members.models import Accreditation, Meeting

# Reminders before an accreditation expires, and the days before it is "expiring soon".
REMINDER_DAYS = (30, 7)
EXPIRING_WITHIN = timedelta(days=REMINDER_DAYS[0])


def member_delegation_ids(user: Any) -> set[int]:
    """Delegations whose members' space the user may enter: their current memberships
    (as a member or a lead). A membership that ended closes the space at once."""
    return {m.delegation_id for m in current_memberships(user)}


def can_use_space(user: Any, delegation_id: int) -> bool:
    """Current members and leads of the delegation, and admins."""
    return is_admin(user) or delegation_id in member_delegation_ids(user)


def can_see_scan(user: Any, accreditation: Accreditation, delegation_id: int) -> bool:
    """An accreditation's scan is shown to its holder and to the delegation's leads."""
    return accreditation.user_id == getattr(user, "id", None) or can_manage_delegation(
        user, delegation_id
    )


def validity(accreditation: Accreditation | None, on: date) -> Validity | None:
    """Where the accreditation stands on day `on` (None: the person has none)."""
    if accreditation is None:
        return None
    if accreditation.valid_until < on:
        return Validity.EXPIRED
    if accreditation.valid_from is not None and accreditation.valid_from > on:
        return Validity.NOT_YET
    if accreditation.valid_until - on < EXPIRING_WITHIN:
        return Validity.EXPIRING
    return Validity.VALID


def covers(accreditation: Accreditation | None, starts_on: date, ends_on: date) -> bool:
    """Whether the accreditation is valid on every day from `starts_on` to `ends_on`."""
    if accreditation is None:
        return False
    starts_ok = accreditation.valid_from is None or accreditation.valid_from <= starts_on
    return starts_ok and accreditation.valid_until >= ends_on


def needs_warning(meeting: Meeting, accreditation: Accreditation | None) -> bool:
    """Designating someone for `meeting` needs a warning: the session asks for an
    accreditation that theirs will not cover on the session's dates."""
    if meeting.accreditation_type_id is None:
        return False
    return not covers(accreditation, meeting.starts_on, meeting.ends_on)


def is_past(meeting: Meeting, today: date) -> bool:
    """The session is over (a report may be written)."""
    return meeting.ends_on < today


def volunteering_open(meeting: Meeting, today: date) -> bool:
    """Members may still say "I can attend": not cancelled, not begun, deadline not past."""
    if meeting.cancelled_at is not None or meeting.starts_on <= today:
        return False
    return meeting.designation_deadline is None or meeting.designation_deadline >= today
