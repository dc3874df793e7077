"""Server-side sessions behind Flask-Login.

Flask-Login keeps `user.get_id()` in the signed session cookie and in the remember
cookie. Here that id is a random token whose SHA-256 is a `UserSession` row, so
signing out, a password change or reset, and deactivating an account revoke rows, and
a cookie copied before that moment no longer signs anyone in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, current_app, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select, update
from werkzeug.wrappers import Response

from portal.accounts.models import User, UserSession
from portal.core.clock import utcnow
from portal.extensions import db, login_manager


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, *, remember: bool, second_factor: bool = False) -> None:
    """Sign `user` in on this browser with a new server-side session, noting the browser
    and address (for the person's list of sessions) and whether a second factor was given."""
    days = current_app.config["REMEMBER_DAYS" if remember else "SESSION_DAYS"]
    token = secrets.token_urlsafe(32)
    row = UserSession(
        user_id=user.id,
        token_hash=_hash(token),
        remember=remember,
        expires_at=utcnow() + timedelta(days=days),
        user_agent=(request.headers.get("User-Agent") or "")[:300],
        ip_address=(request.remote_addr or "")[:45],
        second_factor_at=utcnow() if second_factor else None,
    )
    db.session.add(row)
    user.session_token = token
    user.session_row = row
    user.last_login_at = utcnow()
    login_user(user, remember=remember, duration=timedelta(days=days))


def end_current_session() -> None:
    """Sign out this browser: revoke its session row and clear the cookies."""
    token = getattr(current_user, "session_token", None)
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == _hash(token), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    logout_user()


def revoke_sessions(user: User, *, keep_current: bool = False) -> None:
    """Sign `user` out everywhere (except this browser when keep_current)."""
    statement = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
    )
    if keep_current and user.session_token:
        statement = statement.where(UserSession.token_hash != _hash(user.session_token))
    db.session.execute(statement.values(revoked_at=utcnow()))


def current_session_id() -> int | None:
    """The id of this browser's session row (to mark "this browser" in the list)."""
    row = getattr(current_user, "session_row", None)
    return row.id if row is not None else None


def end_session(user: User, session_id: int) -> bool:
    """Sign out one of `user`'s other browsers; whether there was such a live session."""
    ended = db.session.execute(
        update(UserSession)
        .where(
            UserSession.id == session_id,
            UserSession.user_id == user.id,
            UserSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return ended.rowcount == 1  # type: ignore[attr-defined]


def load_user(token: str) -> User | None:
    """Flask-Login's loader: the user of a live session token, and the session's row
    (one query)."""
    if not token or len(token) > 100:
        return None
    found = db.session.execute(
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.token_hash == _hash(token),
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > utcnow(),
            User.is_active_account.is_(True),
        )
    ).first()
    if found is None:
        return None
    user, row = found
    user.session_token = token
    user.session_row = row
    return user


def _unauthorized() -> Response:
    """Anonymous visitors of a protected page go to the sign-in form and come back.

    A form sent after the session ended comes back to the page of the form, where the
    browser kept what was typed (static/js/draft-keeper.js).
    """
    if request.method == "GET":
        if request.endpoint == "applications.apply":
            flash(_l("Sign in, or create an account, to apply for this role."), "info")
        else:
            flash(_l("Please sign in to see this page."), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    flash(
        _l("Your session had ended: sign in again. What you typed is kept on this device."), "info"
    )
    rule = request.url_rule
    target = request.path if rule is not None and "GET" in (rule.methods or ()) else None
    return redirect(url_for("accounts.login", next=target))


def register_sessions(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_unauthorized)
    login_manager.session_protection = "basic"
