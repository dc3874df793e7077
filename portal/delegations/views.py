"""Public delegation pages: the overview (home page), one delegation, its feed."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import gettext as _

from portal.core.pagination import requested_page, require_items
from portal.core.urls import absolute_url
from portal.delegations.queries import active_delegation_by_slug, active_delegations, public_team
from portal.news import queries as news_queries
from portal.news.feeds import atom_response
from portal.news.views import FEED_SIZE
from portal.openings.queries import accepting_openings

bp = Blueprint("delegations", __name__, url_prefix="/<lang:lang_code>")

POSTS_PER_DELEGATION = 2
RECENT_POSTS = 6


@bp.get("/")
def home() -> str:
    delegations = active_delegations()
    posts = news_queries.overview_posts(per_delegation=POSTS_PER_DELEGATION, recent=RECENT_POSTS)
    latest_by_delegation = defaultdict(list)
    for post in posts:  # newest first
        if len(latest_by_delegation[post.delegation_id]) < POSTS_PER_DELEGATION:
            latest_by_delegation[post.delegation_id].append(post)
    return render_template(
        "delegations/home.html",
        delegations=delegations,
        latest_by_delegation=latest_by_delegation,
        recent_posts=posts[:RECENT_POSTS],
        openings=accepting_openings(),
    )


@bp.get("/delegations/<slug>/")
def detail(slug: str) -> str:
    delegation = active_delegation_by_slug(slug)
    if delegation is None:
        abort(404)
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
    delegation = active_delegation_by_slug(slug)
    if delegation is None:
        abort(404)
    localized = delegation.localized()
    name = localized.name if localized else delegation.slug
    return atom_response(
        posts=news_queries.latest_for_feed(FEED_SIZE, delegation_id=delegation.id),
        title=_("News from Make Mothers Matter: %(delegation)s", delegation=name),
        feed_url=absolute_url("delegations.feed", slug=slug),
        page_url=absolute_url("delegations.detail", slug=slug),
    )
