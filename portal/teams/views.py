"""Accepting an invitation to a delegation's team."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.core.domain import DomainError, refuse
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.teams import services

bp = Blueprint("teams", __name__, url_prefix="/<lang:lang_code>/invitations")


@bp.route("/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str) -> str | Response | tuple[str, int]:
    """The invitee, signed in with the invited address, joins the team with one click."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render_template("teams/invitation_invalid.html"), 400
    delegation = db.get_or_404(Delegation, invitation.delegation_id)
    refusal = services.invitation_refusal(invitation, current_user)
    if request.method == "POST" and refusal is None:
        try:
            services.accept_invitation(token, current_user)
        except DomainError as error:
            refuse(error)
            return render_template("teams/invitation_invalid.html"), 400
        db.session.commit()
        flash(_("Welcome to the team!"), "success")
        return redirect(url_for("delegations.detail", slug=delegation.slug))
    return render_template(
        "teams/invitation.html", invitation=invitation, delegation=delegation, refusal=refusal
    ), (403 if refusal is not None and request.method == "POST" else 200)
