"""Roles a person can hold in a delegation's team."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class MembershipRole(StrEnum):
    MEMBER = "member"
    LEAD = "lead"

    @property
    def label(self) -> str:
        return str({MembershipRole.MEMBER: _l("Member"), MembershipRole.LEAD: _l("Lead")}[self])
