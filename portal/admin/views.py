"""Admin area: /<lang>/admin/. Every route is for site admins only (403 otherwise)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.accounts import services as account_services
from portal.accounts.models import User
from portal.accounts.rules import is_admin
from portal.admin import queries, services
from portal.admin.audit_log import action_choices, describe, load_names, person_name
from portal.admin.forms import (
    AppointLeadForm,
    AuditFilterForm,
    DelegationForm,
    EraseUserForm,
    ReasonlessActionForm,
    ResetSecondFactorForm,
)
from portal.core.audit import record
from portal.core.clock import local_to_utc, utcnow
from portal.core.confirm import confirmation_page, confirmed
from portal.core.db import writes
from portal.core.domain import DomainError, refuse
from portal.core.enums import OutboxStatus
from portal.core.forms import select_choices, written_labels
from portal.core.i18n import current_language
from portal.core.models import OutboxEmail
from portal.core.pagination import requested_page, require_items
from portal.core.permissions import require
from portal.core.spreadsheets import spreadsheet_response
from portal.core.validation import parse_id, query_id
from portal.delegations.models import Delegation, Membership
from portal.delegations.queries import all_delegations
from portal.extensions import db
from portal.mfa.queries import enrolled_user_ids, factors_of
from portal.mfa.services import reset_second_factor as reset_second_factor_of
from portal.mfa.stepup import fresh_second_factor
from portal.privacy.erasure import erase_user as erase

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang_code>/admin")
PER_PAGE = 25
AUDIT_PER_PAGE = 50
AUDIT_EXPORT_LIMIT = 50_000


@bp.before_request
@login_required
def admins_only() -> None:
    require(is_admin(current_user), hide=False)


@bp.get("/")
def dashboard() -> str:
    return render_template(
        "admin/dashboard.html",
        counts=queries.dashboard_counts(),
        attention=queries.needs_attention(),
    )


# Delegations ------------------------------------------------------------------------


@bp.get("/delegations/")
def delegations() -> str:
    return render_template("admin/delegations.html", delegations=all_delegations())


def _save_delegation(delegation: Delegation, form: DelegationForm) -> bool:
    try:
        services.save_delegation(
            delegation,
            slug=form.slug.data,
            sort_order=form.sort_order.data or 0,
            is_active=form.is_active.data,
            timezone=form.timezone.data,
            contact_email=form.contact_email.data,
            texts=form.written_texts(),
        )
    except DomainError as error:
        refuse(error, form, default=form.slug)
        return False
    db.session.commit()
    return True


@bp.route("/delegations/new", methods=["GET", "POST"])
def new_delegation() -> str | Response:
    form = DelegationForm()
    if form.validate_on_submit() and _save_delegation(Delegation(), form):
        flash(_("The delegation is created."), "success")
        return redirect(url_for("admin.delegations"))
    return render_template("admin/delegation_form.html", form=form, delegation=None)


@bp.route("/delegations/<int:delegation_id>/edit", methods=["GET", "POST"])
def edit_delegation(delegation_id: int) -> str | Response:
    delegation = db.get_or_404(Delegation, delegation_id)
    form = DelegationForm(obj=delegation)
    if request.method == "GET":
        form.fill_texts(delegation.translations)
    if form.validate_on_submit() and _save_delegation(delegation, form):
        flash(_("The delegation is saved."), "success")
        return redirect(url_for("admin.delegations"))
    return render_template("admin/delegation_form.html", form=form, delegation=delegation)


# Users and leads ----------------------------------------------------------------------


@bp.get("/users/")
def users() -> str:
    query = (request.args.get("q") or "").strip()[:100]
    page = require_items(queries.users_page(query, number=requested_page(), per_page=PER_PAGE))
    return render_template(
        "admin/users.html",
        page=page,
        query=query,
        enrolled=enrolled_user_ids([person.id for person in page.items]),
    )


def _lead_form() -> AppointLeadForm:
    form = AppointLeadForm()
    form.delegation_id.choices = select_choices(
        (d.id, d.translated("name")) for d in all_delegations()
    )
    return form


def _user_page(
    user: User,
    lead_form: AppointLeadForm | None = None,
    erase_form: EraseUserForm | None = None,
    reset_form: ResetSecondFactorForm | None = None,
) -> str:
    return render_template(
        "admin/user.html",
        erase_form=erase_form or EraseUserForm(formdata=None),
        reset_form=reset_form or ResetSecondFactorForm(formdata=None),
        factors=factors_of(user),
        user=user,
        memberships=queries.memberships_of_user(user.id),
        sole_lead_of=queries.sole_lead_of(user.id),
        lead_form=lead_form or _lead_form(),
        action_form=ReasonlessActionForm(),
    )


@bp.get("/users/<int:user_id>")
def user(user_id: int) -> str:
    return _user_page(db.get_or_404(User, user_id))


@bp.post("/users/<int:user_id>/leads")
@fresh_second_factor
def appoint_lead(user_id: int) -> str | Response:
    person = db.get_or_404(User, user_id)
    form = _lead_form()
    if not form.validate_on_submit():
        return _user_page(person, form)
    delegation = db.get_or_404(Delegation, form.delegation_id.data)
    try:
        services.appoint_lead(person, delegation, titles=written_labels(form))
    except DomainError as error:
        refuse(error, form, default=form.delegation_id)
        return _user_page(person, form)
    db.session.commit()
    flash(_("%(name)s now leads this delegation.", name=person.name), "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/memberships/<int:membership_id>/end")
@fresh_second_factor
def remove_lead(user_id: int, membership_id: int) -> str | Response:
    membership = db.get_or_404(Membership, membership_id)
    require(membership.user_id == user_id)
    if not ReasonlessActionForm().validate_on_submit():
        return redirect(url_for("admin.user", user_id=user_id))
    if not confirmed():
        return confirmation_page(
            title=_("Remove %(name)s's lead role?", name=membership.user.name),
            consequence=_(
                "%(name)s will no longer lead the %(delegation)s delegation: they lose its "
                "workspace at once and stay in its team as a member, with their title.",
                name=membership.user.name,
                delegation=membership.delegation.translated("name"),
            ),
            action=_("Remove the lead role"),
            back=url_for("admin.user", user_id=user_id),
        )
    try:
        services.end_lead_role(membership)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(_("The lead role is removed; the person stays in the team as a member."), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int) -> str | Response:
    person = db.get_or_404(User, user_id)
    if not ReasonlessActionForm().validate_on_submit():
        return redirect(url_for("admin.user", user_id=person.id))
    activate = request.form.get("active") == "1"
    if person.id == current_user.id and not activate:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.user", user_id=person.id))
    if not activate and not confirmed():
        return confirmation_page(
            title=_("Deactivate %(name)s's account?", name=person.name),
            consequence=_(
                "%(name)s (%(email)s) will be signed out everywhere at once and unable to "
                "sign in until the account is reactivated.",
                name=person.name,
                email=person.email,
            ),
            action=_("Deactivate the account"),
            back=url_for("admin.user", user_id=person.id),
        )
    account_services.set_active(person, activate)
    record(
        "admin.account_reactivated" if activate else "admin.account_deactivated",
        actor=current_user,
        subject=person,
    )
    db.session.commit()
    flash(
        _("The account is active again.")
        if activate
        else _("The account is deactivated and signed out everywhere."),
        "success",
    )
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/second-factor/reset")
@fresh_second_factor
def reset_second_factor(user_id: int) -> str | Response:
    """After checking the person's identity (a call, a colleague who knows them): their
    factors go, their sessions end, and they enrol again at their next sign-in."""
    person = db.get_or_404(User, user_id)
    form = ResetSecondFactorForm()
    if person.id == current_user.id:
        flash(_("Manage your own second factor from your security page."), "error")
        return redirect(url_for("admin.user", user_id=person.id))
    if not form.validate_on_submit():
        return _user_page(person, reset_form=form)
    if not confirmed():
        return confirmation_page(
            title=_("Reset %(name)s's second factor?", name=person.name),
            consequence=_(
                "The authenticator app, passkeys and recovery codes of %(name)s (%(email)s) "
                "will stop working, they will be signed out everywhere, and they will be "
                "told by e-mail. They set up a second factor again at their next sign-in.",
                name=person.name,
                email=person.email,
            ),
            action=_("Reset the second factor"),
            back=url_for("admin.user", user_id=person.id),
        )
    reset_second_factor_of(person, by=current_user, reason=form.reason.data)
    db.session.commit()
    flash(_("The second factor of %(name)s is reset.", name=person.name), "success")
    return redirect(url_for("admin.user", user_id=person.id))


# Outbox -----------------------------------------------------------------------------


@bp.get("/outbox/")
def outbox() -> str:
    raw = request.args.get("status")
    status = next((s for s in OutboxStatus if s == raw), None)
    query = (request.args.get("q") or "").strip()[:100]
    grouped = request.args.get("all") != "1"
    page = require_items(
        queries.outbox_page(
            status, query, grouped=grouped, number=requested_page(), per_page=PER_PAGE
        )
    )
    return render_template(
        "admin/outbox.html",
        page=page,
        status=status,
        query=query,
        grouped=grouped,
        identical=queries.identical_counts(page.items) if grouped else {},
        statuses=list(OutboxStatus),
        action_form=ReasonlessActionForm(),
    )


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int) -> str:
    return render_template(
        "admin/outbox_message.html",
        message=db.get_or_404(OutboxEmail, message_id),
        action_form=ReasonlessActionForm(),
    )


@bp.post("/outbox/<int:message_id>/retry")
def retry_message(message_id: int) -> Response:
    message = db.get_or_404(OutboxEmail, message_id)
    if ReasonlessActionForm().validate_on_submit() and message.status == OutboxStatus.FAILED:
        message.status = OutboxStatus.PENDING
        message.attempts = 0
        message.next_attempt_at = utcnow()
        db.session.commit()
        flash(_("The message will be sent again."), "success")
    return redirect(url_for("admin.outbox_message", message_id=message.id))


# Personal data ------------------------------------------------------------------------


@bp.post("/users/<int:user_id>/erase")
@fresh_second_factor
def erase_user(user_id: int) -> str | Response:
    person = db.get_or_404(User, user_id)
    form = EraseUserForm()
    if person.id == current_user.id:
        flash(_("Delete your own account from your account page."), "error")
        return redirect(url_for("admin.user", user_id=person.id))
    if not form.validate_on_submit():
        return _user_page(person, erase_form=form)
    if not confirmed():
        consequence = _(
            "The personal data and documents of %(name)s (%(email)s) will be deleted for "
            "good; their applications stay as anonymous records. This cannot be undone.",
            name=person.name,
            email=person.email,
        )
        sole = queries.sole_lead_of(person.id)
        leaderless = [d.translated("name") for d in all_delegations() if d.id in sole]
        if leaderless:
            consequence += " " + _(
                "%(name)s is the only lead of %(delegations)s, which will have no lead until "
                "you appoint one.",
                name=person.name,
                delegations=", ".join(leaderless),
            )
        return confirmation_page(
            title=_("Erase %(name)s's data?", name=person.name),
            consequence=consequence,
            action=_("Erase this person's data"),
            back=url_for("admin.user", user_id=person.id),
        )
    erase(person, by=current_user, reason=form.reason.data)
    db.session.commit()
    flash(_("The person's personal data is erased."), "success")
    return redirect(url_for("admin.users"))


def _audit_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.action.choices = select_choices([("", _("All")), *action_choices(queries.audit_actions())])
    form.delegation.choices = select_choices(
        [("", _("All")), *((str(d.id), d.translated("name")) for d in all_delegations())]
    )
    return form


def _audit_filters(form: AuditFilterForm) -> queries.AuditFilters | None:
    """The filters the form asks for, or None when a value is wrong (shown beside it)."""
    if request.args and not form.validate():
        return None
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    person_id = query_id("person_id")
    people: tuple[int, ...] | None = None
    if person_id:
        people = (person_id,)
    elif form.person.data:
        people = queries.people_matching(form.person.data)

    def day_start(day: date | None) -> datetime | None:
        return local_to_utc(datetime.combine(day, time()), zone) if day else None

    return queries.AuditFilters(
        person_ids=people,
        action=form.action.data or "",
        delegation_id=parse_id(form.delegation.data),
        since=day_start(form.since.data),
        until=day_start(form.until.data + timedelta(days=1) if form.until.data else None),
    )


@bp.get("/audit/")
def audit() -> str:
    form = _audit_form()
    filters = _audit_filters(form)
    page = require_items(
        queries.audit_page(
            filters or queries.AuditFilters(person_ids=()),
            number=requested_page(),
            per_page=AUDIT_PER_PAGE,
        )
    )
    person_id = query_id("person_id")
    return render_template(
        "admin/audit.html",
        page=page,
        form=form,
        names=load_names(page.items),
        describe=describe,
        action_labels=dict(action_choices(())),
        person=db.session.get(User, person_id) if person_id else None,
    )


@bp.get("/audit/export.<any(csv, xlsx):file_format>")
@writes  # the export itself is recorded
def audit_export(file_format: str) -> Response | str:
    form = _audit_form()
    filters = _audit_filters(form)
    if filters is None:
        return audit()
    events = queries.audit_rows(filters, limit=AUDIT_EXPORT_LIMIT)
    record("audit.exported", count=len(events))
    db.session.commit()
    names = load_names(events)
    labels = dict(action_choices(()))
    headers = [
        _("When (UTC)"),
        _("Action"),
        _("What happened"),
        _("Who"),
        _("Who (id)"),
        _("Action code"),
        _("Object"),
        _("Object (id)"),
        _("Delegation (id)"),
        _("Address"),
        _("Details"),
    ]
    rows = (
        [
            event.created_at,
            labels.get(event.action, event.action),
            describe(event, names, links=False).striptags(),
            person_name(names, event.actor_id) if event.actor_id else "",
            event.actor_id,
            event.action,
            event.subject_type or "",
            event.subject_id,
            event.delegation_id,
            event.ip_address or "",
            json.dumps(event.details, ensure_ascii=False, sort_keys=True),
        ]
        for event in events
    )
    return spreadsheet_response(
        headers,
        rows,
        file_format=file_format,
        name=f"audit-{utcnow():%Y%m%d-%H%M}",
        sheet=_("Audit trail"),
        locale=current_language(),
    )
