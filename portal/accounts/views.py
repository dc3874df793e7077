"""Sign-up, e-mail confirmation, sign-in/out, password reset and the account page."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.accounts import services
from portal.accounts.forms import (
    ConfirmEmailForm,
    EmailChangeForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    PasswordResetRequestForm,
    ProfileForm,
    RegisterForm,
)
from portal.accounts.sessions import end_current_session, start_session
from portal.core.audit import record
from portal.core.domain import DomainError, refuse
from portal.core.i18n import current_language
from portal.core.security import safe_next_url
from portal.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/<lang:lang_code>/account")


def _login_failed(_response: Response) -> bool:
    return bool(g.get("login_failed"))


def _submitted_email() -> str:
    return "email:" + services.normalise_email(request.form.get("email", ""))[:254]


def _after_login_url() -> str:
    return safe_next_url(request.args.get("next")) or url_for(
        "accounts.account", lang_code=current_user.locale
    )


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], scope="register")
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = current_language()
    if form.validate_on_submit():
        services.register(
            name=form.name.data,
            email=form.email.data,
            password=form.password.data,
            locale=form.locale.data,
        )
        db.session.commit()
        # The same page whether or not the address already had an account.
        return render_template(
            "accounts/check_inbox.html",
            email=form.email.data.strip(),
            reason="register",
            next=safe_next_url(request.args.get("next")),
        )
    return render_template(
        "accounts/register.html", form=form, next=safe_next_url(request.args.get("next"))
    )


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> str | Response | tuple[str, int]:
    """The link of the confirmation e-mail opens a page; its button confirms (a POST),
    so that mail scanners following the link change nothing."""
    pending = services.address_to_confirm(token)
    if pending is None:
        flash(_("This confirmation link is invalid or has expired."), "error")
        return redirect(
            url_for("accounts.account" if current_user.is_authenticated else "accounts.login")
        )
    form = ConfirmEmailForm()
    if not form.validate_on_submit():
        return render_template("accounts/confirm_email.html", form=form, email=pending)
    try:
        user = services.confirm_email(token)
    except DomainError as error:
        refuse(error)
        return redirect(
            url_for("accounts.account" if current_user.is_authenticated else "accounts.login")
        )
    db.session.commit()
    flash(_("Your e-mail address %(email)s is confirmed.", email=user.email), "success")
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    return redirect(url_for("accounts.login"))


@bp.post("/confirm/resend")
@login_required
@limiter.limit("3 per hour", key_func=lambda: f"user:{current_user.id}", scope="resend")
def resend_confirmation() -> Response:
    if not current_user.is_confirmed:
        services.send_confirmation(current_user, current_user.email)
        db.session.commit()
    flash(
        _("We have sent a new confirmation link to %(email)s.", email=current_user.email), "success"
    )
    return redirect(url_for("accounts.account"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    "10 per 15 minutes",
    key_func=_submitted_email,
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-account",
)
@limiter.limit(
    "60 per 15 minutes", methods=["POST"], deduct_when=_login_failed, scope="login-address"
)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_after_login_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user, remember=form.remember.data)
            record("auth.sign_in", actor=user, subject=user)
            db.session.commit()
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(_after_login_url())
        db.session.rollback()
        g.login_failed = True
        record("auth.sign_in_failed", subject=services.find_by_email(form.email.data))
        db.session.commit()
        form.password.errors.append(_("The e-mail address or the password is not correct."))
    return render_template(
        "accounts/login.html", form=form, next=safe_next_url(request.args.get("next"))
    )


@bp.post("/logout")
def logout() -> Response:
    if current_user.is_authenticated:
        record("auth.sign_out", actor=current_user, subject=current_user)
        end_current_session()
        db.session.commit()
        flash(_("You are signed out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], scope="reset-address")
@limiter.limit("3 per hour", key_func=_submitted_email, methods=["POST"], scope="reset-account")
def password_reset_request() -> str | Response:
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template(
            "accounts/check_inbox.html", email=form.email.data.strip(), reason="reset"
        )
    return render_template("accounts/password_reset_request.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], scope="reset-token")
def password_reset(token: str) -> str | Response | tuple[str, int]:
    if services.user_for_reset_token(token) is None:
        return render_template("accounts/password_reset_invalid.html"), 400
    form = PasswordResetForm()
    if form.validate_on_submit():
        user = services.reset_password(token, form.password.data)
        record("auth.password_reset", actor=user, subject=user)
        if current_user.is_authenticated:
            end_current_session()
        db.session.commit()
        flash(_("Your password has been changed. You can now sign in with it."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/password_reset.html", form=form)


def _account_page(**forms: object) -> str:
    defaults = {
        "profile_form": ProfileForm(obj=current_user, formdata=None),
        "email_form": EmailChangeForm(formdata=None),
        "password_form": PasswordChangeForm(formdata=None),
    }
    defaults.update(forms)
    return render_template("accounts/account.html", **defaults)


@bp.get("/")
@login_required
def account() -> str:
    return _account_page()


@bp.post("/profile")
@login_required
def update_profile() -> str | Response:
    form = ProfileForm()
    if not form.validate_on_submit():
        return _account_page(profile_form=form)
    services.update_profile(current_user, name=form.name.data, locale=form.locale.data)
    db.session.commit()
    with force_locale(current_user.locale):  # the next page is in the language just chosen
        flash(_("Your details are saved."), "success")
    return redirect(url_for("accounts.account", lang_code=current_user.locale))


@bp.post("/email")
@login_required
def change_email() -> str | Response:
    form = EmailChangeForm()
    if not form.validate_on_submit():
        return _account_page(email_form=form)
    try:
        services.request_email_change(
            current_user, password=form.password.data, new_email=form.email.data
        )
    except DomainError as error:
        refuse(error, form, default=form.email)
        return _account_page(email_form=form)
    db.session.commit()
    flash(
        _(
            "We have sent a confirmation link to %(email)s. Your address changes "
            "when you follow it.",
            email=current_user.pending_email,
        ),
        "success",
    )
    return redirect(url_for("accounts.account"))


@bp.post("/password")
@login_required
def change_password() -> str | Response:
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return _account_page(password_form=form)
    try:
        services.change_password(
            current_user, current=form.current_password.data, new=form.password.data
        )
    except DomainError as error:
        refuse(error, form, default=form.current_password)
        return _account_page(password_form=form)
    record("auth.password_changed", actor=current_user, subject=current_user)
    db.session.commit()
    flash(_("Your password has been changed. Your other sessions are signed out."), "success")
    return redirect(url_for("accounts.account"))
