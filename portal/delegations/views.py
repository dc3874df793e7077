"""Public delegation pages: one delegation with its news, roles and team, and its feed."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template
from flask_babel import gettext as _

from portal.core.pagination import requested_page, require_items
from portal.core.urls import absolute_url
from portal.delegations.queries import active_delegation_or_404, public_team
from portal.news import queries as news_queries
from portal.news.feeds import FEED_SIZE, atom_response
from portal.openings.queries import accepting_openings

bp = Blueprint("delegations", __name__, url_prefix="/<lang:lang_code>")


@bp.get("/delegations/<slug>/")
def detail(slug: str) -> str:
    delegation = active_delegation_or_404(slug)
    page = require_items(
        news_queries.news_page(
            requested_page(),
            current_app.config["NEWS_PER_PAGE"],
            delegation_id=delegation.id,
            with_delegation=False,
        )
    )
    return render_template(
        "delegations/detail.html",
        delegation=delegation,
        page=page,
        openings=accepting_openings(delegation_id=delegation.id, limit=20),
        team=public_team(delegation.id),
    )


@bp.get("/delegations/<slug>/feed.atom")
def feed(slug: str) -> Response:
    delegation = active_delegation_or_404(slug)
    name = delegation.translated("name")
    return atom_response(
        posts=news_queries.latest_for_feed(FEED_SIZE, delegation_id=delegation.id),
        title=_("News from Make Mothers Matter: %(delegation)s", delegation=name),
        feed_url=absolute_url("delegations.feed", slug=slug),
        page_url=absolute_url("delegations.detail", slug=slug),
    )
