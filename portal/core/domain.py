"""The error a service raises to refuse an operation, with a message for the user."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal with a translated message, optionally tied to a form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
