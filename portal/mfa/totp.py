"""Authenticator apps (RFC 6238 through pyotp): enrolment and checking a code.

A code is accepted within one 30-second step either side of the server's clock, and
only once: the step of the last code taken is stored, and a conditional UPDATE takes
the next one only if its step is later, so two requests racing with the same code
cannot both pass.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
from flask import current_app
from sqlalchemy import or_, select, update

from portal.accounts.models import User
from portal.core.clock import utcnow
from portal.extensions import db
from portal.mfa import secrets_box
from portal.mfa.models import TotpSecret

DIGITS = 6
INTERVAL = 30
WINDOW = 1  # steps either side


def normalise(code: str) -> str:
    """What people type: spaces and dashes dropped ("123 456")."""
    return re.sub(r"[\s-]", "", code or "")


def pending_secret(user: User) -> TotpSecret:
    """The not-yet-confirmed secret the enrolment page shows (a new one if none)."""
    row = db.session.scalar(select(TotpSecret).where(TotpSecret.user_id == user.id))
    if row is None:
        row = TotpSecret(
            user_id=user.id, secret_encrypted=secrets_box.encrypt(pyotp.random_base32())
        )
        db.session.add(row)
        db.session.flush()
    return row


def secret_of(row: TotpSecret) -> str:
    """The shared secret, in base32 (what the app's manual entry asks for)."""
    return secrets_box.decrypt(row.secret_encrypted)


def provisioning_uri(user: User, row: TotpSecret) -> str:
    """The otpauth:// address the QR code carries."""
    issuer = current_app.config.get("TOTP_ISSUER") or "MMM delegations portal"
    return pyotp.TOTP(secret_of(row), digits=DIGITS, interval=INTERVAL).provisioning_uri(
        name=user.email, issuer_name=issuer
    )


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code is `code`, within the window around `now`."""
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)
    moment = now.replace(tzinfo=UTC)
    current = totp.timecode(moment)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def take_code(user: User, code: str, *, pending: bool = False) -> bool:
    """Whether `code` is the user's current code, never used before; it is used now."""
    code = normalise(code)
    if not re.fullmatch(rf"\d{{{DIGITS}}}", code):
        return False
    condition = (
        TotpSecret.confirmed_at.is_(None) if pending else TotpSecret.confirmed_at.is_not(None)
    )
    row = db.session.scalar(select(TotpSecret).where(TotpSecret.user_id == user.id, condition))
    if row is None:
        return False
    step = _matching_step(secret_of(row), code, utcnow())
    if step is None:
        return False
    taken = db.session.execute(
        update(TotpSecret)
        .where(
            TotpSecret.id == row.id,
            or_(TotpSecret.last_step.is_(None), TotpSecret.last_step < step),
        )
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1  # type: ignore[attr-defined]


def confirm(user: User, code: str) -> bool:
    """Enrolment ends with a first good code from the app."""
    if not take_code(user, code, pending=True):
        return False
    row = db.session.scalar(select(TotpSecret).where(TotpSecret.user_id == user.id))
    assert row is not None
    db.session.refresh(row)
    row.confirmed_at = utcnow()
    return True


def enrolled(user: User) -> TotpSecret | None:
    """The user's confirmed authenticator app, if any."""
    return db.session.scalar(
        select(TotpSecret).where(
            TotpSecret.user_id == user.id, TotpSecret.confirmed_at.is_not(None)
        )
    )
