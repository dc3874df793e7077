"""Fixed pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.privacy.notices import VERSIONS, current_version, published_on

bp = Blueprint("pages", __name__, url_prefix="/<lang:lang_code>")


@bp.get("/privacy")
def privacy() -> str:
    version = current_version()
    return render_template(
        "pages/privacy.html", version=version, published=published_on(version), versions=VERSIONS
    )
