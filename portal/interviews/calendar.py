"""The iCalendar (.ics) invitation of a booked interview, made with `icalendar`.

One event per booking, its UID stable for the slot and the application, its SEQUENCE
raised by each change, so that the applicant's and the interviewers' calendar programs
update or remove the event they already hold (RFC 5546: METHOD REQUEST or CANCEL).
Times are written in the delegation's time zone, with its VTIMEZONE.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from portal.core.calendars import PRODID, calendar_address, uid_domain
from portal.core.clock import utcnow


def event_uid(slot_id: int, application_id: int) -> str:
    """The same UID for every message about one booking, so calendars update it."""
    return f"interview-{slot_id}-{application_id}@{uid_domain()}"


def invitation(
    *,
    uid: str,
    sequence: int,
    cancelled: bool,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    summary: str,
    location: str,
    video_url: str,
    description: str,
    organiser: tuple[str, str],
    attendees: Iterable[tuple[str, str]],
) -> str:
    """The .ics text of the interview (naive-UTC times, shown in `timezone`)."""
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", utcnow().replace(tzinfo=UTC))
    event.add("dtstart", starts_at.replace(tzinfo=UTC).astimezone(zone))
    event.add("dtend", ends_at.replace(tzinfo=UTC).astimezone(zone))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if location or video_url:
        event.add("location", location or video_url)
    if video_url:
        event.add("url", video_url)
    event.add("description", description)
    event.add("organizer", calendar_address(organiser[0], organiser[1], role="CHAIR"))
    for email, name in attendees:
        event.add("attendee", calendar_address(email, name, role="REQ-PARTICIPANT"), encode=False)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
