"""Reads about sessions and second factors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, select

from portal.accounts.models import User, UserSession
from portal.core.clock import utcnow
from portal.extensions import db
from portal.mfa.models import Passkey, RecoveryCode, TotpSecret


def live_sessions(user: User) -> list[UserSession]:
    """The person's signed-in browsers, the latest first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.revoked_at.is_(None),
                UserSession.expires_at > utcnow(),
            )
            .order_by(UserSession.created_at.desc(), UserSession.id.desc())
            .limit(50)
        )
    )


def second_factor_condition() -> ColumnElement[bool]:
    """SQL: the user (of `users`) has a confirmed app or a passkey."""
    return exists().where(
        TotpSecret.user_id == User.id, TotpSecret.confirmed_at.is_not(None)
    ) | exists().where(Passkey.user_id == User.id)


def enrolled_user_ids(user_ids: list[int]) -> set[int]:
    """Which of these users have a second factor (one query, for a list of accounts)."""
    if not user_ids:
        return set()
    return set(
        db.session.scalars(select(User.id).where(User.id.in_(user_ids), second_factor_condition()))
    )


@dataclass(frozen=True)
class Factors:
    """What a person enrolled, without any secret (admin page, data export)."""

    app_since: datetime | None
    passkeys: list[Passkey]
    codes_left: int

    @property
    def any(self) -> bool:
        return self.app_since is not None or bool(self.passkeys)


def factors_of(user: User) -> Factors:
    """The person's authenticator app, passkeys and unused recovery codes."""
    app_since = db.session.scalar(
        select(TotpSecret.confirmed_at).where(
            TotpSecret.user_id == user.id, TotpSecret.confirmed_at.is_not(None)
        )
    )
    codes_left = db.session.scalar(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    passkeys = db.session.scalars(
        select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
    ).all()
    return Factors(app_since=app_since, passkeys=list(passkeys), codes_left=codes_left or 0)
