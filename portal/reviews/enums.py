"""States of the message that tells an applicant a decision."""

from __future__ import annotations

from flask_babel import lazy_pgettext as _p

from portal.core.enums import OK, WARN, LabelledEnum


class NoticeState(LabelledEnum):
    DRAFT = ("draft", _p("message", "Draft"), WARN)
    QUEUED = ("queued", _p("message", "Sent"), OK)
    DISCARDED = ("discarded", _p("message", "Not sent"))
