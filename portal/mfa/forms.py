"""Forms of the second factors."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from portal.core.forms import OneLineField


class CodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter the code.")), Length(max=40)],
    )


class PasskeySignInForm(FlaskForm):
    """A passkey's answer, filled in by static/js/passkeys.js."""

    passkey_response = HiddenField(validators=[DataRequired(), Length(max=20_000)])


class PasskeyForm(FlaskForm):
    """A new passkey: the name its owner recognises, and the browser's answer."""

    name = OneLineField(
        _l("Name of the passkey"),
        validators=[
            DataRequired(message=_l("Name the passkey, for example “Work laptop”.")),
            Length(max=60),
        ],
    )
    passkey_response = HiddenField(validators=[Length(max=20_000)])
