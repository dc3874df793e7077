"""Database helpers: timestamp mixin, SQLite tuning, and page-at-a-time loading."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from flask import has_request_context, request
from sqlalchemy import Engine, Select, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.clock import utcnow
from portal.extensions import db

T = TypeVar("T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TimestampMixin:
    """created_at / updated_at columns filled by callables, never fixed values."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for writing requests.

    pysqlite's own implicit BEGIN is switched off so that we decide how a transaction
    starts: a request that may write takes the write lock up front (concurrent writers
    then wait on the busy timeout instead of failing with "database is locked"), while
    safe-method requests start a deferred transaction and never block each other.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = has_request_context() and request.method in SAFE_METHODS
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list. No total count is taken: deep pages cost what page 1 costs."""

    items: Sequence[T]
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def is_empty(self) -> bool:
        return not self.items


def load_page(statement: Select[Any], *, number: int, per_page: int) -> Page[Any]:
    """Run `statement` for page `number` (1-based), fetching one extra row to see if
    another page follows."""
    number = max(number, 1)
    rows = (
        db.session.scalars(statement.limit(per_page + 1).offset((number - 1) * per_page))
        .unique()
        .all()
    )
    return Page(
        items=rows[:per_page], number=number, per_page=per_page, has_next=len(rows) > per_page
    )


def sync_keyed_rows(
    collection: list[Any], wanted: dict[str, Any], *, key: str, value: str, make: Any
) -> None:
    """Make `collection` hold one row per key of `wanted`, updating rows in place.

    Replacing the whole collection would insert the new rows before the unit of work
    deletes the old ones, and trip the (parent, key) unique constraint.
    """
    existing = {getattr(row, key): row for row in collection}
    for name, row in existing.items():
        if name not in wanted:
            collection.remove(row)
    for name, new_value in wanted.items():
        if name in existing:
            setattr(existing[name], value, new_value)
        else:
            collection.append(make(name, new_value))
