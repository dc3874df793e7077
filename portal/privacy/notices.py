"""The versions of the privacy notice. A consent records the version accepted.

To publish a new version: add it here (newest last), write
templates/pages/privacy/<version>.html, and translate it.
"""

from __future__ import annotations

from datetime import date

VERSIONS: list[tuple[str, date]] = [("2026-11", date(2026, 11, 29))]


def current_version() -> str:
    return VERSIONS[-1][0]


def published_on(version: str) -> date | None:
    return dict(VERSIONS).get(version)
