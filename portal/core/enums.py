"""Statuses stored as text, each with its translated label and the tone of its badge.

Every status of the portal is one of these enums, so that a template shows any status
with `status_badge()` (core/templating.py) and no page keeps a dictionary of labels of its own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_pgettext as _p

# Tones of a status badge (CSS modifiers of .badge).
NEUTRAL, OK, WARN, ERROR = "", "ok", "warn", "error"


class LabelledEnum(StrEnum):
    """A StrEnum whose members are declared as (value, label[, tone[, action]]).

    `label` is a lazy translation, turned into text in the reader's language when it is
    shown; `action` is the wording of the button that leads to the status, if any.
    """

    _label: Any
    tone: str
    _action: Any

    if not TYPE_CHECKING:  # to the type checker, calling the enum looks a member up

        def __new__(cls, value: str, label: Any, tone: str = NEUTRAL, action: Any = None) -> Any:
            member = str.__new__(cls, value)
            member._value_ = value
            member._label = label
            member.tone = tone
            member._action = action
            return member

    @property
    def label(self) -> str:
        return str(self._label)

    @property
    def action(self) -> str:
        return str(self._action if self._action is not None else self._label)


class OutboxStatus(LabelledEnum):
    """Where an e-mail of the outbox stands."""

    PENDING = ("pending", _p("e-mail", "Pending"), WARN)
    SENT = ("sent", _p("e-mail", "Sent"), OK)
    FAILED = ("failed", _p("e-mail", "Failed"), ERROR)


def sql_values(enum: type[StrEnum]) -> str:
    """The stored values of an enum as an SQL list, for CHECK constraints."""
    return ", ".join(f"'{member.value}'" for member in enum)
