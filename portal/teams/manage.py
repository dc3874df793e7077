"""The team page of a delegation: /<lang>/manage/<delegation>/team/."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.core.confirm import confirmation_page, confirmed
from portal.core.domain import DomainError, refuse
from portal.core.forms import label_data, written_labels
from portal.core.i18n import current_language
from portal.delegations.access import managed_delegation
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.teams import queries, services
from portal.teams.forms import InviteForm, MemberForm

bp = Blueprint("teams_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/team")


def _page(delegation: Delegation, invite_form: InviteForm | None = None) -> str:
    memberships = queries.team_memberships(delegation.id)
    current = [m for m in memberships if m.ended_on is None]
    return render_template(
        "teams/manage/index.html",
        delegation=delegation,
        current=[
            (m, MemberForm(obj=m, prefix=f"m{m.id}", formdata=None, data=label_data(m.titles)))
            for m in current
        ],
        past=[m for m in memberships if m.ended_on is not None],
        invitations=queries.waiting_invitations(delegation.id),
        invite_form=invite_form or InviteForm(formdata=None),
    )


@bp.get("/")
@login_required
def index(slug: str) -> str:
    return _page(managed_delegation(slug))


@bp.post("/invite")
@login_required
def invite(slug: str) -> str | Response:
    delegation = managed_delegation(slug)
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(delegation, form)
    services.invite(
        delegation,
        email=form.email.data,
        role=form.role.data,
        titles=written_labels(form),
        by=current_user,
        locale=current_language(),
    )
    db.session.commit()
    flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("teams_manage.index", slug=slug))


@bp.post("/members/<int:membership_id>")
@login_required
def update(slug: str, membership_id: int) -> Response:
    delegation = managed_delegation(slug)
    membership = queries.delegation_membership_or_404(delegation.id, membership_id)
    form = MemberForm(prefix=f"m{membership.id}")
    if not form.validate_on_submit():
        flash(_("The member's details could not be saved."), "error")
        return redirect(url_for("teams_manage.index", slug=slug))
    try:
        services.update_member(
            membership,
            titles=written_labels(form),
            role=form.role.data,
            is_reviewer=form.is_reviewer.data,
            shown_publicly=form.shown_publicly.data,
        )
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(_("The member's details are saved."), "success")
    return redirect(url_for("teams_manage.index", slug=slug))


@bp.post("/members/<int:membership_id>/end")
@login_required
def end(slug: str, membership_id: int) -> str | Response:
    delegation = managed_delegation(slug)
    membership = queries.delegation_membership_or_404(delegation.id, membership_id)
    if not confirmed():
        return confirmation_page(
            title=_("End %(name)s's membership?", name=membership.user.name),
            consequence=_(
                "%(name)s leaves the team today: they lose the team's pages and, if they "
                "review, the applications. The membership stays in the team's history.",
                name=membership.user.name,
            ),
            action=_("End the membership"),
            back=url_for("teams_manage.index", slug=slug),
        )
    try:
        services.end_membership(membership)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(_("The membership has ended; it stays in the team's history."), "success")
    return redirect(url_for("teams_manage.index", slug=slug))
