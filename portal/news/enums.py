"""Statuses of a news post: the stored one, and what the workspace shows."""

from __future__ import annotations

from flask_babel import lazy_pgettext as _p

from portal.core.enums import OK, WARN, LabelledEnum


class PostStatus(LabelledEnum):
    """Stored: a draft, or published from `published_at` on."""

    DRAFT = ("draft", _p("news post", "Draft"))
    PUBLISHED = ("published", _p("news post", "Published"), OK)


class PublicationState(LabelledEnum):
    """Shown: a published post whose time has not come is "scheduled"."""

    DRAFT = ("draft", _p("news post", "Draft"))
    SCHEDULED = ("scheduled", _p("news post", "Scheduled"), WARN)
    PUBLISHED = ("published", _p("news post", "Published"), OK)
