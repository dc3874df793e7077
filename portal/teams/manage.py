"""The team page of a delegation: /<lang>/manage/<delegation>/team/."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from portal.core.domain import DomainError
from portal.core.i18n import current_language
from portal.delegations.manage import load_managed_delegation
from portal.delegations.models import Delegation, Membership
from portal.extensions import db
from portal.teams import services
from portal.teams.forms import InviteForm, MemberForm
from portal.teams.models import Invitation

bp = Blueprint("teams_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/team")


def _page(delegation: Delegation, invite_form: InviteForm | None = None) -> str:
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.delegation_id == delegation.id)
        .order_by(Membership.ended_on.is_not(None), Membership.role.desc(), Membership.started_on)
        .options(joinedload(Membership.user))
    ).all()
    invitations = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.delegation_id == delegation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at.desc())
    ).all()
    current = [m for m in memberships if m.ended_on is None]
    return render_template(
        "teams/manage/index.html",
        delegation=delegation,
        current=[(m, MemberForm(obj=m, prefix=f"m{m.id}", formdata=None)) for m in current],
        past=[m for m in memberships if m.ended_on is not None],
        invitations=[i for i in invitations if i.is_open],
        invite_form=invite_form or InviteForm(formdata=None),
    )


@bp.get("/")
@login_required
def index(slug: str) -> str:
    return _page(load_managed_delegation(slug))


@bp.post("/invite")
@login_required
def invite(slug: str) -> str | Response:
    delegation = load_managed_delegation(slug)
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(delegation, form)
    services.invite(
        delegation,
        email=form.email.data,
        role=form.role.data,
        title=form.title.data or "",
        by=current_user,
        locale=current_language(),
    )
    db.session.commit()
    flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("teams_manage.index", slug=slug))


def _membership(delegation: Delegation, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.delegation_id != delegation.id:
        abort(404)
    return membership


@bp.post("/members/<int:membership_id>")
@login_required
def update(slug: str, membership_id: int) -> Response:
    delegation = load_managed_delegation(slug)
    membership = _membership(delegation, membership_id)
    form = MemberForm(prefix=f"m{membership.id}")
    if form.validate_on_submit():
        try:
            services.update_member(
                membership,
                title=form.title.data or "",
                role=form.role.data,
                is_reviewer=form.is_reviewer.data,
                shown_publicly=form.shown_publicly.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The member's details are saved."), "success")
    else:
        flash(_("The member's details could not be saved."), "error")
    return redirect(url_for("teams_manage.index", slug=slug))


@bp.post("/members/<int:membership_id>/end")
@login_required
def end(slug: str, membership_id: int) -> Response:
    delegation = load_managed_delegation(slug)
    membership = _membership(delegation, membership_id)
    try:
        services.end_membership(membership)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The membership has ended; it stays in the team's history."), "success")
    return redirect(url_for("teams_manage.index", slug=slug))
