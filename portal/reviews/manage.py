"""Reviewing applicants: /<lang>/manage/<delegation>/applications/."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from portal.accounts.rules import is_admin
from portal.applications.enums import ApplicationStatus
from portal.applications.export import applicant_rows
from portal.applications.export import headers as export_headers
from portal.applications.models import Application
from portal.applications.queries import profile_of
from portal.applications.workflow import last_team_move
from portal.core.audit import record
from portal.core.confirm import confirmation_page, confirmed
from portal.core.db import writes
from portal.core.domain import DomainError, refuse
from portal.core.forms import select_choices
from portal.core.i18n import current_language
from portal.core.pagination import requested_page, require_items
from portal.core.permissions import require
from portal.core.spreadsheets import spreadsheet_response
from portal.core.validation import parse_ids, query_id
from portal.delegations.access import managed_delegation, reviewed_delegation
from portal.delegations.models import Delegation
from portal.delegations.queries import reviewers
from portal.delegations.rules import can_manage_delegation
from portal.extensions import db
from portal.interviews.queries import booking_of, bookings_of, interview_events
from portal.mfa.stepup import fresh_second_factor
from portal.openings.enums import OpeningStatus
from portal.openings.queries import role_titles
from portal.reviews import queries, services
from portal.reviews.enums import NoticeState
from portal.reviews.forms import AssignForm, BulkDeclineForm, DecisionForm, NoticeForm, ReviewForm
from portal.reviews.rules import (
    can_decide,
    can_read_reviews,
    can_review,
    can_sort_by_score,
    can_undo,
    decision_choices,
    is_out_of_date,
    unfilled_placeholders,
)

bp = Blueprint(
    "reviews_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/applications"
)
PER_PAGE = 25
EXPORT_LIMIT = 20_000
BULK_LIMIT = 200


def _filters(delegation: Delegation) -> queries.ApplicantFilters:
    args = request.args
    sort = next((sort for sort in queries.SORTS if sort == args.get("sort")), "date")
    if sort == "score" and not can_sort_by_score(current_user, delegation.id):
        sort = "date"
    status = args.get("status") or None
    match = args.get("languages")
    return queries.ApplicantFilters(
        opening_id=query_id("role"),
        status=status if status in ApplicationStatus.__members__.values() else None,
        meets_languages={"yes": True, "no": False}.get(match or ""),
        query=(args.get("q") or "").strip()[:100],
        assigned_to=current_user.id if args.get("view") == "mine" else None,
        sort=sort,
    )


@bp.get("/")
@login_required
def index(slug: str) -> str:
    delegation = reviewed_delegation(slug)
    filters = _filters(delegation)
    page = require_items(
        queries.applicants_page(delegation.id, filters, number=requested_page(), per_page=PER_PAGE)
    )
    ids = [application.id for application in page.items]
    roles = role_titles(delegation.id)
    scores_shown = (
        set(ids) if is_admin(current_user) else queries.reviewed_among(current_user.id, ids)
    )
    return render_template(
        "reviews/manage/index.html",
        delegation=delegation,
        page=page,
        filters=filters,
        roles=roles,
        role_titles={role.id: role.title for role in roles},
        statuses=[s for s in ApplicationStatus if s != ApplicationStatus.DRAFT],
        bulk_form=BulkDeclineForm(),
        is_lead=can_manage_delegation(current_user, delegation.id),
        scores_shown=scores_shown,
        interviews=bookings_of(ids),
        can_sort_by_score=can_sort_by_score(current_user, delegation.id),
    )


@bp.get("/export.<any(csv, xlsx):file_format>")
@writes  # the audit trail records who exported what
@login_required
@fresh_second_factor
def export(slug: str, file_format: str) -> Response:
    delegation = managed_delegation(slug)
    locale = current_language()
    applications = list(
        queries.applicants_for_export(delegation.id, _filters(delegation), limit=EXPORT_LIMIT)
    )
    record("applications.exported", delegation_id=delegation.id, count=len(applications))
    db.session.commit()
    rows = applicant_rows(applications, locale=locale)
    return spreadsheet_response(
        export_headers(),
        rows,
        file_format=file_format,
        name=f"applications-{slug}",
        sheet=_("Applications"),
        locale=locale,
    )


@bp.post("/decline")
@login_required
def bulk_decline(slug: str) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    form = BulkDeclineForm()
    ids = parse_ids(request.form.getlist("application_ids"), limit=BULK_LIMIT)
    if not (form.validate_on_submit() and ids):
        flash(_("Select at least one application."), "error")
        return redirect(url_for("reviews_manage.index", slug=slug))
    chosen = [
        application
        for application in queries.applications_of_delegation(delegation.id, ids)
        if ApplicationStatus.DECLINED in decision_choices(current_user, application)
    ]
    if not chosen:
        flash(_("None of the selected applications can be declined."), "error")
        return redirect(url_for("reviews_manage.index", slug=slug))
    if not confirmed():
        return confirmation_page(
            title=ngettext(
                "Decline %(num)d application?", "Decline %(num)d applications?", len(chosen)
            ),
            consequence=(
                _("Each applicant is sent the decline e-mail now.")
                if form.send_now.data
                else _("The decline e-mails wait in “Messages to send” for you to review.")
            ),
            items=[
                f"{a.user.name if a.user else _('Erased account')} — "
                f"{a.opening.translated('title')}"
                for a in chosen
            ],
            action=ngettext(
                "Decline %(num)d application", "Decline %(num)d applications", len(chosen)
            ),
            back=url_for("reviews_manage.index", slug=slug),
        )
    try:
        count = services.bulk_decline(
            chosen,
            by=current_user,
            note=form.note.data or "",
            send_now=form.send_now.data,
        )
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(
            ngettext("%(num)d application declined.", "%(num)d applications declined.", count),
            "success",
        )
    return redirect(url_for("reviews_manage.index", slug=slug))


def _reviewer_choices(delegation: Delegation) -> list:
    """The delegation's reviewers, as choices of the assignment form."""
    return select_choices((u.id, u.name) for u in reviewers(delegation.id))


