"""Volunteers apply, follow and withdraw their applications, and download their CV."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.applications import queries, services
from portal.applications.enums import ApplicationStatus
from portal.applications.forms import (
    AVAILABILITY_MAX,
    MOTIVATION_MAX,
    MOTIVATION_MIN,
    ApplicationForm,
    ProfileForm,
    application_form_for,
)
from portal.applications.models import Application, VolunteerProfile
from portal.applications.rules import ApplyBlock, apply_block, can_download_cv, can_withdraw
from portal.core.audit import record
from portal.core.db import writes
from portal.core.domain import DomainError, refuse
from portal.core.i18n import current_language
from portal.core.pagination import requested_page, require_items
from portal.core.permissions import require
from portal.core.uploads import document_bytes, download_response, uploads_per_account
from portal.extensions import db
from portal.interviews.queries import booking_of, interview_events
from portal.openings.models import Opening
from portal.openings.queries import public_opening_or_404
from portal.reviews.queries import messages_sent_about

bp = Blueprint("applications", __name__, url_prefix="/<lang:lang_code>")


def _render(
    opening: Opening,
    form: ApplicationForm,
    application: Application | None,
    *,
    profile: VolunteerProfile | None,
    cv_kept: bool = False,
) -> str:
    return render_template(
        "applications/apply.html",
        opening=opening,
        form=form,
        application=application,
        cv_kept=cv_kept,
        profile=profile,
        limits={
            "motivation_min": MOTIVATION_MIN,
            "motivation_max": MOTIVATION_MAX,
            "availability_max": AVAILABILITY_MAX,
        },
        retention_months=current_app.config["RETENTION_MONTHS"],
    )


def _to_mine(application: Application) -> Response:
    return redirect(url_for("applications.mine_detail", application_id=application.id))


@bp.route("/roles/<slug>/apply", methods=["GET", "POST"])
@login_required
@uploads_per_account
def apply(slug: str) -> str | Response:
    opening = public_opening_or_404(slug)
    application = queries.find_application(opening.id, current_user.id)
    block = apply_block(current_user, opening, application)
    if block is ApplyBlock.ALREADY_APPLIED and application is not None:
        flash(_("You have already applied for this role."), "info")
        return _to_mine(application)
    if block is ApplyBlock.CLOSED and request.method == "GET":
        flash(_("This volunteer role no longer takes applications."), "error")
        return redirect(url_for("openings.detail", slug=slug))

    form = application_form_for(opening, current_language())
    profile = queries.profile_of(current_user.id)
    if request.method == "GET":
        if application is not None:
            form.fill_from(application)
        elif profile is not None:
            form.fill_from_profile(profile)
        return _render(opening, form, application, profile=profile)

    # Every problem at once: the field checks, and what submitting needs beyond a draft.
    valid = form.validate_on_submit()
    submitting = bool(form.submit_application.data)
    has_cv = (
        form.chosen_cv is not None
        or (application is not None and application.cv_id)
        or (profile is not None and profile.cv_id)
    )
    complete = not submitting or form.check_complete(has_cv=bool(has_cv))
    if not valid:
        return _keep_the_file(opening, form, application, profile)
    try:
        application = services.save_application(
            application,
            opening=opening,
            user=current_user,
            data=form.application_input(profile_cv=profile.cv if profile else None),
            submit=submitting and complete,
        )
    except DomainError as error:
        refuse(error, form)
        existing = queries.find_application(opening.id, current_user.id)
        if existing is not None and existing.status != ApplicationStatus.DRAFT:
            return _to_mine(existing)
        return _render(opening, form, existing, profile=profile)
    db.session.commit()

    if submitting and complete:
        flash(_("Your application is sent. We have e-mailed you a confirmation."), "success")
        return _to_mine(application)
    if submitting:
        flash(
            _("Your draft is saved. A few things are still needed before you can submit it."),
            "warning",
        )
        return _render(
            opening, form, application, profile=profile, cv_kept=form.chosen_cv is not None
        )
    flash(_("Your draft is saved. You can come back and submit it later."), "success")
    return redirect(url_for("applications.apply", slug=slug))


def _keep_the_file(
    opening: Opening,
    form: ApplicationForm,
    application: Application | None,
    profile: VolunteerProfile | None,
) -> str:
    """The form comes back to be corrected: a CV chosen in it is kept with the draft,
    so that the person does not have to choose it again."""
    if form.chosen_cv is None or form.csrf_token.errors or form.cv.errors:
        return _render(opening, form, application, profile=profile)
    try:
        application = services.keep_cv(
            application, opening=opening, user=current_user, upload=form.chosen_cv
        )
    except DomainError as error:
        refuse(error, form, default=form.cv)
        existing = queries.find_application(opening.id, current_user.id)
        return _render(opening, form, existing, profile=profile)
    db.session.commit()
    return _render(opening, form, application, profile=profile, cv_kept=True)


@bp.route("/account/volunteer-profile", methods=["GET", "POST"])
@login_required
@uploads_per_account
def profile() -> str | Response:
    """What a volunteer keeps once: each new application starts from it."""
    kept = queries.profile_of(current_user.id)
    form = ProfileForm()
    if request.method == "GET" and kept is not None:
        form.fill(kept)
    if form.validate_on_submit():
        try:
            services.save_profile(current_user, form.profile_input())
        except DomainError as error:
            refuse(error, form, default=form.cv)
        else:
            db.session.commit()
            flash(_("Your volunteer profile is saved."), "success")
            return redirect(url_for("applications.profile"))
    return render_template("applications/profile.html", form=form, profile=kept)


@bp.get("/account/applications/")
@login_required
def mine() -> str:
    page = require_items(
        queries.own_applications_page(current_user.id, number=requested_page(), per_page=20)
    )
    return render_template("applications/mine.html", page=page)


@bp.get("/account/applications/<int:application_id>")
@login_required
def mine_detail(application_id: int) -> str:
    application = queries.own_application_or_404(application_id, current_user.id)
    # Status changes, the delegation's messages and the interview, in one history.
    events: list[tuple[Any, str, Any]] = [
        (change.created_at, "change", change) for change in application.history
    ]
    events += [(m.updated_at, "message", m) for m in messages_sent_about(application.id)]
    events += [(e.created_at, "interview", e) for e in interview_events(application.id)]
    return render_template(
        "applications/mine_detail.html",
        application=application,
        timeline=sorted(events, key=lambda event: event[0]),
        can_withdraw=can_withdraw(current_user, application),
        booking=booking_of(application.id),
    )


@bp.get("/account/applications/<int:application_id>/withdraw")
@login_required
def confirm_withdraw(application_id: int) -> str | Response:
    """Withdrawing asks first, and says what it means."""
    application = queries.own_application_or_404(application_id, current_user.id)
    if not can_withdraw(current_user, application):
        return _to_mine(application)
    return render_template("applications/withdraw.html", application=application)


@bp.post("/account/applications/<int:application_id>/withdraw")
@login_required
def withdraw(application_id: int) -> Response:
    application = queries.own_application_or_404(application_id, current_user.id)
    try:
        services.withdraw(application, user=current_user)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(_("Your application is withdrawn."), "success")
    return _to_mine(application)


@bp.get("/applications/<int:application_id>/cv")
@writes  # the download is recorded in the audit trail
@login_required
def download_cv(application_id: int) -> Response:
    application = queries.application_with_cv_or_404(application_id)
    require(application.cv is not None and can_download_cv(current_user, application))
    assert application.cv is not None
    record(
        "document.downloaded",
        actor=current_user,
        subject=application.cv,
        delegation_id=application.delegation_id,
        application_id=application.id,
    )
    db.session.commit()
    return download_response(application.cv, document_bytes(application.cv))
