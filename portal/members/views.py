"""The members' space: /<lang>/members/ (the member's home across their delegations) and
/<lang>/members/<delegation>/... (onboarding, accreditations, sessions, announcements,
documents, the directory, the member's own choices). Current members and leads only:
another delegation's space, or any of its ids, is a 404."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from portal.accounts.rules import is_admin
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.confirm import confirmation_page, confirmed
from portal.core.db import writes
from portal.core.domain import DomainError, refuse
from portal.core.models import Document
from portal.core.pagination import requested_page, require_items
from portal.core.permissions import require
from portal.core.uploads import check_scan, document_bytes, download_response, uploads_per_account
from portal.core.validation import parse_id
from portal.delegations.models import Delegation, Membership
from portal.delegations.queries import load_delegation, workspace_delegations
from portal.delegations.rules import can_manage_delegation, current_memberships
from portal.extensions import db
from portal.members import queries, services
from portal.members.forms import AccreditationForm, AttendForm, PreferencesForm
from portal.members.models import Accreditation, AccreditationType
from portal.members.rules import (
    can_see_scan,
    can_use_space,
    needs_warning,
    validity,
    volunteering_open,
)

bp = Blueprint("members", __name__, url_prefix="/<lang:lang_code>/members")
PER_PAGE = 20
HOME_ANNOUNCEMENTS = 5


def space_delegation(slug: str) -> Delegation:
    """The delegation at `slug` if the person is a current member (or lead) of it, or
    an admin; 404 otherwise."""
    return load_delegation(slug, can_use_space)


def _own_membership(delegation: Delegation) -> Membership | None:
    """The person's current membership of the delegation (None for an admin visiting),
    from the memberships already loaded for the request's rights."""
    return next(
        (m for m in current_memberships(current_user) if m.delegation_id == delegation.id), None
    )


def _today() -> date:
    return utcnow().date()


@bp.get("/")
@login_required
def home() -> str:
    memberships = current_memberships(current_user)
    require(bool(memberships) or is_admin(current_user), hide=False)
    ids = [m.delegation_id for m in memberships]
    delegations = {d.id: d for d in workspace_delegations(set(ids))}
    today = _today()
    meetings = queries.upcoming_meetings(ids, today)
    return render_template(
        "members/home.html",
        memberships=sorted(
            memberships, key=lambda m: (delegations[m.delegation_id].sort_order, m.id)
        ),
        delegations=delegations,
        steps=queries.step_counts(ids),
        done=queries.progress(m.id for m in memberships),
        accreditations=queries.accreditations_of(current_user.id, ids),
        meetings=meetings,
        answers=queries.answers_of(current_user.id, (m.id for m in meetings)),
        announcements=queries.latest_announcements(ids, limit=HOME_ANNOUNCEMENTS),
        today=today,
        validity=validity,
        volunteering_open=volunteering_open,
    )


# Onboarding ------------------------------------------------------------------------------


@bp.get("/<slug>/onboarding")
@login_required
def onboarding(slug: str) -> str:
    delegation = space_delegation(slug)
    membership = _own_membership(delegation)
    return render_template(
        "members/onboarding.html",
        delegation=delegation,
        membership=membership,
        items=queries.checklist_items(delegation.id),
        ticks=queries.ticks(membership.id) if membership else {},
    )


@bp.post("/<slug>/onboarding/<int:step_id>")
@login_required
def tick(slug: str, step_id: int) -> BaseResponse:
    delegation = space_delegation(slug)
    membership = _own_membership(delegation)
    item = queries.checklist_item_or_404(delegation.id, step_id)
    require(membership is not None)
    assert membership is not None
    try:
        done = request.form.get("done") == "1"
        services.set_tick(membership, item, by=current_user, done=done)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(
            _("“%(step)s” is marked as done.", step=item.label_text())
            if done
            else _("“%(step)s” is no longer marked as done.", step=item.label_text()),
            "success",
        )
    return redirect(url_for("members.onboarding", slug=slug, _anchor=f"step-{item.id}"))


# Accreditations --------------------------------------------------------------------------


def _accreditations_page(
    delegation: Delegation, failed: tuple[int, AccreditationForm] | None = None
) -> str:
    kinds = queries.accreditation_types(delegation.id)
    held = {a.type_id: a for a in queries.accreditations_of(current_user.id, [delegation.id])}
    forms = {}
    for kind in kinds:
        if failed is not None and failed[0] == kind.id:
            forms[kind.id] = failed[1]
            continue
        current = held.get(kind.id)
        forms[kind.id] = AccreditationForm(
            formdata=None,
            prefix=f"t{kind.id}",
            obj=current,
            data=None if current else {"issuer": kind.issuer},
        )
    return render_template(
        "members/accreditations.html",
        delegation=delegation,
        kinds=kinds,
        held=held,
        forms=forms,
        today=_today(),
        validity=validity,
    )


@bp.get("/<slug>/accreditations")
@login_required
def accreditations(slug: str) -> str:
    return _accreditations_page(space_delegation(slug))


