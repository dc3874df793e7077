"""Step-up: sensitive actions ask for the second factor again when this session's last
check is older than `rules.STEP_UP_WINDOW`.

A POST that needs it gets a page asking for a code (or the passkey) which posts the same
fields again with the answer, so nothing typed is lost; a GET (a download) goes to the
check page and comes back. Without a second factor enrolled, nothing is asked here (the
workspace guard makes those who must have one enrol first).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.attempts import wait_message
from portal.extensions import db
from portal.mfa import passkeys, services
from portal.mfa.rules import needs_step_up

CODE_FIELD = "second_factor_code"
PASSKEY_FIELD = "second_factor_passkey"
SKIPPED = frozenset({"csrf_token", CODE_FIELD, PASSKEY_FIELD})


def check_page(*, error: str = "", target: str, repost: bool, status: int = 200) -> Any:
    """The page that asks for the second factor; it posts to `target` (with the fields
    of the request being stepped up when `repost`)."""
    fields = (
        [(n, v) for n, values in request.form.lists() if n not in SKIPPED for v in values]
        if repost
        else []
    )
    return render_template(
        "mfa/step_up.html",
        fields=fields,
        target=target,
        error=error,
        passkey_options=passkeys.authentication_options(current_user),
        code_field=CODE_FIELD,
        passkey_field=PASSKEY_FIELD,
    ), status


def answer_step_up() -> tuple[bool, str, int]:
    """Check the answer this POST carries: (passed, error message, status)."""
    outcome = services.check(
        current_user,
        code=request.form.get(CODE_FIELD, "")[:40],
        passkey_response=request.form.get(PASSKEY_FIELD, ""),
    )
    if outcome.passed:
        services.mark_passed(current_user)
        db.session.commit()  # the code is spent, and the check lasts, whatever follows
        return True, "", 200
    db.session.commit()  # the failure is counted and audited
    if outcome.blocked_until is not None:
        return False, wait_message(outcome.blocked_until), 429
    return False, _("This code is not valid, or was used already. Try the current one."), 200


def fresh_second_factor(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a sensitive view (after login_required)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not needs_step_up(current_user):
            return view(*args, **kwargs)
        if request.method != "POST":
            return redirect(url_for("mfa.step_up", next=request.full_path.rstrip("?")))
        if CODE_FIELD not in request.form and PASSKEY_FIELD not in request.form:
            return check_page(target=request.path, repost=True)
        passed, error, status = answer_step_up()
        if not passed:
            return check_page(error=error, target=request.path, repost=True, status=status)
        return view(*args, **kwargs)

    return wrapper
