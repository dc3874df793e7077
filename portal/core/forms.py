"""Form pieces shared by features: validators and choices that speak the user's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal.core.i18n import language_name, languages


def select_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


def language_choices() -> list[SelectChoice]:
    """Each language named in itself ("English", "Français")."""
    return select_choices((code, language_name(code, code).capitalize()) for code in languages())


class LanguageField(SelectField):
    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label, choices=[], **kwargs)

    def pre_validate(self, form: Form) -> None:
        self.choices = language_choices()
        super().pre_validate(form)

    def iter_choices(self):  # noqa: ANN201 - WTForms protocol
        self.choices = language_choices()
        return super().iter_choices()


class NewPassword:
    """At least MIN_LENGTH characters, at most MAX_LENGTH, and not a common password."""

    def __call__(self, form: Form, field: Field) -> None:
        from portal.accounts.passwords import MAX_LENGTH, MIN_LENGTH, is_common_password

        value = field.data or ""
        if len(value) < MIN_LENGTH:
            raise ValidationError(_l("Use at least %(count)d characters.", count=MIN_LENGTH))
        if len(value) > MAX_LENGTH:
            raise ValidationError(_l("Use at most %(count)d characters.", count=MAX_LENGTH))
        if is_common_password(value):
            raise ValidationError(
                _l("This password is too common and easy to guess. Choose another one.")
            )
        email = getattr(getattr(form, "email", None), "data", None) or ""
        if email and value.lower() == email.lower():
            raise ValidationError(_l("Your password must not be your e-mail address."))
