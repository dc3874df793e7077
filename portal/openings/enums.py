"""Statuses of a volunteer role."""

from __future__ import annotations

from flask_babel import lazy_pgettext as _p

from portal.core.enums import OK, LabelledEnum


class OpeningStatus(LabelledEnum):
    DRAFT = ("draft", _p("volunteer role", "Draft"))
    OPEN = ("open", _p("volunteer role", "Open"), OK)
    CLOSED = ("closed", _p("volunteer role", "Closed"))
    FILLED = ("filled", _p("volunteer role", "Filled"))
