"""Volunteers apply, follow and withdraw their applications, and download their CV."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from portal.applications import services
from portal.applications.forms import (
    AVAILABILITY_MAX,
    MOTIVATION_MAX,
    MOTIVATION_MIN,
    ApplicationForm,
    application_form_for,
)
from portal.applications.models import Application
from portal.applications.rules import can_download_cv, can_withdraw, is_owner
from portal.core.audit import record
from portal.core.db import load_page
from portal.core.domain import DomainError
from portal.core.i18n import current_language
from portal.core.pagination import requested_page, require_items
from portal.core.permissions import require
from portal.core.uploads import check_cv, document_bytes, download_response
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.openings.models import Opening, OpeningQuestion
from portal.openings.queries import public_opening_by_slug

bp = Blueprint("applications", __name__, url_prefix="/<lang:lang_code>")


def _load_role(slug: str) -> Opening:
    opening = public_opening_by_slug(slug)
    if opening is None:
        abort(404)
    return opening


def _prefill(form: ApplicationForm, application: Application) -> None:
    form.motivation.data = application.motivation
    form.availability.data = application.availability
    spoken = list(application.spoken_levels.items())
    for index, row in enumerate(form.languages):
        language, level = spoken[index] if index < len(spoken) else ("", "")
        row.form.language.data, row.form.level.data = language, level
    for question, name in form.question_fields:
        getattr(form, name).data = application.answers.get(str(question.id))


def _render(
    opening: Opening, form: ApplicationForm, application: Application | None, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "applications/apply.html",
        opening=opening,
        form=form,
        application=application,
        limits={
            "motivation_min": MOTIVATION_MIN,
            "motivation_max": MOTIVATION_MAX,
            "availability_max": AVAILABILITY_MAX,
        },
        retention_months=current_app.config["RETENTION_MONTHS"],
    ), status


@bp.route("/roles/<slug>/apply", methods=["GET", "POST"])
@login_required
def apply(slug: str) -> tuple[str, int] | Response:
    opening = _load_role(slug)
    application = services.find_application(opening, current_user)
    if application is not None and application.status != "draft":
        flash(_("You have already applied for this role."), "info")
        return redirect(url_for("applications.mine_detail", application_id=application.id))
    form = application_form_for(opening, current_language())
    if request.method == "GET":
        if not opening.accepts_applications():
            flash(_("This volunteer role no longer takes applications."), "error")
            return redirect(url_for("openings.detail", slug=slug))
        if application is not None:
            _prefill(form, application)
        return _render(opening, form, application)
    if not form.validate_on_submit():
        return _render(opening, form, application)

    cv = None
    if form.cv.data and form.cv.data.filename:
        try:
            cv = check_cv(form.cv.data)
        except DomainError as error:
            form.cv.errors = [*form.cv.errors, str(error.message)]
            return _render(opening, form, application)

    submitting = bool(form.submit_application.data)
    has_cv = cv is not None or (application is not None and application.cv_id is not None)
    if submitting and not opening.accepts_applications():
        flash(_("This volunteer role no longer takes applications."), "error")
        return _render(opening, form, application)
    if submitting and not current_user.is_confirmed:
        form.consent.errors = [
            *form.consent.errors,
            _(
                "Confirm your e-mail address before you apply: follow the link "
                "we sent you, or ask for a new one on your account page."
            ),
        ]
        return _render(opening, form, application)
    complete = form.check_complete(has_cv=has_cv) if submitting else True

    try:
        application = services.save_draft(
            application,
            opening=opening,
            user=current_user,
            motivation=form.motivation.data or "",
            availability=form.availability.data or "",
            languages=form.spoken,
            answers=form.answers,
            cv=cv,
        )
        if submitting and complete:
            services.submit(application, user=current_user, opening=opening)
        db.session.commit()
    except (IntegrityError, DomainError) as error:
        db.session.rollback()
        message = (
            str(error.message)
            if isinstance(error, DomainError)
            else _("You have already applied for this role.")
        )
        flash(message, "error")
        existing = services.find_application(opening, current_user)
        if existing is not None and existing.status != "draft":
            return redirect(url_for("applications.mine_detail", application_id=existing.id))
        return _render(opening, form, existing)

    if submitting and complete:
        flash(_("Your application is sent. We have e-mailed you a confirmation."), "success")
        return redirect(url_for("applications.mine_detail", application_id=application.id))
    if submitting:
        flash(
            _("Your draft is saved. A few things are still needed before you can submit it."),
            "warning",
        )
        return _render(opening, form, application)
    flash(_("Your draft is saved. You can come back and submit it later."), "success")
    return redirect(url_for("applications.apply", slug=slug))


@bp.get("/account/applications/")
@login_required
def mine() -> str:
    statement = (
        select(Application)
        .where(Application.user_id == current_user.id)
        .order_by(Application.created_at.desc(), Application.id.desc())
        .options(
            selectinload(Application.opening).selectinload(Opening.translations),
            selectinload(Application.opening)
            .selectinload(Opening.delegation)
            .selectinload(Delegation.translations),
            selectinload(Application.cv),
        )
    )
    page = require_items(load_page(statement, number=requested_page(), per_page=20))
    return render_template("applications/mine.html", page=page)


def _own_application(application_id: int) -> Application:
    application = db.session.scalars(
        select(Application)
        .where(Application.id == application_id)
        .options(
            selectinload(Application.opening).selectinload(Opening.translations),
            selectinload(Application.opening).selectinload(Opening.languages),
            selectinload(Application.opening)
            .selectinload(Opening.questions)
            .selectinload(OpeningQuestion.translations),
            selectinload(Application.languages),
            selectinload(Application.history),
            selectinload(Application.cv),
        )
    ).first()
    require(application is not None and is_owner(current_user, application))
    assert application is not None
    return application


@bp.get("/account/applications/<int:application_id>")
@login_required
def mine_detail(application_id: int) -> str:
    application = _own_application(application_id)
    return render_template(
        "applications/mine_detail.html",
        application=application,
        can_withdraw=can_withdraw(current_user, application),
    )


@bp.post("/account/applications/<int:application_id>/withdraw")
@login_required
def withdraw(application_id: int) -> Response:
    application = _own_application(application_id)
    try:
        services.withdraw(application, user=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("Your application is withdrawn."), "success")
    return redirect(url_for("applications.mine_detail", application_id=application.id))


@bp.get("/applications/<int:application_id>/cv")
@login_required
def download_cv(application_id: int) -> Response:
    application = db.session.scalars(
        select(Application)
        .where(Application.id == application_id)
        .options(selectinload(Application.opening), selectinload(Application.cv))
    ).first()
    require(
        application is not None
        and application.cv is not None
        and can_download_cv(current_user, application)
    )
    assert application is not None and application.cv is not None
    record(
        "document.downloaded",
        actor=current_user,
        subject=application.cv,
        application_id=application.id,
    )
    db.session.commit()
    return download_response(application.cv, document_bytes(application.cv))
