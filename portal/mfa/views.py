"""The second step of signing in, the password-free passkey sign-in, the person's
security page (second factors, recovery codes, signed-in browsers) and the step-up
check."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.accounts.devices import describe
from portal.accounts.models import User
from portal.accounts.sessions import current_session_id, end_session, revoke_sessions
from portal.accounts.signin import complete_sign_in
from portal.core.attempts import wait_message
from portal.core.audit import record
from portal.core.confirm import confirmation_page, confirmed
from portal.core.db import writes
from portal.core.domain import DomainError, refuse
from portal.core.security import safe_next_url
from portal.extensions import db, limiter
from portal.mfa import passkeys, queries, services, totp
from portal.mfa.forms import CodeForm, PasskeyForm, PasskeySignInForm
from portal.mfa.qr import qr_svg
from portal.mfa.rules import has_second_factor, requires_second_factor
from portal.mfa.stepup import answer_step_up, check_page, fresh_second_factor

bp = Blueprint("mfa", __name__, url_prefix="/<lang:lang_code>/account")


def _no_store(body: Any, status: int = 200) -> Response:
    """Pages that show a secret or a held sign-in are never kept by a browser or proxy."""
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "private, no-store"
    return response


# Signing in: the second step, and passkeys without a password.


@bp.route("/login/second-factor", methods=["GET", "POST"])
def verify() -> Response:
    """After a good password (or link): the code, a recovery code or a passkey."""
    user = services.held_user()
    if user is None:
        flash(_("Your sign-in took too long: please start again."), "info")
        return redirect(url_for("accounts.login"))
    hold = services.held_sign_in() or {}
    form = CodeForm()
    passkey_form = PasskeySignInForm()
    status = 200
    if form.validate_on_submit() or passkey_form.validate_on_submit():
        outcome = services.check(
            user,
            code=form.code.data or "",
            passkey_response=passkey_form.passkey_response.data or "",
        )
        if outcome.passed:
            services.release_hold()
            return complete_sign_in(
                user,
                remember=bool(hold.get("remember")),
                method=str(hold.get("method") or "password"),
                second_factor=True,
                next_url=str(hold.get("next") or "") or None,
            )
        db.session.commit()  # the failure is counted and audited
        if outcome.blocked_until is not None:
            form.code.errors = [wait_message(outcome.blocked_until)]
            status = 429
        else:
            form.code.errors = [
                _("This code is not valid, or was used already. Try the current one.")
            ]
    body = render_template(
        "mfa/verify.html",
        form=form,
        passkey_form=passkey_form,
        passkey_options=passkeys.authentication_options(user),
    )
    return _no_store(body, status)


@bp.post("/login/passkey")
@limiter.limit("20 per 15 minutes", scope="passkey-sign-in")
def passkey_sign_in() -> Response:
    """Signing in with a passkey alone: it verifies the person (PIN or fingerprint), so
    it is both factors at once."""
    form = PasskeySignInForm()
    passkey = None
    if form.validate_on_submit():
        passkey = passkeys.authenticate(form.passkey_response.data)
    user = db.session.get(User, passkey.user_id) if passkey is not None else None
    if user is None or not user.is_active_account:
        db.session.rollback()
        flash(_("This passkey could not sign you in. Use your password instead."), "error")
        return redirect(url_for("accounts.login", next=safe_next_url(request.args.get("next"))))
    return complete_sign_in(user, remember=False, method="passkey", second_factor=True)


# The security page.


def _security_page(**context: Any) -> Response:
    user = current_user
    context.setdefault("passkey_form", PasskeyForm(formdata=None))
    body = render_template(
        "mfa/security.html",
        factors=queries.factors_of(user),
        required=requires_second_factor(user),
        sessions=queries.live_sessions(user),
        this_session=current_session_id(),
        registration_options=passkeys.registration_options(user),
        next=safe_next_url(request.args.get("next")),
        describe_browser=describe,
        **context,
    )
    return _no_store(body)


@bp.get("/security/")
@login_required
def security() -> Response:
    return _security_page()


@bp.route("/security/authenticator", methods=["GET", "POST"])
@writes  # the secret shown is kept until confirmed, so the QR code stays the same
@login_required
@fresh_second_factor
def setup_authenticator() -> Response:
    """The QR code and the secret, then a first code from the app to confirm."""
    if totp.enrolled(current_user) is not None:
        flash(_("Your authenticator app is set up already."), "info")
        return redirect(url_for("mfa.security"))
    row = totp.pending_secret(current_user)
    form = CodeForm()
    if form.validate_on_submit():
        codes = services.confirm_authenticator(current_user, form.code.data)
        if codes is not None:
            services.mark_passed(current_user)
            db.session.commit()
            flash(_("Your authenticator app is set up."), "success")
            return _codes_page(codes)
        form.code.errors = [
            _("This code is not right: check the app's clock, and type the code shown now.")
        ]
    db.session.commit()  # keep the pending secret, so the QR code stays the same
    uri = totp.provisioning_uri(current_user, row)
    body = render_template(
        "mfa/setup_authenticator.html",
        form=form,
        qr=qr_svg(uri, title=_("QR code for your authenticator app")),
        secret=totp.secret_of(row),
    )
    return _no_store(body)


def _codes_page(codes: list[str]) -> Response:
    """The recovery codes, shown this once (or nothing new to show: the security page)."""
    if not codes:
        return redirect(safe_next_url(request.args.get("next")) or url_for("mfa.security"))
    body = render_template(
        "mfa/recovery_codes.html",
        codes=codes,
        next=safe_next_url(request.args.get("next")) or url_for("mfa.security"),
    )
    return _no_store(body)


@bp.post("/security/authenticator/remove")
@login_required
@fresh_second_factor
def remove_authenticator() -> str | Response:
    if not confirmed():
        return confirmation_page(
            title=_("Remove the authenticator app?"),
            consequence=_("Its codes will no longer be accepted. You can set it up again later."),
            action=_("Remove the app"),
            back=url_for("mfa.security"),
        )
    try:
        services.remove_authenticator(current_user)
    except DomainError as error:
        refuse(error)
        return redirect(url_for("mfa.security"))
    db.session.commit()
    flash(_("The authenticator app is removed."), "success")
    return redirect(url_for("mfa.security"))


@bp.post("/security/passkeys")
@login_required
@fresh_second_factor
def add_passkey() -> Response:
    form = PasskeyForm()
    if not form.validate_on_submit() or not form.passkey_response.data:
        if form.validate_on_submit():
            form.name.errors = [_("Your browser did not make a passkey. Try again.")]
        return _security_page(passkey_form=form)
    try:
        codes = services.add_passkey(current_user, form.passkey_response.data, name=form.name.data)
    except DomainError as error:
        refuse(error, form, default=form.name)
        return _security_page(passkey_form=form)
    services.mark_passed(current_user)
    db.session.commit()
    flash(_("Your passkey “%(name)s” is added.", name=form.name.data), "success")
    return _codes_page(codes)


@bp.post("/security/passkeys/<int:passkey_id>/remove")
@login_required
@fresh_second_factor
def remove_passkey(passkey_id: int) -> str | Response:
    if not confirmed():
        return confirmation_page(
            title=_("Remove this passkey?"),
            consequence=_("It will no longer sign you in. You can add it again later."),
            action=_("Remove the passkey"),
            back=url_for("mfa.security"),
        )
    try:
        passkey = services.remove_passkey(current_user, passkey_id)
    except DomainError as error:
        refuse(error)
        return redirect(url_for("mfa.security"))
    db.session.commit()
    flash(_("The passkey “%(name)s” is removed.", name=passkey.name), "success")
    return redirect(url_for("mfa.security"))


@bp.post("/security/recovery-codes")
@login_required
@fresh_second_factor
def renew_recovery_codes() -> str | Response:
    if not confirmed():
        return confirmation_page(
            title=_("Make new recovery codes?"),
            consequence=_(
                "Your current recovery codes will stop working. Keep the new ones somewhere safe."
            ),
            action=_("Make new codes"),
            back=url_for("mfa.security"),
            danger=False,
        )
    try:
        codes = services.renew_recovery_codes(current_user)
    except DomainError as error:
        refuse(error)
        return redirect(url_for("mfa.security"))
    db.session.commit()
    return _codes_page(codes)


@bp.post("/security/sessions/<int:session_id>/end")
@login_required
def end_one_session(session_id: int) -> Response:
    """Sign out one other browser, at once: its cookie no longer signs anyone in."""
    if session_id == current_session_id():
        return redirect(url_for("mfa.security"))
    if end_session(current_user, session_id):
        record("auth.session_ended", actor=current_user, subject=current_user)
        db.session.commit()
        flash(_("That browser is signed out."), "success")
    return redirect(url_for("mfa.security"))


@bp.post("/security/sessions/end-others")
@login_required
def end_other_sessions() -> Response:
    revoke_sessions(current_user, keep_current=True)
    record("auth.session_ended", actor=current_user, subject=current_user, everywhere=True)
    db.session.commit()
    flash(_("You are signed out everywhere else."), "success")
    return redirect(url_for("mfa.security"))


@bp.route("/security/check", methods=["GET", "POST"])
@login_required
def step_up() -> Any:
    """The second factor again, then back where the person was going."""
    target = safe_next_url(request.args.get("next")) or url_for("mfa.security")
    if not has_second_factor(current_user):
        return redirect(target)
    if request.method == "POST":
        passed, error, status = answer_step_up()
        if passed:
            return redirect(target)
        return check_page(
            error=error, target=request.full_path.rstrip("?"), repost=False, status=status
        )
    return check_page(target=request.full_path.rstrip("?"), repost=False)
