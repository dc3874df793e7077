"""Admin forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Form, SelectField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from portal.core.forms import (
    EMAIL_CHECK,
    LabelTextForm,
    OneLineField,
    PerLanguage,
    SubForm,
    TranslatedForm,
)
from portal.core.timezones import timezone_choices
from portal.core.validation import BoundedDateField, BoundedIntegerField

SLUG = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message=_l("Use lower-case letters, digits and hyphens, like european-union."),
)


class DelegationTextForm(SubForm):
    """One language's texts of a delegation. Empty name and heading: not written."""

    name = OneLineField(_l("Name"), validators=[Optional(), Length(max=120)])
    heading = OneLineField(_l("Heading"), validators=[Optional(), Length(max=200)])
    summary = TextAreaField(_l("Short description"), validators=[Optional(), Length(max=1000)])
    news_heading = OneLineField(_l("News heading"), validators=[Optional(), Length(max=200)])
    news_intro = TextAreaField(_l("News introduction"), validators=[Optional(), Length(max=1000)])
    description = TextAreaField(
        _l("Full description (Markdown)"), validators=[Optional(), Length(max=20000)]
    )


class DelegationForm(TranslatedForm):
    slug = OneLineField(
        _l("Address name"),
        validators=[DataRequired(message=_l("Enter an address name.")), Length(max=80), SLUG],
    )
    sort_order = BoundedIntegerField(
        _l("Order on the home page"), default=0, validators=[NumberRange(min=0, max=1000)]
    )
    is_active = BooleanField(_l("Shown on the site"), default=True)
    timezone = SelectField(_l("Time zone"), default="Europe/Paris")
    contact_email = EmailField(
        _l("Contact address for applicants"),
        validators=[Optional(), Length(max=254), EMAIL_CHECK],
        filters=[lambda value: (value or "").strip().lower() or None],
    )
    texts = PerLanguage(
        DelegationTextForm,
        filled_by=("name", "heading"),
        required=_l("Give the delegation a name in at least one language."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices(keep=self.timezone.data)

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        for _code, sub in self.language_forms():
            if not self.is_written(sub):
                continue
            for required in (sub.name, sub.heading):
                if not (required.data or "").strip():
                    required.errors = [*required.errors, _l("This field is required.")]
                    valid = False
        return valid


class AppointLeadForm(TranslatedForm):
    delegation_id = SelectField(_l("Delegation"), coerce=int)
    titles = PerLanguage(LabelTextForm, filled_by=("text",))

    def validate_delegation_id(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a delegation."))


class EraseUserForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (recorded in the audit trail)"),
        validators=[InputRequired(message=_l("Give the reason for the erasure.")), Length(max=500)],
    )


class ResetSecondFactorForm(FlaskForm):
    reason = TextAreaField(
        _l("How you checked who they are (recorded in the audit trail and told to them)"),
        validators=[
            InputRequired(message=_l("Say how you checked who they are.")),
            Length(max=500),
        ],
    )


class ReasonlessActionForm(FlaskForm):
    """A button that only needs its CSRF token."""


class AuditFilterForm(Form):
    """The audit trail's filters (a GET form: nothing to protect, every value checked)."""

    person = OneLineField(
        _l("Person"),
        validators=[Optional(), Length(max=100)],
        description=_l(
            "Part of a name or e-mail address: what they did and what was done to their account."
        ),
    )
    action = SelectField(_l("Action"), validators=[Optional()])
    delegation = SelectField(_l("Delegation"), validators=[Optional()])
    since = BoundedDateField(_p("date range", "From"), validators=[Optional()])
    until = BoundedDateField(_p("date range", "To"), validators=[Optional()])

    def validate_until(self, field: Any) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date comes before the start date."))
