"""Leads publish volunteer roles: /<lang>/manage/<delegation>/roles/."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from portal.applications.models import Application
from portal.core.domain import DomainError
from portal.delegations.manage import load_managed_delegation
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.openings import services
from portal.openings.forms import LANGUAGE_ROWS, QUESTION_ROWS, OpeningForm
from portal.openings.models import Opening, OpeningQuestion

bp = Blueprint("openings_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/roles")


@bp.get("/")
@login_required
def index(slug: str) -> str:
    delegation = load_managed_delegation(slug)
    openings = db.session.scalars(
        select(Opening)
        .where(Opening.delegation_id == delegation.id)
        .order_by(Opening.created_at.desc(), Opening.id.desc())
        .options(selectinload(Opening.translations))
    ).all()
    counts = dict(
        db.session.execute(
            select(Application.opening_id, func.count(Application.id))
            .join(Opening, Opening.id == Application.opening_id)
            .where(Opening.delegation_id == delegation.id, Application.status != "draft")
            .group_by(Application.opening_id)
        ).all()
    )
    return render_template(
        "openings/manage/index.html", delegation=delegation, openings=openings, counts=counts
    )


def _form_input(form: OpeningForm) -> services.OpeningInput:
    texts = {}
    for locale in ("en", "fr"):
        sub = getattr(form, locale).form
        if (sub.title.data or "").strip():
            texts[locale] = {
                "title": sub.title.data,
                "summary": sub.summary.data or "",
                "description": sub.description.data or "",
            }
    languages = {
        row.form.language.data: row.form.min_level.data
        for row in form.languages
        if row.form.language.data and row.form.min_level.data
    }
    questions = []
    for row in form.questions:
        q = row.form
        prompts = {
            loc: getattr(q, f"prompt_{loc}").data.strip()
            for loc in ("en", "fr")
            if (getattr(q, f"prompt_{loc}").data or "").strip()
        }
        if not prompts:
            continue
        options = {
            loc: [
                o.strip()
                for o in (getattr(q, f"options_{loc}").data or "").splitlines()
                if o.strip()
            ]
            for loc in prompts
        }
        questions.append(
            services.QuestionInput(
                kind=q.kind.data, is_required=q.is_required.data, prompts=prompts, options=options
            )
        )
    return services.OpeningInput(
        texts=texts,
        location=form.location.data or "",
        is_remote=form.is_remote.data,
        commitment=form.commitment.data or "",
        starts_on=form.starts_on.data,
        closes_on=form.closes_on.data,
        places=form.places.data or 1,
        status=form.status.data,
        languages=languages,
        questions=questions,
    )


def _form_data(opening: Opening) -> dict[str, Any]:
    texts = {
        t.locale: {"title": t.title, "summary": t.summary, "description": t.description}
        for t in opening.translations
    }
    languages = [
        {"language": item.language, "min_level": item.min_level} for item in opening.languages
    ]
    questions = []
    for question in opening.questions:
        by_locale = {t.locale: t for t in question.translations}
        row: dict[str, Any] = {"kind": question.kind, "is_required": question.is_required}
        for locale in ("en", "fr"):
            text = by_locale.get(locale)
            row[f"prompt_{locale}"] = text.prompt if text else ""
            row[f"options_{locale}"] = text.options if text else ""
        questions.append(row)
    return {
        "en": texts.get("en", {}),
        "fr": texts.get("fr", {}),
        "location": opening.location,
        "is_remote": opening.is_remote,
        "commitment": opening.commitment,
        "starts_on": opening.starts_on,
        "closes_on": opening.closes_on,
        "places": opening.places,
        "status": opening.status,
        "languages": languages + [{}] * max(0, LANGUAGE_ROWS - len(languages)),
        "questions": questions + [{}] * max(0, QUESTION_ROWS - len(questions)),
    }


def _save(delegation: Delegation, opening: Opening, form: OpeningForm) -> bool:
    try:
        services.save_opening(opening, delegation, _form_input(form))
    except DomainError as error:
        db.session.rollback()
        target = {"closes_on": form.closes_on, "questions": form.questions[0].form.options_en}.get(
            error.field or "", form.en.form.title
        )
        target.errors = [*target.errors, str(error.message)]
        return False
    db.session.commit()
    return True


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new(slug: str) -> str | Response:
    delegation = load_managed_delegation(slug)
    form = OpeningForm()
    opening = Opening()
    if form.validate_on_submit() and _save(delegation, opening, form):
        flash(_("The volunteer role is saved."), "success")
        return redirect(url_for("openings_manage.index", slug=slug))
    return render_template(
        "openings/manage/form.html", form=form, delegation=delegation, opening=None
    )


def _load_opening(delegation: Delegation, opening_id: int) -> Opening:
    opening = db.session.scalars(
        select(Opening)
        .where(Opening.id == opening_id, Opening.delegation_id == delegation.id)
        .options(
            selectinload(Opening.translations),
            selectinload(Opening.languages),
            selectinload(Opening.questions).selectinload(OpeningQuestion.translations),
        )
    ).first()
    if opening is None:
        abort(404)
    return opening


@bp.route("/<int:opening_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, opening_id: int) -> str | Response:
    delegation = load_managed_delegation(slug)
    opening = _load_opening(delegation, opening_id)
    form = OpeningForm(data=_form_data(opening) if request.method == "GET" else None)
    if form.validate_on_submit() and _save(delegation, opening, form):
        flash(_("The volunteer role is saved."), "success")
        return redirect(url_for("openings_manage.index", slug=slug))
    return render_template(
        "openings/manage/form.html", form=form, delegation=delegation, opening=opening
    )
