"""Public pages of volunteer roles: the list of open roles (with filters) and one role."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from portal.applications.queries import application_state
from portal.core.cache import personal_part_renderer
from portal.core.languages import SPOKEN_LANGUAGES, spoken_language_choices
from portal.core.pagination import requested_page, require_items
from portal.delegations.queries import active_delegations
from portal.openings.queries import (
    OpeningFilters,
    accepting_locations,
    accepting_page,
    public_opening_or_404,
)
from portal.openings.structured_data import job_posting

bp = Blueprint("openings", __name__, url_prefix="/<lang:lang_code>/roles")


@bp.get("/")
def index() -> str:
    delegations = active_delegations()
    locations = accepting_locations()
    chosen_slug = request.args.get("delegation") or None
    chosen = next((d for d in delegations if d.slug == chosen_slug), None)
    language = request.args.get("language") or None
    location = request.args.get("location") or None
    if (chosen_slug and chosen is None) or (language and language not in SPOKEN_LANGUAGES):
        abort(404)
    filters = OpeningFilters(
        delegation_id=chosen.id if chosen else None,
        location=location if location in locations else None,
        language=language,
        remote=request.args.get("remote") == "1",
    )
    page = require_items(
        accepting_page(requested_page(), current_app.config["OPENINGS_PER_PAGE"], filters=filters)
    )
    return render_template(
        "openings/index.html",
        page=page,
        delegations=delegations,
        locations=locations,
        spoken_languages=spoken_language_choices(),
        filters=filters,
        chosen=chosen,
    )


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    opening = public_opening_or_404(slug)
    return render_template(
        "openings/detail.html", opening=opening, structured_data=job_posting(opening)
    )


@personal_part_renderer("opening-apply")
def apply_box(opening_id: str, slug: str, accepting: str) -> str:
    """The role page's apply box for this person: apply, continue a draft, or see the
    application already sent."""
    signed_in = current_user.is_authenticated
    own = application_state(int(opening_id), current_user.id) if signed_in else None
    # Rendered without render_template's context processors: the box needs only these.
    return current_app.jinja_env.get_template("openings/_apply_box.html").render(
        own=own, slug=slug, accepting=accepting == "1", signed_in=signed_in
    )
