"""Creating and editing volunteer roles. Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.core.clock import utcnow
from portal.core.db import sync_keyed_rows, sync_translations, unique_slug
from portal.core.domain import DomainError
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.openings.enums import OpeningStatus
from portal.openings.models import (
    TEXT_FIELDS,
    Opening,
    OpeningLanguage,
    OpeningQuestion,
    OpeningQuestionTranslation,
    OpeningTranslation,
    closing_instant,
)


@dataclass
class QuestionInput:
    """One extra question as a lead wrote it."""

    kind: str
    is_required: bool
    prompts: dict[str, str]  # locale -> prompt
    options: dict[str, list[str]]  # locale -> options (choice questions)


@dataclass
class OpeningInput:
    """A role as a lead wrote it."""

    texts: dict[str, dict[str, str]]  # locale -> {title, location, commitment, ...}
    is_remote: bool
    starts_on: date | None
    closes_on: date | None
    places: int
    status: str
    languages: dict[str, str]  # language -> minimum level
    questions: list[QuestionInput]


def _check(data: OpeningInput, timezone: str) -> None:
    if not data.texts:
        raise DomainError(_l("Give the role a title in at least one language."), field="texts")
    if (
        data.status == OpeningStatus.OPEN
        and data.closes_on is not None
        and closing_instant(data.closes_on, timezone) <= utcnow()
    ):
        raise DomainError(
            _l(
                "This closing date has passed: choose a later date to keep the role open, "
                "or mark it closed."
            ),
            field="closes_on",
        )
    if data.starts_on and data.closes_on and data.closes_on > data.starts_on:
        raise DomainError(_l("Applications must close before the role starts."), field="closes_on")
    for question in data.questions:
        if question.kind == "choice":
            counts = {len(opts) for opts in question.options.values()}
            if not counts or 0 in counts or 1 in counts or len(counts) > 1:
                raise DomainError(
                    _l(
                        "A choice question needs at least two options, the same "
                        "number in each language."
                    ),
                    field="questions",
                )


def save_opening(opening: Opening, delegation: Delegation, data: OpeningInput) -> Opening:
    """Create or update a role with its texts, language requirements and questions."""
    _check(data, delegation.timezone)
    if opening.id is None:
        first_title = next(iter(data.texts.values()))["title"]
        opening.slug = unique_slug(Opening, first_title)
        opening.delegation_id = delegation.id
        db.session.add(opening)
    opening.is_remote, opening.places = data.is_remote, data.places
    opening.starts_on, opening.status = data.starts_on, OpeningStatus(data.status)
    opening.set_closing_date(data.closes_on, delegation.timezone)

    sync_translations(
        opening.translations,
        data.texts,
        make=lambda locale: OpeningTranslation(locale=locale),
        fields=TEXT_FIELDS,
    )

    sync_keyed_rows(
        opening.languages,
        data.languages,
        key="language",
        value="min_level",
        make=lambda lang, level: OpeningLanguage(language=lang, min_level=level),
    )
    _save_questions(opening, data.questions)
    db.session.flush()
    return opening


def _save_questions(opening: Opening, questions: list[QuestionInput]) -> None:
    """Update questions in place by position, so that saved answers keep their id."""
    current = list(opening.questions)
    for position, item in enumerate(questions):
        question = current[position] if position < len(current) else OpeningQuestion()
        question.position, question.kind, question.is_required = (
            position,
            item.kind,
            item.is_required,
        )
        sync_translations(
            question.translations,
            {
                locale: {"prompt": prompt, "options": "\n".join(item.options.get(locale, []))}
                for locale, prompt in item.prompts.items()
            },
            make=lambda locale: OpeningQuestionTranslation(locale=locale),
            fields=("prompt", "options"),
        )
        if position >= len(current):
            opening.questions.append(question)
    for extra in current[len(questions) :]:
        opening.questions.remove(extra)
