"""Test fixtures: one migrated database per session, emptied after every test.

SQLite (a file, WAL) by default; PostgreSQL when PORTAL_TEST_DATABASE_URL is set.
Requests made with `client` run in a fresh context, as in production, while the test
keeps its own application context for factories and assertions.
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text

from portal import create_app
from portal.core.clock import set_frozen_time, utcnow
from portal.core.models import OutboxEmail
from portal.extensions import db, limiter
from portal.mfa.rules import has_second_factor, requires_second_factor
from tests import factories
from tests.factories import DEFAULT_PASSWORD

BASE_URL = "http://portal.test"


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal-test.db'}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = create_app(
        {
            "PORTAL_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
            "BASE_URL": BASE_URL,
            "NEWS_PER_PAGE": 10,
        }
    )
    with application.app_context():
        upgrade()
    return application


def _empty_all_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{name}"' for name in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(text(f'DELETE FROM "{name}"'))
    db.session.commit()


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[None]:
    """Each test runs inside an application context and ends with empty tables."""
    with app.app_context():
        yield
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()


class IsolatedClient(FlaskClient):
    """Commits the test's pending setup, then serves the request in a fresh context
    (so `g`, the session and the signed-in user never leak from the test)."""

    def open(self, *args, **kwargs):
        if not has_app_context():  # a redirect being followed, already isolated
            return super().open(*args, **kwargs)
        db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


@dataclass
class QueryLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


_NOT_QUERIES = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)", re.I)


@pytest.fixture
def count_queries(app: Flask):
    """`with count_queries() as log: ...` records the SQL statements run inside."""

    @contextmanager
    def counting() -> Iterator[QueryLog]:
        log = QueryLog()

        def record(_conn, _cursor, statement, *_args) -> None:
            if not _NOT_QUERIES.match(statement):
                log.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield log
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


@pytest.fixture(autouse=True)
def reset_rate_limits(app: Flask) -> Iterator[None]:
    yield

    limiter.reset()


class Clock:
    """Moves portal.core.clock.utcnow for the test."""

    def __init__(self) -> None:

        self.now = utcnow()
        self.set(self.now)

    def set(self, moment):

        self.now = moment
        set_frozen_time(moment)

    def advance(self, **delta):

        self.set(self.now + timedelta(**delta))


@pytest.fixture
def clock() -> Iterator[Clock]:

    yield Clock()
    set_frozen_time(None)


_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on `url`, as a browser would read it."""
    page = client.get(url).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def submit(client: FlaskClient, url: str, data: dict, *, action: str | None = None, **kwargs):
    """Fill the form on `url` like a browser: read its CSRF token, then post to `action`."""
    payload = {"csrf_token": csrf_token(client, url), **data}
    return client.post(action or url, data=payload, **kwargs)


@pytest.fixture
def login(client: FlaskClient):
    """`login(user)` signs `user` in through the real form (password: the factory's).

    Whoever must have a second factor (admins, leads, reviewers) is given the tests'
    authenticator app if they have none, and types its current code at the second step,
    as a person would; `second_factor=False` stops after the password.
    """

    def sign_in(
        user,
        password: str = DEFAULT_PASSWORD,
        remember: bool = False,
        on=None,
        second_factor: bool = True,
    ):
        browser = on or client
        data = {"email": user.email, "password": password}
        if remember:
            data["remember"] = "y"
        if second_factor and requires_second_factor(user) and not has_second_factor(user):
            factories.enrol_totp(user)
        user._has_second_factor = None
        response = submit(browser, "/en/account/login", data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        if second_factor and response.location.endswith("/login/second-factor"):
            factories.forget_last_code(user)
            response = submit(
                browser, "/en/account/login/second-factor", {"code": factories.totp_code()}
            )
            assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        for cached in ("_has_second_factor", "_current_memberships"):
            user.__dict__.pop(cached, None)
        return response

    return sign_in


@pytest.fixture
def outbox():
    """`outbox()` lists the queued e-mails, oldest first; `outbox(to=...)` filters."""

    def messages(to: str | None = None):
        db.session.expire_all()
        statement = db.select(OutboxEmail).order_by(OutboxEmail.id)
        if to:
            statement = statement.where(OutboxEmail.to_address == to)
        return list(db.session.scalars(statement))

    return messages


def link_in(message, path_fragment: str) -> str:
    """The path of the first link in an e-mail that contains `path_fragment`."""
    for url in re.findall(r"https?://\S+", message.body_text):
        if path_fragment in url:
            return url.replace(BASE_URL, "")
    raise AssertionError(f"no link with {path_fragment!r} in: {message.body_text}")


def page_text(response, *secrets: str) -> str:
    """A response body with CSRF tokens, passkey challenges and the given strings masked,
    to compare pages."""
    text = _CSRF.sub('name="csrf_token" value="…"', response.get_data(as_text=True))
    text = re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value="…"', text)
    text = re.sub(r"&#34;challenge&#34;: &#34;[^&]+&#34;", "&#34;challenge&#34;: …", text)
    for secret in secrets:
        text = text.replace(secret, "…")
    return text
