"""Public pages of volunteer roles: the list of open roles and one role."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from portal.core.pagination import requested_page, require_items
from portal.openings.queries import accepting_page, public_opening_by_slug

bp = Blueprint("openings", __name__, url_prefix="/<lang:lang_code>/roles")


@bp.get("/")
def index() -> str:
    page = require_items(accepting_page(requested_page(), current_app.config["ROLES_PER_PAGE"]))
    return render_template("openings/index.html", page=page)


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    opening = public_opening_by_slug(slug)
    if opening is None:
        abort(404)
    return render_template("openings/detail.html", opening=opening)
