"""Asking first: what cannot be undone (or hurts to undo) shows a page that names what
and whom it concerns and what will happen, before anything changes.

A dangerous form posts as usual; its view asks `confirmed()` and, if not, returns
`confirmation_page(...)`, which posts the same fields again with `confirmed=1`. It works
without JavaScript, and the server decides: a crafted POST without the confirmation
changes nothing either.
"""

from __future__ import annotations

from flask import render_template, request

SKIPPED = frozenset({"csrf_token", "confirmed"})


def confirmed() -> bool:
    """Whether this POST comes from the confirmation page."""
    return request.form.get("confirmed") == "1"


def confirmation_page(
    *,
    title: str,
    consequence: str,
    action: str,
    back: str,
    danger: bool = True,
    items: list[str] | None = None,
) -> str:
    """The page that asks; it sends the same fields to the same address once confirmed."""
    fields = [
        (name, value)
        for name, values in request.form.lists()
        if name not in SKIPPED
        for value in values
    ]
    return render_template(
        "confirm.html",
        title=title,
        consequence=consequence,
        action=action,
        back=back,
        danger=danger,
        fields=fields,
        items=items or [],
        target=request.path,
    )
