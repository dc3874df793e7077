"""Statuses of a volunteer role."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class OpeningStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    FILLED = "filled"

    @property
    def label(self) -> str:
        labels = {
            OpeningStatus.DRAFT: _l("Draft"),
            OpeningStatus.OPEN: _l("Open"),
            OpeningStatus.CLOSED: _l("Closed"),
            OpeningStatus.FILLED: _l("Filled"),
        }
        return str(labels[self])
