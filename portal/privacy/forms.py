"""Forms for exporting and erasing personal data."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, TextAreaField
from wtforms.validators import InputRequired, Length


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=200)],
    )


class EraseUserForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (recorded in the audit trail)"),
        validators=[InputRequired(message=_l("Give the reason for the erasure.")), Length(max=500)],
    )
