"""What every iCalendar invitation of the portal shares (made with `icalendar`): the
product id, the organiser (the portal's own address) and the attendees' entries."""

from __future__ import annotations

from email.utils import parseaddr

from flask import current_app
from icalendar import vCalAddress, vText

PRODID = "-//Make Mothers Matter//Delegations portal//EN"


def organiser_address() -> str:
    """The portal's own address (MAIL_FROM without its name): the invitation's organiser."""
    return parseaddr(current_app.config["MAIL_FROM"])[1]


def uid_domain() -> str:
    """The domain part of event UIDs, so that they are unique to this portal."""
    return organiser_address().rpartition("@")[2] or "portal"


def calendar_address(email: str, name: str, *, role: str) -> vCalAddress:
    """An ORGANIZER (role CHAIR) or ATTENDEE entry; attendees are asked to answer."""
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    address.params["role"] = vText(role)
    if role != "CHAIR":
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address
