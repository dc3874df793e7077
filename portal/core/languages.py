"""Spoken languages and CEFR levels (for roles' requirements and applicants' skills)."""

from __future__ import annotations

from portal.core.i18n import language_name

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")

# Languages an applicant may list; ISO 639-1 codes, named in the reader's language.
SPOKEN_LANGUAGES = (
    "en",
    "fr",
    "es",
    "de",
    "it",
    "pt",
    "nl",
    "pl",
    "ro",
    "el",
    "sv",
    "ar",
    "zh",
    "ru",
    "ja",
    "hi",
    "sw",
    "tr",
    "uk",
)


def level_rank(level: str | None) -> int:
    """A1 -> 1 ... C2 -> 6; unknown -> 0."""
    return CEFR_LEVELS.index(level) + 1 if level in CEFR_LEVELS else 0


def meets(required: dict[str, str], spoken: dict[str, str]) -> bool:
    """Whether `spoken` ({language: level}) reaches every level in `required`."""
    return all(
        level_rank(spoken.get(lang)) >= level_rank(level) for lang, level in required.items()
    )


def spoken_language_choices() -> list[tuple[str, str]]:
    named = [(code, language_name(code).capitalize()) for code in SPOKEN_LANGUAGES]
    return sorted(named, key=lambda item: item[1])


def level_choices() -> list[tuple[str, str]]:
    return [(level, level) for level in CEFR_LEVELS]
