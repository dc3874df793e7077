"""The team page of a delegation: /<lang>/manage/<delegation>/team/.

The page is a table of the current members (filters, one page of 50), the invitations
in every state, and the past members; each member has an edit page of their own.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.core.confirm import confirmation_page, confirmed
from portal.core.domain import DomainError, refuse
from portal.core.forms import label_data, written_labels
from portal.core.i18n import current_language
from portal.core.pagination import requested_page, require_items
from portal.delegations.access import managed_delegation
from portal.delegations.enums import Listing, MembershipRole
from portal.delegations.models import Delegation, Membership
from portal.extensions import db
from portal.teams import queries, services
from portal.teams.forms import InviteForm, MemberForm
from portal.teams.models import Invitation

bp = Blueprint("teams_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/team")
PER_PAGE = 50
INVITATIONS_SHOWN = 20
PAST_SHOWN = 50


def _filters() -> queries.TeamFilters:
    args = request.args
    role = args.get("role")
    return queries.TeamFilters(
        query=(args.get("q") or "").strip()[:100],
        role=role if role in MembershipRole.__members__.values() else None,
        reviewer={"yes": True, "no": False}.get(args.get("reviewer") or ""),
        listing=args.get("listing") or None,
    )


def _page(delegation: Delegation, invite_form: InviteForm | None = None) -> str:
    filters = _filters()
    page = require_items(
        queries.current_team(delegation.id, filters, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template(
        "teams/manage/index.html",
        delegation=delegation,
        page=page,
        filters=filters,
        roles=list(MembershipRole),
        listings=list(Listing),
        past=queries.past_members(delegation.id, limit=PAST_SHOWN),
        invitations=queries.recent_invitations(delegation.id, limit=INVITATIONS_SHOWN),
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


def _invitation(slug: str, invitation_id: int) -> tuple[Delegation, Invitation]:
    delegation = managed_delegation(slug)
    return delegation, queries.delegation_invitation_or_404(delegation.id, invitation_id)


@bp.post("/invitations/<int:invitation_id>/cancel")
@login_required
def cancel_invitation(slug: str, invitation_id: int) -> Response:
    _delegation, invitation = _invitation(slug, invitation_id)
    try:
        services.cancel_invitation(invitation)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(
            _(
                "The invitation to %(email)s is cancelled: its link no longer works.",
                email=invitation.email,
            ),
            "success",
        )
    return redirect(url_for("teams_manage.index", slug=slug, _anchor="invitations-heading"))


@bp.post("/invitations/<int:invitation_id>/resend")
@login_required
def resend_invitation(slug: str, invitation_id: int) -> Response:
    delegation, invitation = _invitation(slug, invitation_id)
    try:
        services.resend_invitation(
            invitation, delegation, by=current_user, locale=current_language()
        )
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(_("The invitation is sent again to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("teams_manage.index", slug=slug, _anchor="invitations-heading"))


def _member(slug: str, membership_id: int) -> tuple[Delegation, Membership]:
    delegation = managed_delegation(slug)
    return delegation, queries.delegation_membership_or_404(delegation.id, membership_id)


@bp.route("/members/<int:membership_id>", methods=["GET", "POST"])
@login_required
def member(slug: str, membership_id: int) -> str | Response:
    delegation, membership = _member(slug, membership_id)
    form = MemberForm(obj=membership, data=label_data(membership.titles))
    if membership.ended_on is None and form.validate_on_submit():
        try:
            services.update_member(
                membership,
                titles=written_labels(form),
                role=form.role.data,
                is_reviewer=form.is_reviewer.data,
                hidden_by_lead=form.hidden_by_lead.data,
                term_ends_on=form.term_ends_on.data,
            )
        except DomainError as error:
            refuse(error, form, default=form.role)
        else:
            db.session.commit()
            flash(_("%(name)s's details are saved.", name=membership.user.name), "success")
            return redirect(url_for("teams_manage.index", slug=slug))
    return render_template(
        "teams/manage/member.html", delegation=delegation, membership=membership, form=form
    )


@bp.post("/members/<int:membership_id>/end")
@login_required
def end(slug: str, membership_id: int) -> str | Response:
    _delegation, membership = _member(slug, membership_id)
    back = url_for("teams_manage.member", slug=slug, membership_id=membership.id)
    if not confirmed():
        return confirmation_page(
            title=_("End %(name)s's membership?", name=membership.user.name),
            consequence=_(
                "%(name)s leaves the team today: they lose the team's pages and, if they "
                "review, the applications. The membership stays in the team's history.",
                name=membership.user.name,
            ),
            action=_("End the membership"),
            back=back,
        )
    try:
        services.end_membership(membership)
    except DomainError as error:
        refuse(error)
        return redirect(back)
    db.session.commit()
    flash(_("The membership has ended; it stays in the team's history."), "success")
    return redirect(url_for("teams_manage.index", slug=slug))
