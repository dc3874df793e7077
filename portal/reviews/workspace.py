"""The lead workspace's home: /<lang>/manage/, a card per delegation one reviews for."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from portal.accounts.rules import is_admin
from portal.applications.enums import ApplicationStatus
from portal.core.permissions import require
from portal.delegations.queries import workspace_delegations
from portal.delegations.rules import can_use_workspace, reviewed_delegation_ids
from portal.reviews.dashboard import delegation_summaries

bp = Blueprint("workspace", __name__, url_prefix="/<lang:lang_code>/manage")


@bp.get("/")
@login_required
def home() -> str:
    require(can_use_workspace(current_user), hide=False)
    delegations = workspace_delegations(
        None if is_admin(current_user) else reviewed_delegation_ids(current_user)
    )
    return render_template(
        "reviews/workspace.html",
        summaries=delegation_summaries(current_user, delegations),
        statuses=[s for s in ApplicationStatus if s != ApplicationStatus.DRAFT],
    )
