"""Roles a person can hold in a delegation's team."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p

from portal.core.enums import OK, WARN, LabelledEnum


class MembershipRole(LabelledEnum):
    MEMBER = ("member", _p("team role", "Member"))
    LEAD = ("lead", _p("team role", "Lead"))


class Listing(LabelledEnum):
    """A member on the delegation's public page: their choice, then the lead's."""

    LISTED = ("listed", _p("public listing", "Listed"), OK)
    DECLINED = ("declined", _p("public listing", "Not listed: their choice"))
    NOT_ASKED = ("not_asked", _p("public listing", "Not listed: not answered yet"), WARN)
    HIDDEN = ("hidden", _p("public listing", "Hidden by a lead"))


class Notify(LabelledEnum):
    """How a member hears of the team's internal announcements: their choice."""

    IMMEDIATE = ("immediate", _l("An e-mail for each announcement"))
    WEEKLY = ("weekly", _l("A weekly digest on Mondays"))
    NONE = ("none", _l("No e-mail: I read them in the members' space"))
