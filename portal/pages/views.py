"""Fixed pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.accounts.services import PRIVACY_NOTICE_VERSION

bp = Blueprint("pages", __name__, url_prefix="/<lang:lang_code>")


@bp.get("/privacy")
def privacy() -> str:
    return render_template("pages/privacy.html", version=PRIVACY_NOTICE_VERSION)
