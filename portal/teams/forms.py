"""Forms of the team page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.core.forms import (
    EMAIL_CHECK,
    LabelTextForm,
    PerLanguage,
    TranslatedForm,
    select_choices,
)
from portal.core.validation import BoundedDateField
from portal.delegations.enums import MembershipRole


def _role_choices() -> list:
    return select_choices((role.value, role.label) for role in MembershipRole)


class InviteForm(TranslatedForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Enter an e-mail address.")),
            EMAIL_CHECK,
            Length(max=254),
        ],
    )
    role = SelectField(_l("Role"), default=MembershipRole.MEMBER)
    titles = PerLanguage(LabelTextForm, filled_by=("text",))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()


class MemberForm(TranslatedForm):
    titles = PerLanguage(LabelTextForm, filled_by=("text",))
    role = SelectField(_l("Role"))
    is_reviewer = BooleanField(_l("Reviews applications"))
    term_ends_on = BoundedDateField(_l("End of term"), validators=[Optional()])
    hidden_by_lead = BooleanField(_l("Hide from the public delegation page"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()


class ListingForm(FlaskForm):
    """The member's own answer: named on the public delegation page, or not."""

    listed = RadioField(
        _l("On the public page of the delegation"),
        choices=select_choices(
            [
                ("yes", _l("Yes, show my name and title")),
                ("no", _l("No, keep me off the public page")),
            ]
        ),
        validators=[InputRequired(message=_l("Choose whether to be shown."))],
    )
