"""Where an invitation to a team stands."""

from __future__ import annotations

from flask_babel import lazy_pgettext as _p

from portal.core.enums import ERROR, OK, WARN, LabelledEnum


class InvitationState(LabelledEnum):
    PENDING = ("pending", _p("invitation", "Pending"), WARN)
    ACCEPTED = ("accepted", _p("invitation", "Accepted"), OK)
    EXPIRED = ("expired", _p("invitation", "Expired"))
    CANCELLED = ("cancelled", _p("invitation", "Cancelled"), ERROR)