def _load(slug: str, application_id: int) -> tuple[Delegation, Application]:
    """The delegation and the application, if the person may review it; else 404."""
    delegation = reviewed_delegation(slug)
    application = queries.application_for_review(application_id, delegation.id)
    require(application is not None and can_review(current_user, application))
    assert application is not None
    return delegation, application


def _detail(delegation: Delegation, application: Application, **forms: Any) -> str:
    reviews = queries.reviews_of(application.id)
    own = next((r for r in reviews if r.reviewer_id == current_user.id), None)
    assign_form = forms.pop("assign_form", None) or AssignForm(
        reviewers=sorted(queries.assigned_reviewer_ids(application.id))
    )
    assign_form.reviewers.choices = _reviewer_choices(delegation)
    return render_template(
        "reviews/manage/detail.html",
        delegation=delegation,
        application=application,
        reviews=[r for r in reviews if r.reviewer_id != current_user.id],
        own_review=own,
        show_reviews=can_read_reviews(current_user, own),
        review_form=forms.pop("review_form", None) or ReviewForm(obj=own),
        assign_form=assign_form,
        decision_form=forms.pop("decision_form", None) or DecisionForm(),
        targets=decision_choices(current_user, application),
        can_decide=can_decide(current_user, application),
        can_undo=_undoable(application),
        interview_booking=booking_of(application.id),
        # Status changes, the messages sent and the interview's events, in one history.
        history=sorted(
            [(change.created_at, "change", change) for change in application.history]
            + [(m.updated_at, "message", m) for m in queries.messages_sent_about(application.id)]
            + [(e.created_at, "interview", e) for e in interview_events(application.id)],
            key=lambda item: item[0],
        ),
        # How to reach the applicant, from their volunteer profile (kept up to date).
        contact=profile_of(application.user_id)
        if application.user_id and application.status in UNDER_CONSIDERATION
        else None,
    )


