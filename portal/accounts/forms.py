"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, Form, PasswordField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from portal.accounts.passwords import MAX_LENGTH, MIN_LENGTH, is_common_password
from portal.core.forms import EMAIL_CHECK, LanguageField, OneLineField


class NewPassword:
    """At least MIN_LENGTH characters, at most MAX_LENGTH, and not a common password."""

    def __call__(self, form: Form, field: Field) -> None:
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
    name = OneLineField(
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


class ConfirmEmailForm(FlaskForm):
    """The button that confirms an address (its token is in the page's address)."""


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=200)],
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class SignInLinkForm(FlaskForm):
    email = _email_field()


class PasswordResetRequestForm(FlaskForm):
    email = _email_field()


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password and its repetition, in the order a form declares them."""
    return (
        PasswordField(
            _l("New password"),
            validators=[InputRequired(message=_l("Choose a password.")), NewPassword()],
        ),
        PasswordField(
            _l("New password again"),
            validators=[
                InputRequired(message=_l("Enter the new password again.")),
                EqualTo("password", message=_l("The two passwords are not the same.")),
            ],
        ),
    )


class PasswordResetForm(FlaskForm):
    password, confirm = _new_password_fields()


class ProfileForm(FlaskForm):
    name = OneLineField(
        _l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), Length(max=120)]
    )
    locale = LanguageField(_l("Preferred language"))


class EmailChangeForm(FlaskForm):
    email = _email_field(_l("New e-mail address"))
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=200)],
        id="email-password",  # the page's password form has its own "password"
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Enter your current password.")), Length(max=200)],
    )
    password, confirm = _new_password_fields()
