"""The delegation's own wording of its decision messages, edited by its leads:
/<lang>/manage/<delegation>/applications/messages/wording/."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.applications.enums import ApplicationStatus
from portal.core.confirm import confirmation_page, confirmed
from portal.core.domain import DomainError, refuse
from portal.core.i18n import languages
from portal.delegations.access import managed_delegation
from portal.extensions import db
from portal.reviews import message_templates, services
from portal.reviews.forms import WordingForm

bp = Blueprint(
    "wordings_manage",
    __name__,
    url_prefix="/<lang:lang_code>/manage/<slug>/applications/messages/wording",
)


def _decision(status: str) -> ApplicationStatus:
    decision = next((s for s in message_templates.NOTIFIED if s.value == status), None)
    if decision is None:
        abort(404)
    return decision


@bp.get("/")
@login_required
def index(slug: str) -> str:
    delegation = managed_delegation(slug)
    own = message_templates.own_wordings(delegation.id)
    return render_template(
        "reviews/manage/wordings.html",
        delegation=delegation,
        decisions=message_templates.NOTIFIED,
        own=own,
        codes=languages(),
    )


@bp.route("/<status>", methods=["GET", "POST"])
@login_required
def edit(slug: str, status: str) -> str | Response:
    delegation = managed_delegation(slug)
    decision = _decision(status)
    own = message_templates.own_wordings(delegation.id)
    form = WordingForm()
    if not form.is_submitted():
        form.fill_texts(_wording(own, decision, code) for code in languages())
    elif form.validate():  # CSRF included
        try:
            services.save_wordings(delegation, decision, form.written_texts(), by=current_user)
        except DomainError as error:
            refuse(error, form, fields=_text_fields(form))
        else:
            db.session.commit()
            flash(_("The wording is saved; new messages start from it."), "success")
            return redirect(url_for("wordings_manage.index", slug=slug))
    return render_template(
        "reviews/manage/wording.html",
        delegation=delegation,
        decision=decision,
        form=form,
        own={code for (value, code) in own if value == decision.value},
        automatic=message_templates.AUTOMATIC,
        to_write=message_templates.to_write(decision),
    )


def _wording(own: dict, decision: ApplicationStatus, code: str) -> SimpleNamespace:
    """The wording a language starts from in the editor: the delegation's, else the
    portal's."""
    row = own.get((decision.value, code))
    subject, body = (
        (row.subject, row.body) if row else message_templates.default_wording(decision, code)
    )
    return SimpleNamespace(locale=code, subject=subject, body=body)


def _text_fields(form: WordingForm) -> dict[str, object]:
    """The per-language fields by the names a refusal gives them ("fr-body")."""
    return {
        f"{code}-{name}": sub[name]
        for code, sub in form.language_forms()
        for name in ("subject", "body")
    }


@bp.post("/<status>/default")
@login_required
def restore_default(slug: str, status: str) -> str | Response:
    delegation = managed_delegation(slug)
    decision = _decision(status)
    if not confirmed():
        return confirmation_page(
            title=_("Go back to the portal's wording?"),
            consequence=_(
                "The delegation's own wording of the “%(decision)s” message is deleted in "
                "every language; new messages start from the portal's wording. Messages "
                "already drafted keep their text.",
                decision=decision.label,
            ),
            action=_("Use the portal's wording"),
            back=url_for("wordings_manage.edit", slug=slug, status=status),
        )
    services.save_wordings(delegation, decision, {}, by=current_user)
    db.session.commit()
    flash(_("New messages start from the portal's wording again."), "success")
    return redirect(url_for("wordings_manage.index", slug=slug))
