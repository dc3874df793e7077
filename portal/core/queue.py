"""The background worker's queue (huey): work that must not run in a web request.

One module-level `Huey` instance that tasks decorate; `init_queue()` gives it its
storage from PORTAL_QUEUE_URL when the application is built: a SQLite file of its own
in `instance/` by default (nothing to install), Redis in production, memory in tests.
The worker (`flask portal worker`) consumes it and runs the periodic tasks.

The database stays the source of truth: a task is a nudge ("there is mail to send"),
enqueued only after the transaction that made the work has committed, and periodic
tasks pick up whatever a lost nudge left behind.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context
from huey import Huey, signals
from huey.api import Task
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

# Storage is replaced by init_queue(); results are never read, so none are kept.
huey = Huey("portal", results=False, storage_class=MemoryStorage, utc=True)
_app: Flask | None = None
_AFTER_COMMIT = "queue_after_commit"


def storage_for(url: str) -> tuple[type, dict[str, Any]]:
    """The huey storage class and its arguments for a PORTAL_QUEUE_URL."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///")).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage, {"filename": str(path), "timeout": 10}
    if url == "memory://":
        return MemoryStorage, {}
    raise ValueError(f"PORTAL_QUEUE_URL: unsupported address {url!r}")


def init_queue(app: Flask) -> None:
    """Bind the queue to the application's configured storage."""
    global _app
    huey.storage_class, huey.storage_kwargs = storage_for(app.config["QUEUE_URL"])
    huey.storage = huey.create_storage()
    _app = app


def with_app(function: F) -> F:
    """Run a task in a fresh application context (and so a fresh database session).

    Put it under @huey.task(): consumer threads have no Flask context of their own.
    """

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        app = current_app._get_current_object() if has_app_context() else _app  # type: ignore[attr-defined]
        if app is None:
            raise RuntimeError("The queue is used before create_app() bound it.")
        with app.app_context():
            return function(*args, **kwargs)

    return run  # type: ignore[return-value]


def enqueue_after_commit(task: Task) -> None:
    """Enqueue `task` once the current transaction commits (never if it rolls back)."""
    db.session().info.setdefault(_AFTER_COMMIT, []).append(task)


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    for task in session.info.pop(_AFTER_COMMIT, []):
        try:
            huey.enqueue(task)
        except Exception:  # the queue is only a nudge: the periodic tasks will catch up
            log.exception("could not enqueue %s", task.name)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


@huey.on_startup()
def _fresh_connections() -> None:
    """A forked worker process must not share the parent's database connections."""
    if _app is not None:
        with _app.app_context():
            db.engine.dispose(close=False)


@huey.signal(signals.SIGNAL_ERROR)
def _log_error(signal: str, task: Task, exc: BaseException | None = None) -> None:
    log.error("task %s (%s) failed: %r", task.name, task.id, exc, extra={"event": "task"})


@huey.signal(signals.SIGNAL_RETRYING, signals.SIGNAL_EXPIRED, signals.SIGNAL_LOCKED)
def _log_other(signal: str, task: Task, *_args: Any) -> None:
    log.warning("task %s (%s): %s", task.name, task.id, signal, extra={"event": "task"})
