"""Pages that gather the whole site: the home page (every delegation, its latest news and
the open roles), contact, the legal notice and the privacy notice."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, render_template

from portal.delegations.queries import active_delegations
from portal.news.models import NewsPost
from portal.news.queries import overview_posts
from portal.openings.queries import accepting_openings
from portal.pages import menu  # noqa: F401 - registers the account menu part
from portal.privacy.notices import VERSIONS, current_version, published_on

bp = Blueprint("pages", __name__, url_prefix="/<lang:lang_code>")

POSTS_PER_DELEGATION = 2
RECENT_POSTS = 6


@bp.get("/")
def home() -> str:
    delegations = active_delegations()
    posts = overview_posts(per_delegation=POSTS_PER_DELEGATION, recent=RECENT_POSTS)
    latest_by_delegation: defaultdict[int, list[NewsPost]] = defaultdict(list)
    for post in posts:  # newest first
        if len(latest_by_delegation[post.delegation_id]) < POSTS_PER_DELEGATION:
            latest_by_delegation[post.delegation_id].append(post)
    return render_template(
        "pages/home.html",
        delegations=delegations,
        latest_by_delegation=latest_by_delegation,
        recent_posts=posts[:RECENT_POSTS],
        openings=accepting_openings(),
    )


@bp.get("/contact")
def contact() -> str:
    return render_template("pages/contact.html", delegations=active_delegations())


@bp.get("/legal")
def legal() -> str:
    return render_template("pages/legal.html")


@bp.get("/privacy")
def privacy() -> str:
    version = current_version()
    return render_template(
        "pages/privacy.html", version=version, published=published_on(version), versions=VERSIONS
    )