@bp.post("/<slug>/accreditations/<int:type_id>")
@login_required
@uploads_per_account
def save_accreditation(slug: str, type_id: int) -> str | BaseResponse:
    delegation = space_delegation(slug)
    kind = queries.accreditation_type_or_404(delegation.id, type_id)
    form = AccreditationForm(prefix=f"t{kind.id}")
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        return _accreditations_page(delegation, (kind.id, form))
    try:
        scan = _scan_of(form)
    except DomainError as error:
        refuse(error, form)
        return _accreditations_page(delegation, (kind.id, form))
    if not valid:
        return _accreditations_page(delegation, (kind.id, form))
    try:
        services.save_accreditation(current_user, kind, _accreditation_input(form, scan))
    except DomainError as error:
        refuse(error, form)
        return _accreditations_page(delegation, (kind.id, form))
    db.session.commit()
    flash(_("Your accreditation is saved."), "success")
    return redirect(url_for("members.accreditations", slug=slug, _anchor=f"type-{kind.id}"))


def _scan_of(form: AccreditationForm) -> Document | None:
    """The scan chosen now (checked, and kept at once, so that a form that comes back to
    be corrected does not lose it), else the one kept from a previous try."""
    upload = form.scan.data
    if upload is not None and upload.filename:
        scan: Document | None = services.keep_upload(
            check_scan(upload), owner_id=current_user.id, kind="scan"
        )
        db.session.commit()
    else:
        scan = queries.kept_upload(
            parse_id(form.kept_scan.data), owner_id=current_user.id, kind="scan"
        )
    form.kept_scan.data = str(scan.id) if scan is not None else ""
    form.kept_name = scan.original_name if scan is not None else ""
    return scan


def _accreditation_input(
    form: AccreditationForm, scan: Document | None
) -> services.AccreditationInput:
    return services.AccreditationInput(
        number=form.number.data or "",
        issuer=form.issuer.data or "",
        valid_from=form.valid_from.data,
        valid_until=form.valid_until.data,
        scan=scan,
        remove_scan=bool(form.remove_scan.data),
    )


@bp.post("/<slug>/accreditations/<int:type_id>/delete")
@login_required
def delete_accreditation(slug: str, type_id: int) -> str | BaseResponse:
    delegation = space_delegation(slug)
    kind: AccreditationType = queries.accreditation_type_or_404(delegation.id, type_id)
    held = {a.type_id: a for a in queries.accreditations_of(current_user.id, [delegation.id])}
    accreditation = held.get(kind.id)
    if accreditation is None:
        return redirect(url_for("members.accreditations", slug=slug))
    if not confirmed():
        return confirmation_page(
            title=_("Delete your %(kind)s?", kind=kind.label_text()),
            consequence=_(
                "Its dates, number and scan are deleted; the leads no longer see it. "
                "This cannot be undone."
            ),
            action=_("Delete it"),
            back=url_for("members.accreditations", slug=slug),
        )
    services.delete_accreditation(accreditation)
    db.session.commit()
    flash(_("Your accreditation is deleted."), "success")
    return redirect(url_for("members.accreditations", slug=slug))


@bp.get("/<slug>/accreditations/<int:accreditation_id>/scan")
@writes  # a lead's download is recorded in the audit trail
@login_required
def scan(slug: str, accreditation_id: int) -> Response:
    delegation = space_delegation(slug)
    accreditation: Accreditation = queries.accreditation_or_404(delegation.id, accreditation_id)
    require(
        accreditation.scan is not None and can_see_scan(current_user, accreditation, delegation.id)
    )
    assert accreditation.scan is not None
    if accreditation.user_id != current_user.id:
        record(
            "document.downloaded",
            subject=accreditation.scan,
            delegation_id=delegation.id,
            accreditation_id=accreditation.id,
            user_id=accreditation.user_id,
        )
    db.session.commit()
    return download_response(accreditation.scan, document_bytes(accreditation.scan))


# Sessions --------------------------------------------------------------------------------


