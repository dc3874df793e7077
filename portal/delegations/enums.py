"""Roles a person can hold in a delegation's team."""

from __future__ import annotations

from flask_babel import lazy_pgettext as _p

from portal.core.enums import LabelledEnum


class MembershipRole(LabelledEnum):
    MEMBER = ("member", _p("team role", "Member"))
    LEAD = ("lead", _p("team role", "Lead"))
