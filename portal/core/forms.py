"""Form pieces shared by features: choices in the reader's language, and texts written
once per configured language.

A form that holds translated content declares `texts = PerLanguage(SomeTextForm, ...)`
where the texts belong; when the form is built, that place holds one sub-form per
language of `LANGUAGES` (fields `en-title`, `fr-title`, ...), so that adding a language
to the configuration adds a column to every editor without touching any form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from wtforms import Form, FormField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.form import FormMeta
from wtforms.validators import Email, Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.core.i18n import language_name, languages
from portal.core.text import one_line

# The one check of an e-mail address typed in a form (its syntax; deliverability is
# proven by the confirmation e-mail, not by a DNS look-up in the request).
EMAIL_CHECK = Email(
    message=_l("Enter an e-mail address like name@example.org."), check_deliverability=False
)


def select_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


def language_choices() -> list[SelectChoice]:
    """Each language named in itself ("English", "Français")."""
    return select_choices((code, language_name(code, code).capitalize()) for code in languages())


class SubForm(Form):
    """A form nested in a Flask-WTF form (a language's texts, a row of a list): its
    built-in messages ("Field cannot be longer than...") in the page's language too."""

    class Meta:
        def get_translations(self, form: Form) -> Any:
            return translations


class OneLineField(StringField):
    """A text field whose value is one line: whatever a crafted request sends, control
    characters and line breaks become spaces (names, titles, subjects, datelines)."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        filters = (*kwargs.pop("filters", ()), _one_line_or_none)
        super().__init__(label, validators, filters=filters, **kwargs)


def _one_line_or_none(value: Any) -> Any:
    return one_line(value) if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (SelectMultipleField's validation)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LanguageField(SelectField):
    """A choice among the portal's languages, read from the configuration when used."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label, choices=[], **kwargs)

    def pre_validate(self, form: Form) -> None:
        self.choices = language_choices()
        super().pre_validate(form)

    def iter_choices(self):  # noqa: ANN201 - WTForms protocol
        self.choices = language_choices()
        return super().iter_choices()


class PerLanguage:
    """At its place in a form: one sub-form of `form_class` per configured language.

    `filled_by` names the sub-form fields whose content means "this language is
    written"; `required` is the message shown when no language is written at all.
    """

    def __init__(
        self, form_class: type[Form], *, filled_by: tuple[str, ...], required: Any = None
    ) -> None:
        self.form_class = form_class
        self.filled_by = filled_by
        self.required = required
        # Take a place in the field order, as an UnboundField would.
        self.creation_counter = UnboundField.creation_counter
        UnboundField.creation_counter += 1


def _language_label(code: str) -> LazyString:
    return LazyString(lambda: language_name(code).capitalize())


class _PerLanguageMeta(FormMeta):
    """Builds (once per list of languages) the variant of a form that holds one sub-form
    per language where its PerLanguage stands, and instantiates that variant."""

    _variants: ClassVar[dict[tuple[type, tuple[str, ...]], type]] = {}

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls.__dict__.get("_language_codes") is not None:  # already a variant
            return FormMeta.__call__(cls, *args, **kwargs)
        codes = languages()
        key = (cls, codes)
        if key not in _PerLanguageMeta._variants:
            _PerLanguageMeta._variants[key] = _PerLanguageMeta._variant(cls, codes)
        return FormMeta.__call__(_PerLanguageMeta._variants[key], *args, **kwargs)

    @staticmethod
    def _variant(cls: type, codes: tuple[str, ...]) -> type:
        declared = _declaration(cls)
        attributes: dict[str, Any] = {"_language_codes": codes}
        if declared is not None:
            for index, code in enumerate(codes):
                unbound = FormField(declared.form_class, label=_language_label(code))
                # Sort where the declaration stands, in the configured order.
                unbound.creation_counter = declared.creation_counter + index / 1000
                attributes[code] = unbound
        return type(cls.__name__, (cls,), attributes)


def _declaration(cls: type) -> PerLanguage | None:
    for klass in cls.__mro__:
        for value in vars(klass).values():
            if isinstance(value, PerLanguage):
                return value
    return None


class _PerLanguageMixin:
    """What a form with per-language texts offers its view and template."""

    _language_codes: ClassVar[tuple[str, ...] | None] = None

    if TYPE_CHECKING:  # provided by the WTForms form this is mixed into

        def __getitem__(self, name: str) -> Any: ...

    def language_forms(self) -> list[tuple[str, Any]]:
        """(code, sub-form) for each configured language, in configured order."""
        return [(code, self[code].form) for code in self._language_codes or ()]

    def is_written(self, sub_form: Any) -> bool:
        declared = _declaration(type(self))
        assert declared is not None
        return any((sub_form[name].data or "").strip() for name in declared.filled_by)

    def written_texts(self) -> dict[str, dict[str, Any]]:
        """{code: {field: value}} of the languages the person wrote, values stripped."""
        return {
            code: {
                name: (value.strip() if isinstance(value, str) else value)
                for name, value in sub.data.items()
            }
            for code, sub in self.language_forms()
            if self.is_written(sub)
        }

    def fill_texts(self, rows: Iterable[Any]) -> None:
        """Put stored translation rows (objects with `.locale`) into the sub-forms."""
        for row in rows:
            if row.locale in (self._language_codes or ()):
                self[row.locale].form.process(obj=row)

    def check_one_language_written(self) -> bool:
        """The declared `required` rule: at least one language written."""
        declared = _declaration(type(self))
        if declared is None or declared.required is None or self.written_texts():
            return True
        first = self.language_forms()[0][1][declared.filled_by[0]]
        first.errors = [*first.errors, declared.required]
        return False


class LabelTextForm(SubForm):
    """A short label in one language (declare `PerLanguage(LabelTextForm, ...)`)."""

    text = OneLineField(validators=[Length(max=120)])


def written_labels(form: Any) -> dict[str, str]:
    """{locale: label} of the languages filled in a form with per-language labels."""
    return {code: values["text"] for code, values in form.written_texts().items()}


def label_data(values: dict[str, str] | None) -> dict[str, dict[str, str]]:
    """A stored {locale: label} map as the `data` of a form with per-language labels."""
    return {code: {"text": text} for code, text in (values or {}).items()}


class TranslatedForm(_PerLanguageMixin, FlaskForm, metaclass=_PerLanguageMeta):
    """A Flask-WTF form (CSRF included) with one sub-form of texts per language."""

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return self.check_one_language_written() and valid


class TranslatedSubForm(_PerLanguageMixin, SubForm, metaclass=_PerLanguageMeta):
    """The same for a form nested in another (a row of a FieldList)."""
