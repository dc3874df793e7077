"""CSV export of a lead's filtered applicants list, safe for spreadsheet programs."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from portal.applications.models import Application

# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Where a spreadsheet program may split a line into cells: the separator it expects for
# the reader's locale (French Excel splits on ";"), whatever the file uses.
_SEPARATORS = re.compile(r"([,;\t|])")


def neutralise(value: object) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula, however it splits
    the line: every piece that would start a cell with a formula sign gets a leading
    apostrophe ("Jane;=2+5" becomes "Jane;'=2+5")."""
    text = "" if value is None else str(value)
    pieces = _SEPARATORS.split(text)
    for index in range(0, len(pieces), 2):  # the text between separators
        stripped = pieces[index].lstrip(" \"'")
        if stripped.startswith(FORMULA_STARTS) and not pieces[index].startswith("'"):
            pieces[index] = "'" + pieces[index]
    return "".join(pieces)


def applicants_csv(
    applications: Iterable[Application], *, locale: str, headers: list[str]
) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read accents right;
    every field quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(headers)
    for application in applications:
        user = application.user
        writer.writerow(
            [
                neutralise(value)
                for value in (
                    user.name if user else "",
                    user.email if user else "",
                    application.opening.translated("title", locale),
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
