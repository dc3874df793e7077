"""Statuses of a news post."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class PostStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"  # visible once published_at has passed; before, "scheduled"

    @property
    def label(self) -> str:
        return str({PostStatus.DRAFT: _l("Draft"), PostStatus.PUBLISHED: _l("Published")}[self])