@bp.get("/<slug>/sessions/")
@login_required
def sessions(slug: str) -> str:
    delegation = space_delegation(slug)
    today = _today()
    upcoming = queries.upcoming_meetings([delegation.id], today)
    past = require_items(
        queries.past_meetings(delegation.id, today, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template(
        "members/sessions.html",
        delegation=delegation,
        upcoming=upcoming,
        past=past,
        answers=queries.answers_of(current_user.id, [m.id for m in [*upcoming, *past.items]]),
        today=today,
        volunteering_open=volunteering_open,
    )


def _session_page(delegation: Delegation, meeting_id: int, form: AttendForm | None = None) -> str:
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    answer = queries.volunteer_row(meeting.id, current_user.id)
    today = _today()
    accreditation = None
    if meeting.accreditation_type_id is not None:
        accreditation = queries.holders(meeting.accreditation_type_id, [current_user.id]).get(
            current_user.id
        )
    return render_template(
        "members/session.html",
        delegation=delegation,
        meeting=meeting,
        answer=answer,
        representatives=queries.designated(meeting.id),
        accreditation=accreditation,
        # The session asks for an accreditation this member's will not cover (rules.covers).
        not_covered=needs_warning(meeting, accreditation),
        form=form or AttendForm(formdata=None, obj=answer),
        today=today,
        can_volunteer=volunteering_open(meeting, today) and _own_membership(delegation) is not None,
    )


@bp.get("/<slug>/sessions/<int:meeting_id>")
@login_required
def session(slug: str, meeting_id: int) -> str:
    return _session_page(space_delegation(slug), meeting_id)


@bp.post("/<slug>/sessions/<int:meeting_id>/attend")
@login_required
def attend(slug: str, meeting_id: int) -> str | BaseResponse:
    delegation = space_delegation(slug)
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    require(_own_membership(delegation) is not None)
    form = AttendForm()
    if not form.validate_on_submit():
        return _session_page(delegation, meeting.id, form)
    try:
        services.offer_to_attend(meeting, current_user, note=form.note.data or "")
    except DomainError as error:
        refuse(error, form)
        return _session_page(delegation, meeting.id, form)
    db.session.commit()
    flash(_("Thank you: the leads know you can attend."), "success")
    return redirect(url_for("members.session", slug=slug, meeting_id=meeting.id))


@bp.post("/<slug>/sessions/<int:meeting_id>/withdraw")
@login_required
def withdraw(slug: str, meeting_id: int) -> str | BaseResponse:
    delegation = space_delegation(slug)
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    answer = queries.volunteer_row(meeting.id, current_user.id)
    back = url_for("members.session", slug=slug, meeting_id=meeting.id)
    if answer is not None and answer.designated_at is not None and not confirmed():
        return confirmation_page(
            title=_("Withdraw as a representative?"),
            consequence=_(
                "You are designated to represent the delegation. The leads are told at "
                "once, and the session leaves your calendar; a lead may have to find "
                "someone else."
            ),
            action=_("I can no longer attend"),
            back=back,
        )
    try:
        was_designated = services.withdraw_offer(meeting, current_user)
    except DomainError as error:
        refuse(error)
        return redirect(back)
    db.session.commit()
    flash(
        _("You are no longer a representative; the leads are told.")
        if was_designated
        else _("Your offer to attend is withdrawn."),
        "success",
    )
    return redirect(back)


@bp.get("/<slug>/sessions/<int:meeting_id>/invitation.ics")
@login_required
def invitation(slug: str, meeting_id: int) -> Response:
    delegation = space_delegation(slug)
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    answer = queries.volunteer_row(meeting.id, current_user.id)
    require(answer is not None and answer.designated_at is not None)
    text = services.invitation_text(meeting, current_user)
    response = Response(text, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="session-{meeting.id}.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# Announcements, documents, directory -----------------------------------------------------


@bp.get("/<slug>/announcements/")
@login_required
def announcements(slug: str) -> str:
    delegation = space_delegation(slug)
    page = require_items(
        queries.announcements_page(delegation.id, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template("members/announcements.html", delegation=delegation, page=page)


@bp.get("/<slug>/announcements/<int:announcement_id>")
@login_required
def announcement(slug: str, announcement_id: int) -> str:
    delegation = space_delegation(slug)
    return render_template(
        "members/announcement.html",
        delegation=delegation,
        announcement=queries.announcement_or_404(delegation.id, announcement_id),
    )


@bp.get("/<slug>/documents/")
@login_required
def documents(slug: str) -> str:
    delegation = space_delegation(slug)
    page = require_items(
        queries.documents_page(delegation.id, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template("members/documents.html", delegation=delegation, page=page)


@bp.get("/<slug>/documents/<int:item_id>")
@login_required
def document(slug: str, item_id: int) -> Response:
    delegation = space_delegation(slug)
    item = queries.document_or_404(delegation.id, item_id)
    return download_response(item.document, document_bytes(item.document))


@bp.get("/<slug>/directory")
@login_required
def directory(slug: str) -> str:
    delegation = space_delegation(slug)
    page = require_items(
        queries.team_page(delegation.id, number=requested_page(), per_page=PER_PAGE * 2)
    )
    return render_template(
        "members/directory.html",
        delegation=delegation,
        page=page,
        profiles=queries.profiles_of(m.user_id for m in page.items),
        is_lead=can_manage_delegation(current_user, delegation.id),
    )


@bp.route("/<slug>/preferences", methods=["GET", "POST"])
@login_required
def preferences(slug: str) -> str | BaseResponse:
    delegation = space_delegation(slug)
    membership = _own_membership(delegation)
    require(membership is not None)
    assert membership is not None
    form = PreferencesForm(obj=membership)
    if form.validate_on_submit():
        services.set_preferences(
            membership,
            shares_email=bool(form.shares_email.data),
            shares_phone=bool(form.shares_phone.data),
            notify=form.notify.data,
        )
        db.session.commit()
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("members.preferences", slug=slug))
    return render_template(
        "members/preferences.html", delegation=delegation, membership=membership, form=form
    )
