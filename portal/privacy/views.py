"""A person's own data: /<lang>/account/data (download it, or delete the account)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from portal.accounts.passwords import verify_password
from portal.accounts.sessions import end_current_session
from portal.core.audit import record
from portal.extensions import db
from portal.mfa.stepup import fresh_second_factor
from portal.privacy.erasure import erase_user
from portal.privacy.export import export_zip
from portal.privacy.forms import DeleteAccountForm

bp = Blueprint("privacy", __name__, url_prefix="/<lang:lang_code>/account/data")


@bp.get("/")
@login_required
def index() -> str:
    return render_template("privacy/data.html", form=DeleteAccountForm(formdata=None))


@bp.post("/export")
@login_required
def export() -> Response:
    """Only ever the signed-in person's own data: there is no id in the address."""
    body = export_zip(current_user)
    record("account.exported", actor=current_user, subject=current_user)
    db.session.commit()
    response = Response(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/delete")
@login_required
@fresh_second_factor
def delete() -> str | BaseResponse:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            person = current_user._get_current_object()
            end_current_session()
            erase_user(person, by=person)
            db.session.commit()
            flash(
                _("Your account and your personal data are deleted. Goodbye, and thank you."),
                "success",
            )
            return redirect(url_for("pages.home"))
        form.password.errors.append(_("Your password is not correct."))
    return render_template("privacy/data.html", form=form)
