"""CSV export of a lead's filtered applicants list, safe for spreadsheet programs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from portal.applications.models import Application

# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def applicants_csv(
    applications: Iterable[Application], *, locale: str, headers: list[str]
) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for application in applications:
        user = application.user
        role = application.opening.localized(locale)
        writer.writerow(
            [
                neutralise(value)
                for value in (
                    user.name if user else "",
                    user.email if user else "",
                    role.title if role else application.opening.slug,
                    application.status.label,
                    application.submitted_at.strftime("%Y-%m-%d %H:%M")
                    if application.submitted_at
                    else "",
                    "yes" if application.meets_languages else "no",
                    f"{application.review_average:.2f}"
                    if application.review_average is not None
                    else "",
                    application.review_count,
                )
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
