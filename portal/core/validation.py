"""Numbers, ids and dates that come from outside, held to what the portal can store.

A date of year 1 or 9999, an id of 24 digits or a superscript "²" must end as a
translated message beside the field (or as a 404 for an address), never as an overflow
in a date computation or an "integer out of range" from the database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter, Map
from wtforms import DateField, DateTimeLocalField, Field, Form, IntegerField
from wtforms.validators import ValidationError

# Primary keys are 32-bit integers on PostgreSQL.
MAX_ID = 2**31 - 1
# Dates people mean: far enough for a role closing or a post scheduled years ahead.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2199, 12, 31)


def parse_id(value: Any) -> int | None:
    """An id written in ASCII digits within the database's range, else None."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values: list[str], *, limit: int) -> list[int]:
    """The valid ids among form values (at most `limit`), the others ignored."""
    ids = [number for number in map(parse_id, values) if number is not None]
    return ids[:limit]


def query_id(name: str) -> int | None:
    """An id from the query string (?role=12), or None when absent or not an id."""
    return parse_id(request.args.get(name))


class BoundedId(IntegerConverter):
    """`<int:...>` in addresses: ASCII digits within the ids' range, else a 404."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class _InDateRange:
    def __call__(self, form: Form, field: Field) -> None:
        value = field.data
        day = value.date() if isinstance(value, datetime) else value
        if day is not None and not FIRST_DATE <= day <= LAST_DATE:
            raise ValidationError(
                _l(
                    "Enter a date between %(first)s and %(last)s.",
                    first=FIRST_DATE.year,
                    last=LAST_DATE.year,
                )
            )


class BoundedDateField(DateField):
    """A date between 1900 and 2199."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, [*(validators or []), _InDateRange()], **kwargs)


class BoundedDateTimeField(DateTimeLocalField):
    """A date and time between 1900 and 2199."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, [*(validators or []), _InDateRange()], **kwargs)


class BoundedIntegerField(IntegerField):
    """A whole number of at most 15 digits (a longer one would overflow the range check,
    which compares as a float); its range comes from a NumberRange validator."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and len(str(valuelist[0]).strip()) > 15:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)