# While the delegation considers an application it may reach the applicant by phone.
UNDER_CONSIDERATION = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.ACCEPTED,
    }
)


def _undoable(application: Application) -> bool:
    last = last_team_move(application)
    return last is not None and can_undo(
        current_user,
        application,
        message_left=queries.message_left(application.id, since=last.created_at),
    )


def _to_detail(slug: str, application_id: int) -> BaseResponse:
    return redirect(url_for("reviews_manage.detail", slug=slug, application_id=application_id))


@bp.get("/<int:application_id>")
@login_required
def detail(slug: str, application_id: int) -> str:
    return _detail(*_load(slug, application_id))


@bp.post("/<int:application_id>/review")
@login_required
def review(slug: str, application_id: int) -> str | BaseResponse:
    delegation, application = _load(slug, application_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _detail(delegation, application, review_form=form)
    services.save_review(
        application, current_user, score=form.score.data, comment=form.comment.data or ""
    )
    db.session.commit()
    flash(_("Your review is saved."), "success")
    return _to_detail(slug, application_id)


@bp.post("/<int:application_id>/assign")
@login_required
def assign(slug: str, application_id: int) -> str | BaseResponse:
    delegation, application = _load(slug, application_id)
    require(can_decide(current_user, application))
    form = AssignForm()
    form.reviewers.choices = _reviewer_choices(delegation)
    if not form.validate_on_submit():
        return _detail(delegation, application, assign_form=form)
    try:
        services.assign(application, form.reviewers.data or [], by=current_user)
    except DomainError as error:
        refuse(error, form)
        return _detail(delegation, application, assign_form=form)
    db.session.commit()
    flash(_("The reviewers are assigned."), "success")
    return _to_detail(slug, application_id)


@bp.post("/<int:application_id>/decide")
@login_required
def decide(slug: str, application_id: int) -> str | BaseResponse:
    delegation, application = _load(slug, application_id)
    require(can_decide(current_user, application))
    form = DecisionForm()
    target = request.form.get("to_status", "")
    if target not in ApplicationStatus.__members__.values() or not form.validate_on_submit():
        return _detail(delegation, application, decision_form=form)
    if request.form.get("confirmed") != "1":
        # Nothing changes yet: the lead sees what will happen, and confirms.
        return render_template(
            "reviews/manage/decide_confirm.html",
            delegation=delegation,
            application=application,
            target=ApplicationStatus(target),
            note=form.note.data or "",
            message=services.draft_message(application, ApplicationStatus(target)),
            form=form,
        )
    try:
        notice = services.decide(
            application, ApplicationStatus(target), by=current_user, note=form.note.data or ""
        )
    except DomainError as error:
        refuse(error)
        return _to_detail(slug, application_id)
    db.session.commit()
    flash(
        _(
            "The application is now: %(status)s. You can undo it until its message leaves.",
            status=ApplicationStatus(target).label,
        ),
        "success",
    )
    _warn_when_the_places_are_filled(application)
    if notice is not None:
        return redirect(url_for("reviews_manage.notice", slug=slug, notice_id=notice.id))
    return _to_detail(slug, application_id)


def _warn_when_the_places_are_filled(application: Application) -> None:
    """Once a role has accepted as many people as it has places, offer to close it."""
    opening = application.opening
    if application.status != ApplicationStatus.ACCEPTED or opening.status != OpeningStatus.OPEN:
        return
    accepted = queries.accepted_count(opening.id)
    if accepted < opening.places:
        return
    edit = url_for("openings_manage.edit", slug=opening.delegation.slug, opening_id=opening.id)
    flash(
        Markup('{} <a href="{}">{}</a>').format(
            ngettext(
                "This role's %(num)d place is filled.",
                "All %(num)d places of this role are filled.",
                opening.places,
            ),
            edit,
            _("Close the role"),
        ),
        "warning",
    )


@bp.post("/<int:application_id>/undo")
@login_required
def undo(slug: str, application_id: int) -> BaseResponse:
    """Take back the latest decision while its message has not left."""
    _delegation, application = _load(slug, application_id)
    try:
        services.undo_decision(application, by=current_user)
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(
            _("Undone: the application is back to %(status)s.", status=application.status.label),
            "success",
        )
    return _to_detail(slug, application_id)


@bp.route("/messages/<int:notice_id>", methods=["GET", "POST"])
@login_required
def notice(slug: str, notice_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    item = queries.delegation_notice_or_404(delegation.id, notice_id)
    form = NoticeForm(obj=item)
    if request.method == "POST" and item.state == NoticeState.DRAFT:
        action = request.form.get("action")
        if action == "discard":
            services.discard_notice(item)
            db.session.commit()
            flash(
                _(
                    "The message will not be sent. The decision stands: %(status)s.",
                    status=item.status.label,
                ),
                "success",
            )
            return redirect(url_for("reviews_manage.notices", slug=slug))
        if form.validate_on_submit():
            try:
                if action == "send":
                    services.send_notice(
                        item, by=current_user, subject=form.subject.data, body=form.body.data
                    )
                else:
                    item.subject, item.body = form.subject.data, form.body.data
            except DomainError as error:
                refuse(error, form)
            else:
                db.session.commit()
                flash(
                    _("The message is on its way.")
                    if action == "send"
                    else _("The message is kept; send it when you are ready."),
                    "success",
                )
                return redirect(url_for("reviews_manage.notices", slug=slug))
    return render_template(
        "reviews/manage/notice.html",
        delegation=delegation,
        notice=item,
        form=form,
        can_undo=item.state == NoticeState.DRAFT
        and not is_out_of_date(item)
        and _undoable(item.application),
        mail_from=current_app.config["MAIL_FROM"],
        reply_to=services.reply_address(delegation, current_user),
        unfilled_placeholders=unfilled_placeholders,
    )


@bp.get("/messages/")
@login_required
def notices(slug: str) -> str:
    delegation = managed_delegation(slug)
    return render_template(
        "reviews/manage/notices.html",
        delegation=delegation,
        drafts=queries.draft_notices(delegation.id),
        form=NoticeForm(formdata=None),
    )


@bp.post("/messages/send-all")
@login_required
def send_all(slug: str) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    drafts = queries.draft_notices(delegation.id)
    # Messages with a part still to write stay drafts; the others go.
    ready = [
        item
        for item in drafts
        if not unfilled_placeholders(item.subject, item.body) and not is_out_of_date(item)
    ]
    if ready and not confirmed():
        return confirmation_page(
            title=ngettext("Send %(num)d message?", "Send the %(num)d messages?", len(ready)),
            consequence=_(
                "Each applicant below is written to now; a message that has left cannot be "
                "taken back, nor its decision undone. Unfinished messages stay here."
            ),
            items=[
                f"{item.application.user.name if item.application.user else '—'} — {item.subject}"
                for item in ready
            ],
            action=ngettext("Send %(num)d message", "Send the %(num)d messages", len(ready)),
            back=url_for("reviews_manage.notices", slug=slug),
        )
    try:
        for item in ready:
            services.send_notice(item, by=current_user)
    except DomainError as error:
        refuse(error)
        return redirect(url_for("reviews_manage.notices", slug=slug))
    db.session.commit()
    flash(
        ngettext(
            "%(num)d message is on its way.", "%(num)d messages are on their way.", len(ready)
        ),
        "success",
    )
    if len(ready) < len(drafts):
        flash(
            ngettext(
                "%(num)d message is unfinished or out of date: it stays here.",
                "%(num)d messages are unfinished or out of date: they stay here.",
                len(drafts) - len(ready),
            ),
            "warning",
        )
    return redirect(url_for("reviews_manage.notices", slug=slug))
