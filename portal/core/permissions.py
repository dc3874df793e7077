"""The one way views refuse: a named rule is asked, and a refusal becomes 404 or 403.

Objects of another delegation answer 404, so their existence is not revealed; a page
the user may know of but not use (the admin area) answers 403.
"""

from __future__ import annotations

from flask import abort


def require(allowed: bool, *, hide: bool = True) -> None:
    """Stop the request unless `allowed`: 404 when `hide`, else 403."""
    if not allowed:
        abort(404 if hide else 403)
