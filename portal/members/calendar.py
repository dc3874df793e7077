"""The iCalendar (.ics) invitation of a representative designated for a session.

Sessions are whole days, so the event is all-day (DTEND is the day after the last
day, as RFC 5545 wants). Its UID is stable for the session and the person and its
SEQUENCE is the session's, raised by every change, so that calendar programs update
the event they hold, or drop it (METHOD CANCEL) when the designation or the session
is withdrawn.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta

from icalendar import Calendar, Event

from portal.core.calendars import PRODID, calendar_address, organiser_address, uid_domain
from portal.core.clock import utcnow


def event_uid(meeting_id: int, user_id: int) -> str:
    """The same UID for every message about one person at one session."""
    return f"session-{meeting_id}-{user_id}@{uid_domain()}"


def session_invitation(
    *,
    uid: str,
    sequence: int,
    cancelled: bool,
    starts_on: date,
    ends_on: date,
    summary: str,
    location: str,
    description: str,
    organiser_name: str,
    attendee: tuple[str, str],
) -> str:
    """The .ics text of one representative's invitation to a session."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", utcnow().replace(tzinfo=UTC))
    event.add("dtstart", starts_on)
    event.add("dtend", ends_on + timedelta(days=1))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    if location:
        event.add("location", location)
    event.add("description", description)
    event.add("organizer", calendar_address(organiser_address(), organiser_name, role="CHAIR"))
    email, name = attendee
    event.add("attendee", calendar_address(email, name, role="REQ-PARTICIPANT"), encode=False)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
