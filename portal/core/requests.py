"""The request class of the portal: text from the query string and forms never carries
a NUL character.

No person types one, PostgreSQL refuses it in text columns (a server error), and SQLite
would store it. It is removed once, where the values are parsed, for every form and
query argument, instead of in each field of each form.
"""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items


class CleanMultiDict(ImmutableMultiDict[str, Any]):
    """An ImmutableMultiDict whose text values have their NUL characters removed."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is None:
            super().__init__()
            return
        super().__init__(
            (key, value.replace("\x00", "") if isinstance(value, str) else value)
            for key, value in iter_multi_items(mapping)
        )


class PortalRequest(Request):
    parameter_storage_class = CleanMultiDict
