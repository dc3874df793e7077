"""The lead's form for a volunteer role."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import (
    OneLineField,
    PerLanguage,
    SubForm,
    TranslatedForm,
    TranslatedSubForm,
    select_choices,
)
from portal.core.i18n import language_name
from portal.core.languages import level_choices, spoken_language_choices
from portal.core.validation import BoundedDateField, BoundedIntegerField
from portal.openings.enums import OpeningStatus

LANGUAGE_ROWS = 4
QUESTION_ROWS = 3


class OpeningTextForm(SubForm):
    """A role's texts in one language."""

    title = OneLineField(_l("Title"), validators=[Optional(), Length(max=200)])
    location = OneLineField(
        _l("Location"),
        validators=[Optional(), Length(max=120)],
        description=_l("For example: UNESCO, Paris"),
    )
    commitment = OneLineField(
        _l("Time commitment"),
        validators=[Optional(), Length(max=120)],
        description=_l("For example: 2 days a month"),
    )
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=600)])
    description = TextAreaField(
        _l("Description (Markdown)"), validators=[Optional(), Length(max=20000)]
    )


class LanguageRequirementForm(SubForm):
    language = SelectField(_l("Language"), validators=[Optional()])
    min_level = SelectField(_l("Minimum level"), validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = select_choices([("", "—"), *spoken_language_choices()])
        self.min_level.choices = select_choices([("", "—"), *level_choices()])


QUESTION_KINDS = [
    ("short_text", _l("Short text")),
    ("long_text", _l("Long text")),
    ("yes_no", _l("Yes or no")),
    ("choice", _l("One choice among options")),
]


class QuestionTextForm(SubForm):
    """A question's wording (and its options, for a choice) in one language."""

    prompt = OneLineField(_l("Question"), validators=[Optional(), Length(max=500)])
    options = TextAreaField(_l("Options, one per line"), validators=[Optional(), Length(max=2000)])


class QuestionForm(TranslatedSubForm):
    kind = SelectField(_l("Kind of answer"), default="short_text")
    is_required = BooleanField(_l("An answer is required"))
    texts = PerLanguage(QuestionTextForm, filled_by=("prompt",))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = select_choices(QUESTION_KINDS)


class OpeningForm(TranslatedForm):
    texts = PerLanguage(
        OpeningTextForm,
        filled_by=("title",),
        required=_l("Give the role a title in at least one language."),
    )
    is_remote = BooleanField(_l("Can be done remotely"))
    starts_on = BoundedDateField(_l("Start date"), validators=[Optional()])
    closes_on = BoundedDateField(
        _l("Closing date"),
        validators=[Optional()],
        description=_l("Applications close at the end of this day."),
    )
    places = BoundedIntegerField(
        _l("Number of places"),
        default=1,
        validators=[
            InputRequired(message=_l("Enter a number of places.")),
            NumberRange(min=1, max=500),
        ],
    )
    status = SelectField(_l("Status"), default=OpeningStatus.DRAFT)
    languages = FieldList(
        FormField(LanguageRequirementForm), min_entries=LANGUAGE_ROWS, max_entries=10
    )
    questions = FieldList(FormField(QuestionForm), min_entries=QUESTION_ROWS, max_entries=10)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = select_choices((s.value, s.label) for s in OpeningStatus)
        for number, row in enumerate(self.languages, start=1):
            row.form.language.label.text = _l("Required language %(number)d", number=number)
            row.form.min_level.label.text = _l(
                "Minimum level for language %(number)d", number=number
            )
        for number, row in enumerate(self.questions, start=1):
            for code, texts in row.form.language_forms():
                name = language_name(code)
                texts.prompt.label.text = _l(
                    "Question %(number)d in %(language)s", number=number, language=name
                )
                texts.options.label.text = _l(
                    "Options of question %(number)d in %(language)s, one per line",
                    number=number,
                    language=name,
                )

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        for row in self.languages:
            language, level = row.form.language.data, row.form.min_level.data
            if bool(language) != bool(level):
                row.form.min_level.errors = [
                    *row.form.min_level.errors,
                    _l("Choose both a language and a level."),
                ]
                valid = False
        for row in self.questions:
            question = row.form
            texts = question.language_forms()
            if not question.written_texts() and any(t.options.data for _code, t in texts):
                first = texts[0][1].prompt
                first.errors = [*first.errors, _l("Write the question.")]
                valid = False
        return valid
