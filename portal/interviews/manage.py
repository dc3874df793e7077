"""The lead's interviews: /<lang>/manage/<delegation>/interviews/ — offer times for a
role, see who booked what (all, or those one attends), withdraw a time, record how an
interview went."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.core.clock import utcnow
from portal.core.confirm import confirmation_page, confirmed
from portal.core.domain import DomainError, refuse
from portal.core.forms import select_choices
from portal.core.templating import zoned_time
from portal.delegations.access import managed_delegation, reviewed_delegation
from portal.delegations.models import Delegation
from portal.delegations.queries import reviewers
from portal.delegations.rules import can_manage_delegation
from portal.extensions import db
from portal.interviews import queries, services
from portal.interviews.forms import OfferSlotsForm, OutcomeForm, parse_times
from portal.openings.queries import listed_openings

bp = Blueprint(
    "interviews_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/interviews"
)


def _offer_form(delegation: Delegation, form: OfferSlotsForm | None = None) -> OfferSlotsForm:
    form = form or OfferSlotsForm(formdata=None)
    form.opening.choices = select_choices(
        (role.id, role.translated("title")) for role in listed_openings(delegation.id)
    )
    form.interviewers.choices = select_choices(
        (person.id, person.name) for person in reviewers(delegation.id)
    )
    if form.interviewers.data is None and not form.is_submitted():
        form.interviewers.data = [current_user.id]
    return form


def _page(delegation: Delegation, form: OfferSlotsForm | None = None) -> str:
    mine = request.args.get("view") == "mine"
    slots = queries.delegation_slots(
        delegation.id, interviewer_id=current_user.id if mine else None
    )
    now = utcnow()
    is_lead = can_manage_delegation(current_user, delegation.id)
    return render_template(
        "interviews/manage/index.html",
        delegation=delegation,
        mine=mine,
        booked=[s for s in slots if s.application_id and s.starts_at >= now],
        to_record=[s for s in slots if s.application_id and s.starts_at < now],
        free=[s for s in slots if not s.application_id and s.starts_at >= now],
        is_lead=is_lead,
        form=_offer_form(delegation, form) if is_lead else None,
        action_form=OutcomeForm(),
    )


@bp.get("/")
@login_required
def index(slug: str) -> str:
    return _page(reviewed_delegation(slug))


@bp.post("/offer")
@login_required
def offer(slug: str) -> str | Response:
    delegation = managed_delegation(slug)
    form = _offer_form(delegation, OfferSlotsForm())
    if not form.validate_on_submit():
        return _page(delegation, form)
    opening = next(r for r in listed_openings(delegation.id) if r.id == form.opening.data)
    try:
        slots = services.offer_slots(
            opening,
            day=form.day.data,
            times=parse_times(form.times.data),
            duration=cast(int, form.duration.data),
            location=form.location.data or "",
            video_url=form.video_url.data or "",
            interviewer_ids=form.interviewers.data or [],
            by=current_user,
        )
    except DomainError as error:
        refuse(error, form, default=form.times)
        return _page(delegation, form)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d interview time is offered to the applicants of this role.",
            "%(num)d interview times are offered to the applicants of this role.",
            len(slots),
        ),
        "success",
    )
    return redirect(url_for("interviews_manage.index", slug=slug))


@bp.post("/<int:slot_id>/withdraw")
@login_required
def withdraw(slug: str, slot_id: int) -> str | Response:
    delegation = managed_delegation(slug)
    slot = queries.delegation_slot_or_404(delegation.id, slot_id)
    if not OutcomeForm().validate_on_submit():
        return redirect(url_for("interviews_manage.index", slug=slug))
    if not confirmed():
        who = slot.application.user if slot.application else None
        return confirmation_page(
            title=_(
                "Withdraw the time of %(when)s?",
                when=zoned_time(slot.starts_at, delegation.timezone),
            ),
            consequence=_(
                "%(name)s booked it: they and the interviewers are told, and their calendars "
                "drop it. %(name)s can then choose another time.",
                name=who.name,
            )
            if who
            else _("Nobody booked it; applicants will no longer see it."),
            action=_("Withdraw this time"),
            back=url_for("interviews_manage.index", slug=slug),
            danger=who is not None,
        )
    try:
        services.withdraw_slot(slot, by=current_user)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(_("The time is withdrawn."), "success")
    return redirect(url_for("interviews_manage.index", slug=slug))


@bp.post("/<int:slot_id>/outcome")
@login_required
def outcome(slug: str, slot_id: int) -> Response:
    delegation = reviewed_delegation(slug)
    slot = queries.delegation_slot_or_404(delegation.id, slot_id)
    if OutcomeForm().validate_on_submit():
        try:
            services.record_outcome(slot, request.form.get("outcome", ""), by=current_user)
        except DomainError as error:
            refuse(error)
        else:
            db.session.commit()
            flash(_("Noted."), "success")
    return redirect(url_for("interviews_manage.index", slug=slug))
