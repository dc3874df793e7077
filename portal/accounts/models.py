"""Users, their signed-in sessions, and the consents they gave."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ColumnElement, ForeignKey, Index, String, func, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.core.content_version import public_content
from portal.core.db import TimestampMixin, escape_like
from portal.extensions import Model


@public_content(columns=("name",))  # a listed member's name
class User(TimestampMixin, UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # always lower-case
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(
        String(8), default=lambda: current_app.config["BABEL_DEFAULT_LOCALE"]
    )
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    email_confirmed_at: Mapped[datetime | None]
    pending_email: Mapped[str | None] = mapped_column(String(254))
    last_login_at: Mapped[datetime | None]

    # The token of the session this request runs in; set by the user loader.
    session_token = None  # type: str | None  # not a column (a comment type, so the ORM ignores it)
    # The `UserSession` row of this request; set by the user loader.
    session_row = None  # type: UserSession | None

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated accounts cannot sign in
        return self.is_active_account

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def get_id(self) -> str | None:
        """Flask-Login stores this in the session and the remember cookie: the token of
        a server-side session, never the user id, so that revoking it ends the session."""
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id}>"

    @classmethod
    def name_or_email_contains(cls, text: str) -> ColumnElement[bool]:
        """SQL condition: the name or e-mail address contains `text`, any case, its
        `%` and `_` taken literally (every "search by name or e-mail" of the portal)."""
        pattern = f"%{escape_like(text.lower())}%"
        return or_(
            func.lower(cls.name).like(pattern, escape="\\"),
            func.lower(cls.email).like(pattern, escape="\\"),
        )


class UserSession(Model):
    """One signed-in browser. Only a hash of its token is stored."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_active", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    remember: Mapped[bool] = mapped_column(default=False)
    # What the person sees in their list of sessions, and when this browser last gave
    # a second factor (None: signed in with a password or a link only).
    user_agent: Mapped[str] = mapped_column(String(300), default="", server_default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="", server_default="")
    second_factor_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class Consent(Model):
    """A consent given: which text, which version, when, in which language."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # "privacy-notice", "application-data"
    version: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(8))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
