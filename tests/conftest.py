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

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text

from portal import create_app
from portal.extensions import db

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
    yield application


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
