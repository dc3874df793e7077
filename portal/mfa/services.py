"""Operations on second factors: checking one (rate-limited, audited), enrolling and
removing them, the held sign-in between the password and the second step, and the
admin's reset. Flush, never commit, except where a check must outlive the request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import session
from flask_babel import lazy_gettext as _l
from limits import parse
from sqlalchemy import delete, select, update

from portal.accounts.models import User, UserSession
from portal.accounts.sessions import revoke_sessions
from portal.core import attempts
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.domain import DomainError
from portal.core.mail import queue_mail
from portal.extensions import db
from portal.mfa import passkeys, recovery, totp
from portal.mfa.models import Passkey, RecoveryCode, TotpSecret
from portal.mfa.rules import has_second_factor, requires_second_factor

# Guesses of a second factor, per account: whoever tries already has the password or
# a session, so counting per account blocks nobody else, and caps the guesses a day.
PER_ACCOUNT = (parse("5 per 15 minutes"), parse("20 per day"))
HOLD = "mfa.hold"
HOLD_SECONDS = 600


@dataclass(frozen=True)
class Check:
    """The outcome of a second-factor check."""

    passed: bool
    method: str = ""  # "totp", "recovery", "passkey"
    blocked_until: datetime | None = None


def _limits(user: User) -> list[tuple[Any, str]]:
    return [(item, f"second-factor:{user.id}:{index}") for index, item in enumerate(PER_ACCOUNT)]


def check(user: User, *, code: str = "", passkey_response: str = "") -> Check:
    """Whether `code` (app or recovery code) or the passkey answer is `user`'s second
    factor. Failures are counted and audited; a recovery code used is e-mailed."""
    until = attempts.blocked_until(*_limits(user))
    if until is not None:
        return Check(passed=False, blocked_until=until)
    method = ""
    if passkey_response:
        if passkeys.authenticate(passkey_response, user=user) is not None:
            method = "passkey"
    elif totp.take_code(user, code):
        method = "totp"
    elif recovery.use_code(user, code):
        method = "recovery"
        left = recovery.unused_count(user)
        record("auth.recovery_code_used", actor=user, subject=user, left=left)
        _mail_security_change(user, "recovery_code_used", left=left)
    if method:
        return Check(passed=True, method=method)
    attempts.count(*_limits(user))
    record("auth.second_factor_failed", actor=user, subject=user)
    return Check(passed=False)


def mark_passed(user: User) -> None:
    """This browser's session gave a second factor now."""
    row = getattr(user, "session_row", None)
    if row is not None:
        row.second_factor_at = utcnow()


# The sign-in held between a good password (or link) and the second step.


def hold_sign_in(user: User, *, remember: bool, method: str, next_url: str | None) -> None:
    """Remember, in the signed session, who passed the first step and when."""
    session[HOLD] = {
        "uid": user.id,
        "remember": bool(remember),
        "method": method,
        "next": next_url or "",
        "at": int(time.time()),
    }


def held_sign_in() -> dict[str, Any] | None:
    """The sign-in waiting for its second step, unless it is too old."""
    hold = session.get(HOLD)
    if not isinstance(hold, dict) or time.time() - float(hold.get("at", 0)) > HOLD_SECONDS:
        return None
    return hold


def held_user() -> User | None:
    """The person of the held sign-in, if still active."""
    hold = held_sign_in()
    if hold is None:
        return None
    user = db.session.get(User, int(hold["uid"]))
    return user if user is not None and user.is_active_account else None


def release_hold() -> None:
    """The held sign-in is over (done or abandoned)."""
    session.pop(HOLD, None)


# Enrolment and removal.


def confirm_authenticator(user: User, code: str) -> list[str] | None:
    """Finish setting up the app with its first code; the recovery codes to show once
    (new ones if the person had none), [] if they keep theirs, None if the code is wrong."""
    if not totp.confirm(user, code):
        return None
    codes = recovery.new_codes(user) if recovery.unused_count(user) == 0 else []
    record("auth.second_factor_added", actor=user, subject=user, kind="totp")
    _mail_security_change(user, "second_factor_added", kind="totp")
    return codes


def add_passkey(user: User, response: str, *, name: str) -> list[str]:
    """Keep a new passkey; the recovery codes to show once if the person had none."""
    passkeys.register(user, response, name=name)
    user._has_second_factor = True
    codes = recovery.new_codes(user) if recovery.unused_count(user) == 0 else []
    record("auth.second_factor_added", actor=user, subject=user, kind="passkey")
    _mail_security_change(user, "second_factor_added", kind="passkey")
    return codes


def _refuse_last_factor(user: User, *, removing: str) -> None:
    has_app = totp.enrolled(user) is not None
    passkey_count = len(passkeys.passkeys_of(user))
    left = (has_app and removing != "totp") or passkey_count - (removing == "passkey") > 0
    if requires_second_factor(user) and not left:
        raise DomainError(
            _l(
                "As you can see applicants' data, you must keep a second factor: add "
                "another one before removing this one."
            )
        )


def remove_authenticator(user: User) -> None:
    """Forget the authenticator app (refused if it is a required last factor)."""
    _refuse_last_factor(user, removing="totp")
    db.session.execute(delete(TotpSecret).where(TotpSecret.user_id == user.id))
    _after_removal(user, "totp")


def remove_passkey(user: User, passkey_id: int) -> Passkey:
    """Forget one of the user's passkeys (refused if it is a required last factor)."""
    passkey = db.session.scalar(
        select(Passkey).where(Passkey.id == passkey_id, Passkey.user_id == user.id)
    )
    if passkey is None:
        raise DomainError(_l("This passkey was removed already."))
    _refuse_last_factor(user, removing="passkey")
    db.session.delete(passkey)
    _after_removal(user, "passkey")
    return passkey


def _after_removal(user: User, kind: str) -> None:
    db.session.flush()
    user._has_second_factor = None
    if not has_second_factor(user):  # no factor left: the codes recover nothing
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record("auth.second_factor_removed", actor=user, subject=user, kind=kind)
    _mail_security_change(user, "second_factor_removed", kind=kind)


def renew_recovery_codes(user: User) -> list[str]:
    """Ten new codes (the old ones stop working), to show once."""
    if not has_second_factor(user):
        raise DomainError(_l("Set up a second factor first."))
    codes = recovery.new_codes(user)
    record("auth.recovery_codes_renewed", actor=user, subject=user)
    _mail_security_change(user, "recovery_codes_renewed")
    return codes


def reset_second_factor(user: User, *, by: User, reason: str) -> None:
    """An admin, having checked the person's identity, removes every second factor;
    the person's sessions end and they enrol again at their next sign-in."""
    forget_factors(user)
    revoke_sessions(user)
    record("admin.second_factor_reset", actor=by, subject=user, reason=reason)
    _mail_security_change(user, "second_factor_reset", reason=reason)


def forget_factors(user: User) -> None:
    """Delete every factor of `user` (the admin's reset, erasure)."""
    for model in (TotpSecret, RecoveryCode, Passkey):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(
        update(UserSession).where(UserSession.user_id == user.id).values(second_factor_at=None)
    )
    user._has_second_factor = None


def _mail_security_change(user: User, change: str, **details: Any) -> None:
    queue_mail(
        to=user.email,
        template="security_change",
        locale=user.locale,
        user=user,
        change=change,
        moment=utcnow(),
        **details,
    )
