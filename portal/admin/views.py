"""Admin area: /<lang>/admin/. Every route is for site admins only (403 otherwise)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from portal.accounts import services as account_services
from portal.accounts.models import User
from portal.accounts.rules import is_admin
from portal.admin import services
from portal.admin.forms import AppointLeadForm, DelegationForm, ReasonlessActionForm
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.db import load_page
from portal.core.domain import DomainError
from portal.core.forms import select_choices
from portal.core.models import OutboxEmail
from portal.core.pagination import requested_page, require_items
from portal.core.permissions import require
from portal.delegations.models import Delegation, Membership
from portal.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang_code>/admin")
PER_PAGE = 25
OUTBOX_STATUSES = ("pending", "sent", "failed")


@bp.before_request
@login_required
def admins_only() -> None:
    require(is_admin(current_user), hide=False)


@bp.get("/")
def dashboard() -> str:
    counts = {
        "users": db.session.scalar(select(func.count(User.id))),
        "delegations": db.session.scalar(select(func.count(Delegation.id))),
        "pending_mail": db.session.scalar(
            select(func.count(OutboxEmail.id)).where(OutboxEmail.status == "pending")
        ),
        "failed_mail": db.session.scalar(
            select(func.count(OutboxEmail.id)).where(OutboxEmail.status == "failed")
        ),
    }
    return render_template("admin/dashboard.html", counts=counts)


# Delegations ------------------------------------------------------------------------


@bp.get("/delegations/")
def delegations() -> str:
    items = db.session.scalars(
        select(Delegation)
        .order_by(Delegation.sort_order, Delegation.id)
        .options(selectinload(Delegation.translations))
    ).all()
    return render_template("admin/delegations.html", delegations=items)


def _delegation_texts(form: DelegationForm) -> dict[str, dict[str, str] | None]:
    texts: dict[str, dict[str, str] | None] = {}
    for locale in ("en", "fr"):
        sub = getattr(form, locale).form
        texts[locale] = sub.data if sub.is_filled else None
    return texts


def _save_delegation(delegation: Delegation, form: DelegationForm) -> bool:
    try:
        services.save_delegation(
            delegation,
            slug=form.slug.data,
            sort_order=form.sort_order.data or 0,
            is_active=form.is_active.data,
            timezone=form.timezone.data,
            texts=_delegation_texts(form),
        )
    except DomainError as error:
        db.session.rollback()
        form.slug.errors = [*form.slug.errors, str(error.message)]
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
        by_locale = {t.locale: t for t in delegation.translations}
        for locale in ("en", "fr"):
            if locale in by_locale:
                getattr(form, locale).form.process(obj=by_locale[locale])
    if form.validate_on_submit() and _save_delegation(delegation, form):
        flash(_("The delegation is saved."), "success")
        return redirect(url_for("admin.delegations"))
    return render_template("admin/delegation_form.html", form=form, delegation=delegation)


# Users and leads ----------------------------------------------------------------------


@bp.get("/users/")
def users() -> str:
    query = (request.args.get("q") or "").strip()[:100]
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(
            or_(func.lower(User.email).like(pattern), func.lower(User.name).like(pattern))
        )
    page = require_items(load_page(statement, number=requested_page(), per_page=PER_PAGE))
    return render_template("admin/users.html", page=page, query=query)


def _lead_form() -> AppointLeadForm:
    form = AppointLeadForm()
    form.delegation_id.choices = select_choices(
        (d.id, (d.localized().name if d.localized() else d.slug))
        for d in db.session.scalars(
            select(Delegation)
            .order_by(Delegation.sort_order, Delegation.id)
            .options(selectinload(Delegation.translations))
        )
    )
    return form


def _user_page(
    user: User, lead_form: AppointLeadForm | None = None, erase_form: object = None
) -> str:
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id)
        .order_by(Membership.ended_on.is_not(None), Membership.started_on.desc())
        .options(selectinload(Membership.delegation).selectinload(Delegation.translations))
    ).all()
    return render_template(
        "admin/user.html",
        erase_form=erase_form or _erase_form(),
        user=user,
        memberships=memberships,
        lead_form=lead_form or _lead_form(),
        action_form=ReasonlessActionForm(),
    )


def _erase_form() -> object:
    from portal.privacy.forms import EraseUserForm

    return EraseUserForm(formdata=None)


@bp.get("/users/<int:user_id>")
def user(user_id: int) -> str:
    return _user_page(db.get_or_404(User, user_id))


@bp.post("/users/<int:user_id>/leads")
def appoint_lead(user_id: int) -> str | Response:
    person = db.get_or_404(User, user_id)
    form = _lead_form()
    if not form.validate_on_submit():
        return _user_page(person, form)
    delegation = db.get_or_404(Delegation, form.delegation_id.data)
    try:
        services.appoint_lead(person, delegation, title=form.title.data or "")
    except DomainError as error:
        db.session.rollback()
        form.delegation_id.errors = [str(error.message)]
        return _user_page(person, form)
    db.session.commit()
    flash(_("%(name)s now leads this delegation.", name=person.name), "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/users/<int:user_id>/memberships/<int:membership_id>/end")
def remove_lead(user_id: int, membership_id: int) -> Response:
    membership = db.get_or_404(Membership, membership_id)
    require(membership.user_id == user_id)
    if ReasonlessActionForm().validate_on_submit():
        try:
            services.end_lead_role(membership)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The lead role has ended; it stays in the history."), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int) -> Response:
    person = db.get_or_404(User, user_id)
    if ReasonlessActionForm().validate_on_submit():
        activate = request.form.get("active") == "1"
        if person.id == current_user.id and not activate:
            flash(_("You cannot deactivate your own account."), "error")
        else:
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


# Outbox -----------------------------------------------------------------------------


@bp.get("/outbox/")
def outbox() -> str:
    status = request.args.get("status")
    statement = select(OutboxEmail).order_by(OutboxEmail.id.desc())
    if status in OUTBOX_STATUSES:
        statement = statement.where(OutboxEmail.status == status)
    page = require_items(load_page(statement, number=requested_page(), per_page=PER_PAGE))
    return render_template(
        "admin/outbox.html",
        page=page,
        status=status,
        statuses=OUTBOX_STATUSES,
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
    if ReasonlessActionForm().validate_on_submit() and message.status == "failed":
        message.status = "pending"
        message.attempts = 0
        message.next_attempt_at = utcnow()
        db.session.commit()
        flash(_("The message will be sent again."), "success")
    return redirect(url_for("admin.outbox_message", message_id=message.id))


# Personal data ------------------------------------------------------------------------


@bp.post("/users/<int:user_id>/erase")
def erase_user(user_id: int) -> str | Response:
    from portal.privacy.erasure import erase_user as erase
    from portal.privacy.forms import EraseUserForm

    person = db.get_or_404(User, user_id)
    form = EraseUserForm()
    if person.id == current_user.id:
        flash(_("Delete your own account from your account page."), "error")
        return redirect(url_for("admin.user", user_id=person.id))
    if not form.validate_on_submit():
        return _user_page(person, erase_form=form)
    erase(person, by=current_user, reason=form.reason.data)
    db.session.commit()
    flash(_("The person's personal data is erased."), "success")
    return redirect(url_for("admin.users"))


@bp.get("/audit/")
def audit() -> str:
    from portal.core.models import AuditEvent

    action = (request.args.get("action") or "").strip()[:60]
    actor = request.args.get("actor", type=int)
    statement = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if action:
        statement = statement.where(AuditEvent.action.startswith(action))
    if actor:
        statement = statement.where(AuditEvent.actor_id == actor)
    page = require_items(load_page(statement, number=requested_page(), per_page=50))
    actor_ids = {event.actor_id for event in page.items if event.actor_id}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    return render_template(
        "admin/audit.html",
        page=page,
        actors=actors,
        action=action,
        actor=actor,
        actions=list(actions),
    )
