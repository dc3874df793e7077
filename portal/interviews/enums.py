"""How an interview went, once its time has passed."""

from __future__ import annotations

from flask_babel import lazy_pgettext as _p

from portal.core.enums import ERROR, OK, WARN, LabelledEnum


class InterviewState(LabelledEnum):
    """Where a slot stands (derived: see InterviewSlot.state)."""

    FREE = ("free", _p("interview", "Free"))
    BOOKED = ("booked", _p("interview", "Booked"), WARN)
    HELD = ("held", _p("interview", "Held"), OK)
    NO_SHOW = ("no_show", _p("interview", "No-show"), ERROR)
    WITHDRAWN = ("withdrawn", _p("interview", "Withdrawn"))


# What a lead records after the interview.
OUTCOMES = (InterviewState.HELD, InterviewState.NO_SHOW)
