"""The application form, built for each role (its extra questions become fields)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, Regexp

from portal.applications.models import Application, VolunteerProfile
from portal.applications.services import ApplicationInput, ProfileInput
from portal.core.forms import OneLineField, SubForm, select_choices
from portal.core.languages import level_choices, spoken_language_choices
from portal.core.models import Document
from portal.openings.models import Opening

MOTIVATION_MIN, MOTIVATION_MAX = 100, 4000
AVAILABILITY_MAX = 1000
LANGUAGE_ROWS = 4


class LanguageSkillForm(SubForm):
    language = SelectField(_l("Language"), validators=[Optional()])
    level = SelectField(_l("Your level"), validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = select_choices([("", "—"), *spoken_language_choices()])
        self.level.choices = select_choices([("", "—"), *level_choices()])


def _availability_field() -> TextAreaField:
    return TextAreaField(
        _l("Your availability"),
        validators=[
            Optional(),
            Length(
                max=AVAILABILITY_MAX,
                message=_l("Write at most %(max)d characters.", max=AVAILABILITY_MAX),
            ),
        ],
    )


def _language_rows() -> FieldList:
    return FieldList(FormField(LanguageSkillForm), min_entries=LANGUAGE_ROWS, max_entries=12)


class SpokenLanguagesMixin:
    """The rows of languages a person speaks, with their levels (application, profile)."""

    languages: Any

    def _label_language_rows(self) -> None:
        # Distinct labels, so that each select is named on its own for screen readers.
        for number, row in enumerate(self.languages, start=1):
            row.form.language.label.text = _l("Language %(number)d", number=number)
            row.form.level.label.text = _l("Your level in language %(number)d", number=number)

    @property
    def spoken(self) -> dict[str, str]:
        return {
            row.form.language.data: row.form.level.data
            for row in self.languages
            if row.form.language.data and row.form.level.data
        }

    def _fill_languages(self, levels: dict[str, str]) -> None:
        spoken = list(levels.items())
        for index, row in enumerate(self.languages):
            language, level = spoken[index] if index < len(spoken) else ("", "")
            row.form.language.data, row.form.level.data = language, level

    def _check_language_rows(self) -> bool:
        valid = True
        seen: set[str] = set()
        for row in self.languages:
            language = row.form.language.data
            if language and language in seen:
                row.form.language.errors = [
                    *row.form.language.errors,
                    _l("This language is already in the list: give each language once."),
                ]
                valid = False
            seen.add(language)
            if bool(row.form.language.data) != bool(row.form.level.data):
                row.form.level.errors = [
                    *row.form.level.errors,
                    _l("Choose both a language and your level."),
                ]
                valid = False
        return valid


class ApplicationForm(SpokenLanguagesMixin, FlaskForm):
    motivation = TextAreaField(
        _l("Why do you want this role?"),
        validators=[
            Optional(),
            Length(
                max=MOTIVATION_MAX,
                message=_l("Write at most %(max)d characters.", max=MOTIVATION_MAX),
            ),
        ],
    )
    availability = _availability_field()
    languages = _language_rows()
    cv = FileField(_l("CV file"))
    consent = BooleanField(
        _l(
            "I agree that Make Mothers Matter processes the data of this "
            "application to consider it."
        )
    )
    save_draft = SubmitField(_l("Save as draft"))
    submit_application = SubmitField(_l("Submit my application"))

    question_fields: list[tuple[Any, str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._label_language_rows()

    @property
    def answers(self) -> dict[str, Any]:
        return {
            str(question.id): getattr(self, name).data for question, name in self.question_fields
        }

    @property
    def chosen_cv(self) -> FileStorage | None:
        """The file chosen in this submission, if any."""
        upload = self.cv.data
        return upload if isinstance(upload, FileStorage) and upload.filename else None

    def application_input(self, *, profile_cv: Document | None = None) -> ApplicationInput:
        return ApplicationInput(
            motivation=self.motivation.data or "",
            availability=self.availability.data or "",
            languages=self.spoken,
            answers=self.answers,
            cv=self.chosen_cv,
            profile_cv=profile_cv,
        )

    def fill_from_profile(self, profile: VolunteerProfile) -> None:
        """Start a new application from the person's volunteer profile."""
        self.availability.data = profile.availability
        self._fill_languages(profile.spoken_levels)

    def fill_from(self, application: Application) -> None:
        """Show a saved draft in the form."""
        self.motivation.data = application.motivation
        self.availability.data = application.availability
        self._fill_languages(application.spoken_levels)
        for question, name in self.question_fields:
            getattr(self, name).data = application.answers.get(str(question.id))

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        return self._check_language_rows() and valid

    def check_complete(self, *, has_cv: bool) -> bool:
        """What submitting needs beyond a draft; errors go beside each field."""
        complete = True

        def fail(field: Any, message: Any) -> None:
            nonlocal complete
            field.errors = [*field.errors, message]
            complete = False

        if len((self.motivation.data or "").strip()) < MOTIVATION_MIN:
            fail(self.motivation, _l("Write at least %(min)d characters.", min=MOTIVATION_MIN))
        if not self.spoken:
            fail(self.languages[0].form.language, _l("Tell us at least one language you speak."))
        if not has_cv:
            fail(self.cv, _l("Add your CV."))
        if not self.consent.data:
            fail(self.consent, _l("You must agree to the processing of your data to apply."))
        for question, name in self.question_fields:
            field = getattr(self, name)
            if question.is_required and field.data in (None, "", False):
                fail(field, _l("Answer this question."))
        return complete


