"""The gate in front of applicants' data: the workspace, the lead pages and the admin
area open only to a session that gave a second factor, and whoever must have one
(`rules.requires_second_factor`) enrols first. Enforced for every request of those
blueprints, whatever the buttons show."""

from __future__ import annotations

from flask import Flask, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.mfa.rules import has_second_factor, requires_second_factor, session_verified

GUARDED_BLUEPRINTS = frozenset(
    {
        "workspace",
        "openings_manage",
        "reviews_manage",
        "wordings_manage",
        "teams_manage",
        "interviews_manage",
        "members_manage",
        "news_manage",
        "admin",
    }
)
GUARDED_ENDPOINTS = frozenset({"applications.download_cv"})


def guarded(endpoint: str | None, blueprint: str | None) -> bool:
    """Whether a request to this endpoint must come from a second-factor session."""
    return blueprint in GUARDED_BLUEPRINTS or endpoint in GUARDED_ENDPOINTS


def second_factor_gate() -> Response | None:
    """Where to send this request first, if anywhere."""
    if not current_user.is_authenticated or not guarded(request.endpoint, request.blueprint):
        return None
    back = request.full_path.rstrip("?") if request.method == "GET" else None
    if not has_second_factor(current_user):
        if not requires_second_factor(current_user):
            return None  # the view's own permission check answers (a 403 or 404)
        flash(
            _(
                "You can see applicants' personal data, so your account needs a second "
                "factor: set one up to go on."
            ),
            "info",
        )
        return redirect(url_for("mfa.security", next=back))
    if not session_verified(current_user):
        return redirect(url_for("mfa.step_up", next=back))
    return None


def register_guard(app: Flask) -> None:
    app.before_request(second_factor_gate)
