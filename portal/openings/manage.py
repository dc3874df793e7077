"""Leads publish volunteer roles: /<lang>/manage/<delegation>/roles/."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from portal.applications.queries import sent_counts_by_opening
from portal.core.domain import DomainError, refuse
from portal.delegations.access import managed_delegation
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.openings import queries, services
from portal.openings.forms import LANGUAGE_ROWS, QUESTION_ROWS, OpeningForm
from portal.openings.models import Opening

bp = Blueprint("openings_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/roles")


@bp.get("/")
@login_required
def index(slug: str) -> str:
    delegation = managed_delegation(slug)
    return render_template(
        "openings/manage/index.html",
        delegation=delegation,
        openings=queries.delegation_openings(delegation.id),
        counts=sent_counts_by_opening(delegation.id),
    )


def _form_input(form: OpeningForm) -> services.OpeningInput:
    languages = {
        row.form.language.data: row.form.min_level.data
        for row in form.languages
        if row.form.language.data and row.form.min_level.data
    }
    questions = []
    for row in form.questions:
        texts = row.form.written_texts()
        if not texts:
            continue
        questions.append(
            services.QuestionInput(
                kind=row.form.kind.data,
                is_required=row.form.is_required.data,
                prompts={code: values["prompt"] for code, values in texts.items()},
                options={
                    code: [o.strip() for o in (values["options"] or "").splitlines() if o.strip()]
                    for code, values in texts.items()
                },
            )
        )
    return services.OpeningInput(
        texts=form.written_texts(),
        is_remote=form.is_remote.data,
        starts_on=form.starts_on.data,
        closes_on=form.closes_on.data,
        places=form.places.data or 1,
        status=form.status.data,
        languages=languages,
        questions=questions,
    )


def _form_for(opening: Opening) -> OpeningForm:
    languages = [
        {"language": item.language, "min_level": item.min_level} for item in opening.languages
    ]
    questions: list[dict[str, Any]] = [
        {
            "kind": question.kind,
            "is_required": question.is_required,
            **{t.locale: {"prompt": t.prompt, "options": t.options} for t in question.translations},
        }
        for question in opening.questions
    ]
    form = OpeningForm(
        formdata=None,
        data={
            "is_remote": opening.is_remote,
            "starts_on": opening.starts_on,
            "closes_on": opening.closes_on,
            "places": opening.places,
            "status": opening.status,
            "languages": languages + [{}] * max(0, LANGUAGE_ROWS - len(languages)),
            "questions": questions + [{}] * max(0, QUESTION_ROWS - len(questions)),
        },
    )
    form.fill_texts(opening.translations)
    return form


def _save(delegation: Delegation, opening: Opening, form: OpeningForm) -> bool:
    try:
        services.save_opening(opening, delegation, _form_input(form))
    except DomainError as error:
        first_texts = form.language_forms()[0][1]
        first_question = form.questions[0].form.language_forms()[0][1]
        refuse(
            error,
            form,
            fields={"questions": first_question.options, "texts": first_texts.title},
            default=first_texts.title,
        )
        return False
    db.session.commit()
    flash(_("The volunteer role is saved."), "success")
    return True


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new(slug: str) -> str | Response:
    delegation = managed_delegation(slug)
    form = OpeningForm()
    if form.validate_on_submit() and _save(delegation, Opening(), form):
        return redirect(url_for("openings_manage.index", slug=slug))
    return render_template(
        "openings/manage/form.html", form=form, delegation=delegation, opening=None
    )


@bp.route("/<int:opening_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, opening_id: int) -> str | Response:
    delegation = managed_delegation(slug)
    opening = queries.delegation_opening_or_404(delegation.id, opening_id)
    form = OpeningForm() if request.method == "POST" else _form_for(opening)
    if form.validate_on_submit() and _save(delegation, opening, form):
        return redirect(url_for("openings_manage.index", slug=slug))
    return render_template(
        "openings/manage/form.html", form=form, delegation=delegation, opening=opening
    )
