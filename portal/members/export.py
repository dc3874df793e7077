"""A person's data in the members' space, for their data export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.members.models import (
    Accreditation,
    ChecklistItem,
    ChecklistTick,
    Meeting,
    MeetingVolunteer,
)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def member_data(user_id: int, membership_ids: list[int]) -> dict[str, Any]:
    """Accreditations, onboarding steps done, offers to attend and designations."""
    accreditations = db.session.scalars(
        select(Accreditation)
        .where(Accreditation.user_id == user_id)
        .options(joinedload(Accreditation.type), joinedload(Accreditation.scan))
    ).all()
    ticks = db.session.execute(
        select(ChecklistTick, ChecklistItem)
        .join(ChecklistItem, ChecklistItem.id == ChecklistTick.item_id)
        .where(ChecklistTick.membership_id.in_(membership_ids))
    ).all()
    offers = db.session.scalars(
        select(MeetingVolunteer)
        .where(MeetingVolunteer.user_id == user_id)
        .options(joinedload(MeetingVolunteer.meeting).selectinload(Meeting.translations))
    ).all()
    return {
        "accreditations": [
            {
                "kind": a.type.label_text(),
                "number": a.number,
                "issuer": a.issuer,
                "valid_from": _iso(a.valid_from),
                "valid_until": _iso(a.valid_until),
                "scan": a.scan.original_name if a.scan else None,
            }
            for a in accreditations
        ],
        "onboarding_steps_done": [
            {"step": item.label_text(), "done_at": _iso(tick.done_at)} for tick, item in ticks
        ],
        "institutional_sessions": [
            {
                "session": o.meeting.heading(),
                "starts_on": _iso(o.meeting.starts_on),
                "ends_on": _iso(o.meeting.ends_on),
                "offered_at": _iso(o.created_at),
                "note": o.note,
                "designated_at": _iso(o.designated_at),
            }
            for o in offers
        ],
    }
