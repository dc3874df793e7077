"""Account operations. They flush, never commit: the view commits once, so the change,
its consent record and its e-mails land together or not at all."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse
from sqlalchemy import func, select

from portal.accounts.models import Consent, User, UserSession
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.accounts.sessions import revoke_sessions
from portal.core import attempts
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.domain import DomainError
from portal.core.mail import queue_mail, render_email
from portal.core.tokens import make_token, read_token
from portal.core.urls import absolute_url
from portal.extensions import db
from portal.privacy.notices import current_version

CONFIRM_VALID_FOR = timedelta(days=2)
RESET_VALID_FOR = timedelta(hours=1)
SIGN_IN_LINK_VALID_FOR = timedelta(minutes=15)


def normalise_email(email: str) -> str:
    """How addresses are stored and compared: trimmed and lower-case."""
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    """The account with this address (any case), if any."""
    return db.session.scalars(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).first()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (same cost either way)."""
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if user is None or not user.is_active_account:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


ALREADY_REGISTERED_NOTES = parse("1 per hour")


def register(
    *, name: str, email: str, password: str, locale: str, next_url: str | None = None
) -> User | None:
    """Create an account and send the confirmation link.

    When the address is taken, the owner is told by e-mail and None is returned; the
    visitor sees the same answer either way, so sign-up reveals no accounts.
    """
    email = normalise_email(email)
    existing = find_by_email(email)
    password_hash = hash_password(password)  # either way: timing tells nothing
    if existing is not None:
        # At most one such note an hour: sign-up must not be a way to flood a mailbox.
        # The note is written either way, so that the work (and the time) is the same.
        note = [(ALREADY_REGISTERED_NOTES, f"already-registered:{email}")]
        content: dict[str, Any] = {
            "user": existing,
            "login_url": absolute_url("accounts.login", lang_code=existing.locale),
            "reset_url": absolute_url("accounts.password_reset_request", lang_code=existing.locale),
        }
        if attempts.blocked_until(*note) is not None:
            render_email("already_registered", existing.locale, **content)
            return None
        attempts.count(*note)
        queue_mail(
            to=existing.email, template="already_registered", locale=existing.locale, **content
        )
        return None
    user = User(name=name.strip(), email=email, password_hash=password_hash, locale=locale)
    db.session.add(user)
    db.session.flush()
    record("account.created", actor=user, subject=user)
    record_consent(user, kind="privacy-notice", version=current_version(), locale=locale)
    send_confirmation(user, email, next_url=next_url)
    return user


def record_consent(user: User, *, kind: str, version: str, locale: str) -> Consent:
    """Record that `user` accepted version `version` of a text, in `locale`."""
    consent = Consent(user_id=user.id, kind=kind, version=version, locale=locale)
    db.session.add(consent)
    return consent


def send_confirmation(user: User, email: str, *, next_url: str | None = None) -> None:
    """Mail a link that confirms `email` (the account's, or a new one) for `user`; it
    carries where the person was heading (`next_url`, checked again when used)."""
    token = make_token("confirm-email", {"uid": user.id, "email": email}, CONFIRM_VALID_FOR)
    queue_mail(
        to=email,
        template="confirm_email",
        locale=user.locale,
        user=user,
        confirm_url=absolute_url(
            "accounts.confirm_email", token=token, lang_code=user.locale, next=next_url
        ),
        is_change=email != user.email,
    )


def address_to_confirm(token: str) -> str | None:
    """The address a confirmation link would confirm, if the link is still valid."""
    data = read_token("confirm-email", token)
    if data is None or db.session.get(User, data["uid"]) is None:
        return None
    return str(data["email"])


@dataclass(frozen=True)
class Confirmation:
    user: User
    # The account's address confirmed for the first time, by this very request: the
    # link then also signs the person in (it proves they read that mailbox, as a
    # sign-in link does); a link used again only confirms.
    first: bool


def confirm_email(token: str) -> Confirmation:
    """Confirm the address in `token`: the account's own, or a requested new one."""
    data = read_token("confirm-email", token)
    user = db.session.get(User, data["uid"]) if data else None
    if data is None or user is None:
        raise DomainError(_l("This confirmation link is invalid or has expired."))
    email = data["email"]
    if email == user.email:
        first = user.email_confirmed_at is None
        user.email_confirmed_at = user.email_confirmed_at or utcnow()
        return Confirmation(user, first=first and user.is_active_account)
    if email != user.pending_email:
        raise DomainError(_l("This confirmation link is invalid or has expired."))
    if find_by_email(email) is not None:
        raise DomainError(_l("This address is already used by another account."))
    old_email = user.email
    user.email, user.pending_email, user.email_confirmed_at = email, None, utcnow()
    record("account.email_changed", actor=user, subject=user)
    queue_mail(
        to=old_email, template="email_changed", locale=user.locale, user=user, new_email=email
    )
    return Confirmation(user, first=False)