PHONE = Regexp(
    r"^(?=.*[0-9])[0-9+()./ -]{6,40}$",
    message=_l("Write a phone number with digits, spaces and + ( ) - . only."),
)


class ProfileForm(SpokenLanguagesMixin, FlaskForm):
    """The volunteer profile: kept once, it starts every new application."""

    phone = OneLineField(
        _l("Phone (optional)"),
        validators=[Optional(), Length(max=40), PHONE],
        description=_l("Only the delegations you apply to see it, to call you if needed."),
    )
    city = OneLineField(_l("City"), validators=[Optional(), Length(max=120)])
    availability = _availability_field()
    languages = _language_rows()
    cv = FileField(_l("CV file"))
    remove_cv = BooleanField(_l("Remove the CV from my profile"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._label_language_rows()

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        return self._check_language_rows() and valid

    def fill(self, profile: VolunteerProfile) -> None:
        self.phone.data, self.city.data = profile.phone, profile.city
        self.availability.data = profile.availability
        self._fill_languages(profile.spoken_levels)

    def profile_input(self) -> ProfileInput:
        upload = self.cv.data
        return ProfileInput(
            phone=self.phone.data or "",
            city=self.city.data or "",
            availability=self.availability.data or "",
            languages=self.spoken,
            cv=upload if isinstance(upload, FileStorage) and upload.filename else None,
            remove_cv=bool(self.remove_cv.data),
        )


def application_form_for(opening: Opening, locale: str, **kwargs: Any) -> ApplicationForm:
    """An ApplicationForm with one field per extra question of `opening`."""

    class RoleApplicationForm(ApplicationForm):
        pass

    fields = []
    # The questions come after the languages, as on the page, so that the error summary
    # lists the problems in the order the person meets them.
    after_languages = ApplicationForm.languages.creation_counter
    for position, question in enumerate(opening.questions, start=1):
        text = question.localized(locale)
        label = text.prompt if text else ""
        name = f"question_{question.id}"
        if question.kind == "long_text":
            field = TextAreaField(label, validators=[Optional(), Length(max=4000)])
        elif question.kind == "yes_no":
            field = RadioField(
                label,
                choices=select_choices([("yes", _l("Yes")), ("no", _l("No"))]),
                validators=[Optional()],
            )
        elif question.kind == "choice":
            options = text.option_list if text else []
            field = RadioField(
                label,
                choices=select_choices((str(i), o) for i, o in enumerate(options)),
                validators=[Optional()],
            )
        else:
            field = OneLineField(label, validators=[Optional(), Length(max=500)])
        field.creation_counter = after_languages + position / 1000
        setattr(RoleApplicationForm, name, field)
        fields.append((question, name))
    form = RoleApplicationForm(**kwargs)
    form.question_fields = fields
    return form
