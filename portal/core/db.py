"""Database helpers: timestamp mixin, SQLite tuning, page-at-a-time loading, and the
synchronisation of child rows (translations, keyed values) and unique slugs."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from flask import current_app, has_request_context, request
from sqlalchemy import Dialect, Engine, Float, Select, String, event, func, inspect, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from portal.core.clock import utcnow
from portal.core.text import markdown_to_html, slugify
from portal.extensions import db

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class EnumText(TypeDecorator[Any]):
    """A status column: stored as its text value (checked by a named CHECK constraint),
    read back as the enum member, so that templates can ask it for its label."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int = 16) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)


class days_between(FunctionElement[float]):
    """`days_between(start, end)`: the days from one timestamp column to another, as a
    number, computed by the database (SQLite and PostgreSQL say it differently)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


class TimestampMixin:
    """created_at / updated_at columns filled by callables, never fixed values."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def writes(view: F) -> F:
    """Mark a view that writes although its method is safe (a GET that records an audit
    event, say): its transaction takes the write lock up front on SQLite, like a POST.

    Without the mark, the GET's read transaction would have to become a write one,
    which SQLite refuses at once ("database is locked") when another writer committed
    in between, whatever the busy timeout.
    """
    view.writes_on_safe_method = True  # type: ignore[attr-defined]
    return view


def request_may_write() -> bool:
    """Whether the current work may write: any non-GET request, a GET view marked with
    @writes, and work outside a request (the worker, the CLI)."""
    if not has_request_context():
        return True
    if request.method not in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_on_safe_method", False))


class UnmarkedWrite(RuntimeError):
    """A safe-method request wrote without being marked @writes (raised in tests)."""


_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def tune_sqlite(engine: Engine, *, strict: bool = False) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for work that may write.

    pysqlite's own implicit BEGIN is switched off so that we decide how a transaction
    starts: work that may write (request_may_write) takes the write lock up front, so
    concurrent writers wait on the busy timeout instead of failing with "database is
    locked"; safe-method requests start a deferred transaction and never block each
    other. A write inside a deferred transaction is a missing @writes: it raises when
    `strict` (tests), and is logged otherwise.
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
        may_write = request_may_write()
        connection.info["deferred"] = not may_write
        connection.exec_driver_sql("BEGIN IMMEDIATE" if may_write else "BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def _check_write(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if connection.info.get("deferred") and _WRITE.match(statement):
            endpoint = request.endpoint if has_request_context() else None
            message = f"{endpoint} writes on a safe method: mark the view with @writes"
            if strict:
                raise UnmarkedWrite(message)
            log.error(message)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list. The total is counted only where a reader is shown "Page 2 of
    14" (the public news); elsewhere deep pages cost what page 1 costs."""

    items: Sequence[T]
    number: int
    per_page: int
    has_next: bool
    total: int | None = None  # number of items in the whole list, when counted

    @property
    def page_count(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def is_empty(self) -> bool:
        return not self.items


def escape_like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def load_page(
    statement: Select[Any],
    *,
    number: int,
    per_page: int,
    counted: bool = False,
    plain_rows: bool = False,
) -> Page[Any]:
    """Run `statement` for page `number` (1-based), fetching one extra row to see if
    another page follows; `counted` adds one COUNT query for the total. `plain_rows`
    gives the rows of a column-wise statement as they are (no ORM objects)."""
    number = max(number, 1)
    window = statement.limit(per_page + 1).offset((number - 1) * per_page)
    rows = (
        list(db.session.execute(window).all())
        if plain_rows
        else db.session.scalars(window).unique().all()
    )
    total = None
    if counted:
        whole = statement.order_by(None).subquery()
        total = db.session.scalar(select(func.count()).select_from(whole))
    return Page(
        items=rows[:per_page],
        number=number,
        per_page=per_page,
        has_next=len(rows) > per_page,
        total=total,
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


def keep_rendered(model: type, *, source: str, target: str) -> None:
    """Store the sanitised HTML of a Markdown column whenever it is saved, so that pages
    show stored HTML and never render Markdown while serving."""

    def render(_mapper: Any, _connection: Any, row: Any) -> None:
        if inspect(row).attrs[source].history.has_changes() or not getattr(row, target, None):
            setattr(row, target, str(markdown_to_html(getattr(row, source) or "")))

    event.listen(model, "before_insert", render)
    event.listen(model, "before_update", render)


def sync_translations(
    collection: list[Any],
    texts: Mapping[str, Mapping[str, Any]],
    *,
    make: Callable[[str], Any],
    fields: Sequence[str],
) -> bool:
    """Make `collection` hold one row per locale of `texts` ({locale: {field: value}}),
    updating rows in place (see sync_keyed_rows); strings are stripped. Returns whether
    anything changed, so that callers can stamp "updated on"."""
    existing = {row.locale: row for row in collection}
    changed = False
    for locale, row in existing.items():
        if locale not in texts:
            collection.remove(row)
            changed = True
    for locale, values in texts.items():
        row = existing.get(locale)
        if row is None:
            row = make(locale)
            collection.append(row)
            changed = True
        for name in fields:
            value = values.get(name)
            value = (value or "").strip() if isinstance(value, str) or value is None else value
            if getattr(row, name, None) != value:
                setattr(row, name, value)
                changed = True
    return changed


def delegation_row_or_404(model: Any, row_id: int, delegation_id: int, *options: Any) -> Any:
    """The row `row_id` of `model` if it belongs to the delegation, else 404 (another
    delegation's id looks exactly like a missing one)."""
    return db.first_or_404(
        select(model)
        .where(model.id == row_id, model.delegation_id == delegation_id)
        .options(*options)
    )


def unique_slug(
    model: Any, title: str, *, exclude_id: int | None = None, max_length: int = 90
) -> str:
    """A slug made from `title` that no other row of `model` uses (-2, -3... if taken)."""
    base = slugify(title, max_length=max_length)
    slug, n = base, 2
    while db.session.scalar(
        select(model.id).where(model.slug == slug, model.id != (exclude_id or 0)).limit(1)
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug
