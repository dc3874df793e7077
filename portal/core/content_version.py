"""The version of the public content: one counter that the page cache is keyed by.

A model that public pages show is registered with `@public_content`. Any flush that
inserts, changes or deletes such a row (or a bulk UPDATE/DELETE of its table) raises
the counter in the same transaction, so the change and the new version commit together.
Each request that may be served from the page cache reads the counter once (a primary
key read), so a published post is on every worker and every app server at the next
request, with nothing to notify.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import g
from sqlalchemy import Connection, event, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session

from portal.core.clock import utcnow
from portal.core.models import ContentVersion
from portal.extensions import db

PUBLIC = "public"
_PENDING = "public_content_changed"
M = TypeVar("M", bound=type)

# Model -> the columns whose change public pages show (None: any column).
_TRACKED: dict[type, frozenset[str] | None] = {}


def public_content(*, columns: tuple[str, ...] | None = None) -> Callable[[M], M]:
    """Class decorator: changes to this model's rows (or only to `columns`) change
    public pages."""

    def register(model: M) -> M:
        _TRACKED[model] = frozenset(columns) if columns else None
        return model

    return register


def current() -> int:
    """The version of the public content, read once per request."""
    if "content_version" not in g:
        g.content_version = db.session.execute(_READ).scalar() or 0
    return int(g.content_version)


# Built once: the statement is run on every cacheable request.
_READ = select(ContentVersion.__table__.c.version).where(ContentVersion.__table__.c.name == PUBLIC)


def _changes_public_content(session: Session, instance: Any) -> bool:
    if type(instance) not in _TRACKED:
        return False
    columns = _TRACKED[type(instance)]
    if columns is None:
        return (
            instance in session.new or instance in session.deleted or session.is_modified(instance)
        )
    if instance in session.new or instance in session.deleted:
        return False  # a new account is on no public page until it holds a listed membership
    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in columns)


def _raise_version(connection: Connection) -> None:
    """One statement that works whether or not the row exists yet (an emptied test
    database): concurrent writers queue on the row instead of colliding on an insert."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(ContentVersion).values(name=PUBLIC, version=1, changed_at=utcnow())
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[ContentVersion.name],
            set_={"version": ContentVersion.version + 1, "changed_at": utcnow()},
        )
    )


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    if any(
        _changes_public_content(session, instance)
        for instance in (*session.new, *session.dirty, *session.deleted)
    ):
        session.info[_PENDING] = True


@event.listens_for(Session, "after_flush")
def _raise_after_flush(session: Session, _context: Any) -> None:
    if session.info.pop(_PENDING, False):
        _raise_version(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _raise_on_bulk_statements(state: ORMExecuteState) -> None:
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ in _TRACKED:
        _raise_version(state.session.connection())
