"""A lead's filtered applicants list as rows for a spreadsheet (core/spreadsheets.py):
who applied, for what, where it stands, and what they wrote."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from portal.applications.models import Application
from portal.core.i18n import language_name
from portal.core.spreadsheets import Cell


def headers() -> list[str]:
    """The column names, in the reader's language."""
    return [
        _("Name"),
        _("E-mail"),
        _("Volunteer role"),
        _("Status"),
        _("Sent on"),
        _("Languages"),
        _("Meets the language requirements"),
        _("Average score"),
        _("Reviews"),
        _("Availability"),
        _("Motivation"),
        _("Answers"),
    ]


def answer_lines(application: Application, locale: str) -> str:
    """ "Question: answer", one line each, as the question was asked in `locale`."""
    lines = []
    for question in application.opening.questions:
        text = question.localized(locale)
        answer = application.answers.get(str(question.id))
        if text is None or answer in (None, ""):
            continue
        if question.kind == "yes_no":
            answer = _("Yes") if answer == "yes" else _("No")
        elif question.kind == "choice":
            options = text.option_list
            index = int(answer) if str(answer).isdecimal() else -1
            answer = options[index] if 0 <= index < len(options) else answer
        lines.append(f"{text.prompt}: {answer}")
    return "\n".join(lines)


def applicant_rows(applications: Iterable[Application], *, locale: str) -> Iterator[list[Cell]]:
    """One row per application, in the order of `headers()`."""
    for application in applications:
        user = application.user
        yield [
            user.name if user else _("Erased account"),
            user.email if user else "",
            application.opening.translated("title", locale),
            str(application.status.label),
            application.submitted_at,
            ", ".join(
                f"{language_name(spoken.language, locale)} {spoken.level}"
                for spoken in application.languages
            ),
            _("Yes") if application.meets_languages else _("No"),
            round(application.review_average, 2)
            if application.review_average is not None
            else None,
            application.review_count,
            application.availability,
            application.motivation,
            answer_lines(application, locale),
        ]
