"""A member's side of their teams: accepting an invitation, and choosing whether to
appear on each delegation's public page (/<lang>/account/teams/)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.core.domain import DomainError, refuse
from portal.core.permissions import require
from portal.delegations.models import Delegation, Membership
from portal.delegations.queries import current_membership
from portal.extensions import db
from portal.members.services import welcome
from portal.teams import queries, services
from portal.teams.forms import ListingForm

bp = Blueprint("teams", __name__, url_prefix="/<lang:lang_code>")


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str) -> str | Response | tuple[str, int]:
    """The invitee, signed in with the invited address, joins the team and says whether
    to be named on its public page."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render_template("teams/invitation_invalid.html"), 400
    delegation = db.get_or_404(Delegation, invitation.delegation_id)
    refusal = services.invitation_refusal(invitation, current_user)
    form = ListingForm()
    if request.method == "POST" and refusal is None and form.validate_on_submit():
        try:
            joining = current_membership(current_user.id, invitation.delegation_id) is None
            membership = services.accept_invitation(token, current_user)
            services.set_listing_consent(membership, listed=form.listed.data == "yes")
            if joining:
                welcome(membership)
        except DomainError as error:
            refuse(error)
            return render_template("teams/invitation_invalid.html"), 400
        db.session.commit()
        flash(_("Welcome to the team!"), "success")
        return redirect(url_for("members.home"))
    return render_template(
        "teams/invitation.html",
        invitation=invitation,
        delegation=delegation,
        refusal=refusal,
        form=form,
    ), (403 if refusal is not None and request.method == "POST" else 200)


@bp.get("/account/teams/")
@login_required
def mine() -> str:
    return _mine_page()


def _mine_page(failed: tuple[int, ListingForm] | None = None) -> str:
    memberships = queries.memberships_of_person(current_user.id)
    forms = {
        m.id: ListingForm(
            formdata=None,
            prefix=f"m{m.id}",
            data={
                "listed": None
                if m.listing_consent is None
                else ("yes" if m.listing_consent else "no")
            },
        )
        for m in memberships
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render_template("teams/mine.html", memberships=memberships, forms=forms)


@bp.post("/account/teams/<int:membership_id>/listing")
@login_required
def set_listing(membership_id: int) -> str | Response:
    membership = db.get_or_404(Membership, membership_id)
    require(membership.user_id == current_user.id)
    form = ListingForm(prefix=f"m{membership.id}")
    if not form.validate_on_submit():
        return _mine_page((membership.id, form))
    try:
        services.set_listing_consent(membership, listed=form.listed.data == "yes")
    except DomainError as error:
        refuse(error)
        return redirect(url_for("teams.mine"))
    db.session.commit()
    name = membership.delegation.translated("name")
    flash(
        _("Your name and title are shown on the %(delegation)s page.", delegation=name)
        if membership.listing_consent
        else _("Your name is kept off the %(delegation)s page.", delegation=name),
        "success",
    )
    return redirect(url_for("teams.mine"))