def _reset_fingerprint(user: User) -> str:
    """Changes when the password or the address changes, so that a reset link works
    only once, and not at all after the account moved to another address."""
    return hashlib.sha256(f"{user.password_hash}\n{user.email}".encode()).hexdigest()[:16]


def _account_or_stand_in(email: str) -> tuple[User, bool]:
    """The active account with this address, or an unsaved stand-in with which the same
    work is done and thrown away, so that timing does not tell which addresses exist."""
    user = find_by_email(email)
    if user is not None and user.is_active_account:
        return user, True
    return User(id=0, email=normalise_email(email), name="", password_hash=""), False


def _mail_if_real(person: User, real: bool, *, template: str, **context: Any) -> None:
    """Queue the message for a real account; render it and drop it for a stand-in."""
    locale = person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    if real:
        queue_mail(to=person.email, template=template, locale=locale, user=person, **context)
    else:
        render_email(template, locale, user=person, **context)


def request_password_reset(email: str) -> None:
    """Mail a one-hour, single-use reset link if an active account has this address."""
    person, real = _account_or_stand_in(email)
    token = make_token(
        "reset-password", {"uid": person.id, "fp": _reset_fingerprint(person)}, RESET_VALID_FOR
    )
    locale = person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    _mail_if_real(
        person,
        real,
        template="password_reset",
        reset_url=absolute_url("accounts.password_reset", token=token, lang_code=locale),
    )


def _sign_in_fingerprint(user: User) -> str:
    """Changes at every sign-in (each makes a session row), and with the password or the
    address: a link signs in once."""
    latest = db.session.scalar(
        select(func.max(UserSession.id)).where(UserSession.user_id == user.id)
    )
    return hashlib.sha256(f"{latest}\n{_reset_fingerprint(user)}".encode()).hexdigest()[:16]


def send_sign_in_link(email: str, *, next_url: str | None) -> None:
    """Mail a one-time, 15-minute sign-in link if an active account has this address."""
    person, real = _account_or_stand_in(email)
    payload = {"uid": person.id, "fp": _sign_in_fingerprint(person)}
    token = make_token("sign-in-link", payload, SIGN_IN_LINK_VALID_FOR)
    locale = person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    _mail_if_real(
        person,
        real,
        template="sign_in_link",
        sign_in_url=absolute_url(
            "accounts.sign_in_with_link", token=token, lang_code=locale, next=next_url
        ),
    )


def user_for_sign_in_link(token: str) -> User | None:
    """The active account a valid, unused sign-in link names; else None."""
    data = read_token("sign-in-link", token)
    if data is None:
        return None
    user = db.session.get(User, data["uid"])
    if user is None or not user.is_active_account or data["fp"] != _sign_in_fingerprint(user):
        return None
    return user


def user_for_reset_token(token: str) -> User | None:
    """The active account a valid, unused reset link names; else None."""
    data = read_token("reset-password", token)
    if data is None:
        return None
    user = db.session.get(User, data["uid"])
    if user is None or not user.is_active_account or data["fp"] != _reset_fingerprint(user):
        return None
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link, and sign out every session."""
    user = user_for_reset_token(token)
    if user is None:
        raise DomainError(_l("This reset link is invalid, has expired or was already used."))
    set_password(user, new_password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()  # they read the mail
    revoke_sessions(user)
    return user


def set_password(user: User, new_password: str) -> None:
    """Store the new password's hash and tell the person by e-mail."""
    user.password_hash = hash_password(new_password)
    queue_mail(to=user.email, template="password_changed", locale=user.locale, user=user)


def change_password(user: User, *, current: str, new: str) -> None:
    """Change the password after checking the current one; other sessions end."""
    if not verify_password(user.password_hash, current):
        raise DomainError(_l("Your current password is not correct."), field="current_password")
    set_password(user, new)
    revoke_sessions(user, keep_current=True)


def request_email_change(user: User, *, password: str, new_email: str) -> None:
    """Mail a confirmation link to the new address; it changes when followed."""
    if not verify_password(user.password_hash, password):
        raise DomainError(_l("Your password is not correct."), field="password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise DomainError(_l("This is already your address."), field="email")
    user.pending_email = new_email
    if find_by_email(new_email) is None:
        send_confirmation(user, new_email)


def update_profile(user: User, *, name: str, locale: str) -> None:
    """Change the name and the preferred language."""
    user.name = name.strip()
    user.locale = locale


def set_active(user: User, active: bool) -> None:
    """Deactivate (signing out everywhere) or reactivate an account."""
    user.is_active_account = active
    if not active:
        revoke_sessions(user)
