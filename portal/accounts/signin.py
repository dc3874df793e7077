"""The end of every way of signing in (password, e-mail link, confirmation, second
step, passkey): the session starts, the event is recorded, a new browser is reported to
the person, and they go where they were heading."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from portal.accounts import throttle
from portal.accounts.devices import describe
from portal.accounts.models import User
from portal.accounts.sessions import start_session
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.i18n import current_language, language_name, languages
from portal.core.mail import queue_mail
from portal.core.security import safe_next_url
from portal.extensions import db


def after_login_url(next_url: str | None = None) -> str:
    """Where the person was heading, else their account page, in the language of the
    page they signed in from (their saved preference is offered, not imposed)."""
    return (
        safe_next_url(next_url)
        or safe_next_url(request.args.get("next"))
        or url_for("accounts.account")
    )


def offer_preferred_language(user: User, target: str) -> None:
    """Signed in from a page in another language than their preference: offer it."""
    page, preferred = current_language(), user.locale
    if preferred == page or preferred not in languages():
        return
    prefix = f"/{page}/"
    switched = (
        f"/{preferred}/" + target.removeprefix(prefix)
        if target.startswith(prefix)
        else (url_for("accounts.account", lang_code=preferred))
    )
    with force_locale(preferred):
        offer = _("Continue in %(language)s", language=language_name(preferred, preferred))
    flash(
        Markup('<a href="{}" lang="{}" hreflang="{}">{}</a>').format(
            switched, preferred, preferred, offer
        ),
        "language",
    )


def _report_new_browser(user: User, method: str) -> None:
    """A sign-in from a browser this account never used: tell the person, who can end
    that session from their security page if it was not them."""
    if method == "confirmation" or user.last_login_at is None or throttle.known_device(user):
        return
    queue_mail(
        to=user.email,
        template="new_sign_in",
        locale=user.locale,
        user=user,
        browser=describe(request.headers.get("User-Agent") or ""),
        address=request.remote_addr or "",
        moment=utcnow(),
    )


def complete_sign_in(
    user: User,
    *,
    remember: bool,
    method: str,
    second_factor: bool = False,
    next_url: str | None = None,
) -> Response:
    """Start the session and go on; commits."""
    _report_new_browser(user, method)
    start_session(user, remember=remember, second_factor=second_factor)
    record(
        "auth.sign_in", actor=user, subject=user, method=method, second_factor=second_factor or None
    )
    db.session.commit()
    flash(_("Welcome, %(name)s.", name=user.name), "success")
    target = after_login_url(next_url)
    offer_preferred_language(user, target)
    response = redirect(target)
    throttle.remember_device(response, user)
    return response
