"""The error a service raises to refuse an operation, and the one way a view reports it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import flash

from portal.extensions import db


class DomainError(Exception):
    """A refusal with a translated message, optionally tied to a form field."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def refuse(
    error: DomainError,
    form: Any = None,
    *,
    fields: Mapping[str, Any] | None = None,
    default: Any = None,
) -> None:
    """Undo the request's changes and show why: beside the field the error names (looked
    up in `fields`, then on `form`), else beside `default`, else as a flash message."""
    db.session.rollback()
    target = None
    if error.field:
        target = (fields or {}).get(error.field)
        if target is None and form is not None:
            target = getattr(form, "_fields", {}).get(error.field)
    target = target if target is not None else default
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, str(error.message)]
    else:
        flash(str(error.message), "error")
