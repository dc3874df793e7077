"""Forms of the team page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length

from portal.core.forms import OneLineField, select_choices
from portal.delegations.enums import MembershipRole


def _role_choices() -> list:
    return select_choices((role.value, role.label) for role in MembershipRole)


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Enter an e-mail address.")),
            Email(
                message=_l("Enter an e-mail address like name@example.org."),
                check_deliverability=False,
            ),
            Length(max=254),
        ],
    )
    role = SelectField(_l("Role"), default=MembershipRole.MEMBER)
    title = OneLineField(
        _l("Public title"),
        validators=[Length(max=120)],
        description=_l("For example: Representative at UNESCO"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()


class MemberForm(FlaskForm):
    title = OneLineField(_l("Public title"), validators=[Length(max=120)])
    role = SelectField(_l("Role"))
    is_reviewer = BooleanField(_l("Reviews applications"))
    shown_publicly = BooleanField(_l("Shown on the public delegation page"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()
