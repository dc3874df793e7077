"""Public news pages: the list, one post, and the Atom feed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _

from portal.core.i18n import current_language
from portal.core.pagination import requested_page, require_items
from portal.core.text import one_line
from portal.core.urls import absolute_url
from portal.core.validation import parse_id
from portal.delegations.queries import active_delegations
from portal.news import queries
from portal.news.feeds import FEED_SIZE, atom_response
from portal.news.structured_data import article_data

bp = Blueprint("news", __name__, url_prefix="/<lang:lang_code>/news")


MAX_SEARCH_LENGTH = 100


@bp.get("/")
def index() -> str:
    delegations = active_delegations()
    chosen_slug = request.args.get("delegation") or None
    chosen = next((d for d in delegations if d.slug == chosen_slug), None)
    if chosen_slug and chosen is None:
        abort(404)
    years = queries.news_years()
    year = parse_id(request.args.get("year"))
    filters = queries.NewsFilters(
        words=one_line(request.args.get("q", ""))[:MAX_SEARCH_LENGTH].strip(),
        delegation_id=chosen.id if chosen else None,
        year=year if year in years else None,
        locale=current_language(),
    )
    page = require_items(
        queries.news_page(requested_page(), current_app.config["NEWS_PER_PAGE"], filters=filters)
    )
    return render_template(
        "news/index.html",
        page=page,
        delegations=delegations,
        chosen=chosen,
        years=years,
        filters=filters,
    )


@bp.get("/follow")
def follow() -> str:
    """What a news feed is, and the address of each one to copy into a feed reader."""
    return render_template("news/follow.html", delegations=active_delegations())


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    post = queries.public_post_or_404(slug)
    older, newer = queries.neighbours(post)
    return render_template(
        "news/detail.html", post=post, older=older, newer=newer, article_data=article_data
    )


@bp.get("/feed.atom")
def feed() -> Response:
    return atom_response(
        posts=queries.latest_for_feed(FEED_SIZE),
        title=_("News from the delegations of Make Mothers Matter"),
        feed_url=absolute_url("news.feed"),
        page_url=absolute_url("news.index"),
    )
