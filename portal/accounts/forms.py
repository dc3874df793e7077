"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from portal.core.forms import LanguageField, NewPassword

EMAIL_CHECK = Email(
    message=_l("Enter an e-mail address like name@example.org."), check_deliverability=False
)


def _email_field(label: str = _l("E-mail address")) -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Length(max=254),
            EMAIL_CHECK,
        ],
    )


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), Length(max=120)]
    )
    email = _email_field()
    password = PasswordField(
        _l("Password"), validators=[InputRequired(message=_l("Choose a password.")), NewPassword()]
    )
    locale = LanguageField(_l("Preferred language"))
    accept_privacy = BooleanField(
        _l("I have read and accept the privacy notice."),
        validators=[
            DataRequired(message=_l("You must accept the privacy notice to create an account."))
        ],
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=200)],
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class PasswordResetRequestForm(FlaskForm):
    email = _email_field()


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(message=_l("Choose a password.")), NewPassword()],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(message=_l("Enter the new password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), Length(max=120)]
    )
    locale = LanguageField(_l("Preferred language"))


class EmailChangeForm(FlaskForm):
    email = _email_field(_l("New e-mail address"))
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=200)],
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Enter your current password.")), Length(max=200)],
    )
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(message=_l("Choose a password.")), NewPassword()],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(message=_l("Enter the new password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
