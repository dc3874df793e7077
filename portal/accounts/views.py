"""Sign-up, e-mail confirmation, sign-in/out, password reset and the account page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from limits import RateLimitItem, parse
from werkzeug.wrappers import Response

from portal.accounts import services, throttle
from portal.accounts.forms import (
    ConfirmEmailForm,
    EmailChangeForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    PasswordResetRequestForm,
    ProfileForm,
    RegisterForm,
    SignInLinkForm,
)
from portal.accounts.models import User
from portal.accounts.sessions import end_current_session
from portal.accounts.signin import after_login_url, complete_sign_in
from portal.core import attempts
from portal.core.audit import record
from portal.core.domain import DomainError, refuse
from portal.core.i18n import current_language
from portal.core.security import safe_next_url
from portal.core.text import one_line
from portal.extensions import db, limiter
from portal.mfa.passkeys import authentication_options
from portal.mfa.rules import has_second_factor
from portal.mfa.services import hold_sign_in
from portal.mfa.stepup import fresh_second_factor

bp = Blueprint("accounts", __name__, url_prefix="/<lang:lang_code>/account")


def _submitted_email() -> str:
    return "email:" + services.normalise_email(request.form.get("email", ""))[:254]


# Attempts counted once the form is valid (a mistake costs nothing), per address and
# per e-mail address typed; the form comes back with a message when one is exhausted.
# The per-account limits are counted per requesting address first, so that a stranger
# asking from their own address uses up their share, not the owner's; a higher cap per
# account keeps anyone's mailbox from being flooded from many addresses.
REGISTER_PER_ADDRESS = parse("10 per hour")
RESET_PER_ADDRESS = parse("5 per 15 minutes")
LINK_PER_ADDRESS = parse("10 per hour")
PER_ACCOUNT_AND_ADDRESS = parse("3 per hour")
PER_ACCOUNT = parse("12 per hour")
EMAIL_CHANGES_PER_ACCOUNT = parse("3 per hour")


def _limits(per_address: RateLimitItem, scope: str, *, per_account: bool) -> list:
    address = request.remote_addr
    limits = [(per_address, f"{scope}:address:{address}")]
    if per_account:
        account = _submitted_email()
        limits += [
            (PER_ACCOUNT_AND_ADDRESS, f"{scope}:{account}:{address}"),
            (PER_ACCOUNT, f"{scope}:{account}"),
        ]
    return limits


def _refused_attempt(form: Any, limits: list, template: str, **context: Any) -> Any:
    """The form again, with what was typed and how long to wait, if a limit is reached;
    else the attempt is counted and None returned."""
    until = attempts.blocked_until(*limits)
    if until is None:
        attempts.count(*limits)
        return None
    form.email.errors = [*form.email.errors, attempts.wait_message(until)]
    return render_template(template, form=form, **context), 429


@bp.route("/register", methods=["GET", "POST"])
def register() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    next_url = safe_next_url(request.args.get("next"))
    if request.method == "GET":
        form.locale.data = current_language()
    if form.validate_on_submit():
        limits = _limits(REGISTER_PER_ADDRESS, "register", per_account=False)
        refused = _refused_attempt(form, limits, "accounts/register.html", next=next_url)
        if refused is not None:
            return refused
        services.register(
            name=form.name.data,
            email=form.email.data,
            password=form.password.data,
            locale=form.locale.data,
            next_url=safe_next_url(request.args.get("next")),
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
        confirmation = services.confirm_email(token)
    except DomainError as error:
        refuse(error)
        return redirect(
            url_for("accounts.account" if current_user.is_authenticated else "accounts.login")
        )
    user = confirmation.user
    db.session.commit()
    flash(_("Your e-mail address %(email)s is confirmed.", email=user.email), "success")
    if current_user.is_authenticated:
        # Signed in already (perhaps as someone else): the address is confirmed, and
        # nobody is signed out or in by a link.
        return redirect(
            after_login_url() if current_user.id == user.id else url_for("accounts.account")
        )
    if confirmation.first:  # the person goes on where they were heading, signed in
        return _signed_in(user, remember=False, method="confirmation")
    return redirect(
        url_for("accounts.login", next=safe_next_url(request.args.get("next")), email=user.email)
    )


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


def _blocked_page(form: LoginForm, verdict: throttle.Verdict) -> tuple[str, int]:
    """The sign-in form again, with what was typed, saying until when and what else works."""
    return render_template(
        "accounts/login.html",
        form=form,
        next=safe_next_url(request.args.get("next")),
        verdict=verdict,
        link_form=SignInLinkForm(formdata=None, email=form.email.data),
    ), 429


def _signed_in(user: User, *, remember: bool, method: str) -> Response:
    """The first step passed: signed in, or on to the second step for those who have one."""
    if has_second_factor(user):
        hold_sign_in(user, remember=remember, method=method, next_url=after_login_url())
        db.session.commit()
        return redirect(url_for("mfa.verify"))
    return complete_sign_in(user, remember=remember, method=method)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(after_login_url())
    form = LoginForm()
    if request.method == "GET" and request.args.get("email"):  # from a confirmation link
        form.email.data = one_line(request.args["email"])[:254]
    if form.validate_on_submit():
        email = services.normalise_email(form.email.data)
        account = services.find_by_email(email)
        verdict = throttle.check(email, account)
        if verdict is not None:
            return _blocked_page(form, verdict)
        user = services.authenticate(email, form.password.data)
        if user is not None:
            return _signed_in(user, remember=form.remember.data, method="password")
        db.session.rollback()
        throttle.record_failure(email, account)
        record("auth.sign_in_failed", subject=services.find_by_email(email))
        db.session.commit()
        form.password.errors.append(_("The e-mail address or the password is not correct."))
    return render_template(
        "accounts/login.html",
        form=form,
        next=safe_next_url(request.args.get("next")),
        passkey_options=authentication_options(),
    )


@bp.route("/login/link", methods=["GET", "POST"])
def request_sign_in_link() -> str | Response | tuple[str, int]:
    """A one-time sign-in link by e-mail: the way in that no password guesser can block."""
    form = SignInLinkForm()
    next_url = safe_next_url(request.args.get("next"))
    if form.validate_on_submit():
        limits = _limits(LINK_PER_ADDRESS, "signin-link", per_account=True)
        refused = _refused_attempt(form, limits, "accounts/sign_in_link.html", next=next_url)
        if refused is not None:
            return refused
        services.send_sign_in_link(form.email.data, next_url=next_url)
        db.session.commit()
        return render_template(
            "accounts/check_inbox.html", email=form.email.data.strip(), reason="link"
        )
    return render_template("accounts/sign_in_link.html", form=form, next=next_url)


@bp.route("/login/link/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], scope="signin-link-token")
def sign_in_with_link(token: str) -> str | Response | tuple[str, int]:
    """The link opens a page whose button signs in (mail scanners only follow links)."""
    user = services.user_for_sign_in_link(token)
    if user is None:
        return render_template("accounts/sign_in_link_invalid.html"), 400
    form = ConfirmEmailForm()
    if not form.validate_on_submit():
        return render_template("accounts/sign_in_link_use.html", form=form, user=user)
    if current_user.is_authenticated:
        end_current_session()
    return _signed_in(user, remember=False, method="link")


@bp.post("/logout")
def logout() -> Response:
    if current_user.is_authenticated:
        record("auth.sign_out", actor=current_user, subject=current_user)
        end_current_session()
        db.session.commit()
        flash(_("You are signed out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/password-reset", methods=["GET", "POST"])
def password_reset_request() -> str | Response | tuple[str, int]:
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        limits = _limits(RESET_PER_ADDRESS, "reset", per_account=True)
        refused = _refused_attempt(form, limits, "accounts/password_reset_request.html")
        if refused is not None:
            return refused
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
@fresh_second_factor
def change_email() -> str | Response:
    form = EmailChangeForm()
    if not form.validate_on_submit():
        return _account_page(email_form=form)
    # Each change mails a link to an address the person types: a few an hour.
    limit = [(EMAIL_CHANGES_PER_ACCOUNT, f"email-change:{current_user.id}")]
    until = attempts.blocked_until(*limit)
    if until is not None:
        form.email.errors = [*form.email.errors, attempts.wait_message(until)]
        return _account_page(email_form=form)
    attempts.count(*limit)
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
@fresh_second_factor
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
