"""Reviewing applicants: /<lang>/manage/<delegation>/applications/."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response as BaseResponse

from portal.applications.enums import ApplicationStatus
from portal.applications.export import applicants_csv
from portal.applications.models import Application
from portal.applications.rules import can_review_in
from portal.applications.workflow import ALLOWED
from portal.core.domain import DomainError
from portal.core.forms import select_choices
from portal.core.i18n import current_language
from portal.core.pagination import requested_page, require_items
from portal.core.permissions import require
from portal.delegations.manage import load_delegation, load_managed_delegation
from portal.delegations.models import Delegation
from portal.delegations.rules import can_manage_delegation
from portal.extensions import db
from portal.openings.models import Opening
from portal.reviews import queries, services
from portal.reviews.forms import AssignForm, BulkDeclineForm, DecisionForm, NoticeForm, ReviewForm
from portal.reviews.models import DecisionNotice, ReviewAssignment
from portal.reviews.rules import can_decide, can_read_reviews, can_review

bp = Blueprint(
    "reviews_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/applications"
)
PER_PAGE = 25
EXPORT_LIMIT = 20_000


def _filters() -> queries.ApplicantFilters:
    args = request.args
    status = args.get("status") or None
    match = args.get("languages")
    return queries.ApplicantFilters(
        opening_id=args.get("role", type=int),
        status=status if status in ApplicationStatus.__members__.values() else None,
        meets_languages={"yes": True, "no": False}.get(match or ""),
        query=(args.get("q") or "").strip()[:100],
        assigned_to=current_user.id if args.get("view") == "mine" else None,
        sort=args.get("sort") if args.get("sort") in queries.SORTS else "date",
    )


def _roles(delegation: Delegation) -> list[Opening]:
    return list(
        db.session.scalars(
            select(Opening)
            .where(Opening.delegation_id == delegation.id, Opening.status != "draft")
            .order_by(Opening.created_at.desc())
            .options(selectinload(Opening.translations))
        )
    )


@bp.get("/")
@login_required
def index(slug: str) -> str:
    delegation = load_delegation(slug, can_review_in)
    filters = _filters()
    page = require_items(
        queries.applicants_page(delegation.id, filters, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template(
        "reviews/manage/index.html",
        delegation=delegation,
        page=page,
        filters=filters,
        roles=_roles(delegation),
        statuses=list(ApplicationStatus)[1:],
        bulk_form=BulkDeclineForm(),
        is_lead=can_manage_delegation(current_user, delegation.id),
    )


@bp.get("/export.csv")
@login_required
def export(slug: str) -> Response:
    delegation = load_managed_delegation(slug)
    statement = queries.applicants(delegation.id, _filters()).limit(EXPORT_LIMIT)
    rows = db.session.scalars(
        statement.options(
            joinedload(Application.user),
            joinedload(Application.opening).selectinload(Opening.translations),
        )
    ).unique()
    headers = [
        _("Name"),
        _("E-mail"),
        _("Volunteer role"),
        _("Status"),
        _("Sent on"),
        _("Meets the language requirements"),
        _("Average score"),
        _("Reviews"),
    ]
    body = applicants_csv(rows, locale=current_language(), headers=headers)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="applications-{slug}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/decline")
@login_required
def bulk_decline(slug: str) -> BaseResponse:
    delegation = load_managed_delegation(slug)
    form = BulkDeclineForm()
    ids = [int(v) for v in request.form.getlist("application_ids") if v.isdigit()][:200]
    if form.validate_on_submit() and ids:
        applications = list(
            db.session.scalars(
                select(Application).where(
                    Application.id.in_(ids), Application.delegation_id == delegation.id
                )
            )
        )
        try:
            count = services.bulk_decline(
                applications,
                by=current_user,
                note=form.note.data or "",
                send_now=form.send_now.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("%(count)d applications declined.", count=count), "success")
    else:
        flash(_("Select at least one application."), "error")
    return redirect(url_for("reviews_manage.index", slug=slug))


def _reviewer_choices(delegation: Delegation) -> list:
    """The delegation's reviewers, as choices of the assignment form."""
    return select_choices((u.id, u.name) for u in services.delegation_reviewers(delegation.id))


def _load(delegation: Delegation, application_id: int) -> Application:
    application = queries.application_for_review(application_id, delegation.id)
    require(application is not None and can_review(current_user, application))
    assert application is not None
    return application


def _detail(delegation: Delegation, application: Application, **forms: object) -> str:
    reviews = queries.reviews_of(application.id)
    own = next((r for r in reviews if r.reviewer_id == current_user.id), None)
    assigned = set(
        db.session.scalars(
            select(ReviewAssignment.reviewer_id).where(
                ReviewAssignment.application_id == application.id
            )
        )
    )
    assign_form = forms.pop("assign_form", None) or AssignForm(reviewers=sorted(assigned))
    assign_form.reviewers.choices = _reviewer_choices(delegation)
    review_form = forms.pop("review_form", None) or ReviewForm(obj=own)
    return render_template(
        "reviews/manage/detail.html",
        delegation=delegation,
        application=application,
        reviews=[r for r in reviews if r.reviewer_id != current_user.id],
        own_review=own,
        show_reviews=can_read_reviews(current_user, own),
        review_form=review_form,
        assign_form=assign_form,
        decision_form=forms.pop("decision_form", None) or DecisionForm(),
        # In pipeline order; withdrawing is the applicant's move, not the lead's.
        targets=[
            status
            for status in ApplicationStatus
            if status in ALLOWED[ApplicationStatus(application.status)]
            and status != ApplicationStatus.WITHDRAWN
        ],
        can_decide=can_decide(current_user, application),
    )


@bp.get("/<int:application_id>")
@login_required
def detail(slug: str, application_id: int) -> str:
    delegation = load_delegation(slug, can_review_in)
    return _detail(delegation, _load(delegation, application_id))


@bp.post("/<int:application_id>/review")
@login_required
def review(slug: str, application_id: int) -> str | BaseResponse:
    delegation = load_delegation(slug, can_review_in)
    application = _load(delegation, application_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _detail(delegation, application, review_form=form)
    services.save_review(
        application, current_user, score=form.score.data, comment=form.comment.data or ""
    )
    db.session.commit()
    flash(_("Your review is saved."), "success")
    return redirect(url_for("reviews_manage.detail", slug=slug, application_id=application_id))


@bp.post("/<int:application_id>/assign")
@login_required
def assign(slug: str, application_id: int) -> str | BaseResponse:
    delegation = load_delegation(slug, can_review_in)
    application = _load(delegation, application_id)
    require(can_decide(current_user, application))
    form = AssignForm()
    form.reviewers.choices = _reviewer_choices(delegation)
    if not form.validate_on_submit():
        return _detail(delegation, application, assign_form=form)
    services.assign(application, form.reviewers.data or [], by=current_user)
    db.session.commit()
    flash(_("The reviewers are assigned."), "success")
    return redirect(url_for("reviews_manage.detail", slug=slug, application_id=application_id))


@bp.post("/<int:application_id>/decide")
@login_required
def decide(slug: str, application_id: int) -> str | BaseResponse:
    delegation = load_delegation(slug, can_review_in)
    application = _load(delegation, application_id)
    require(can_decide(current_user, application))
    form = DecisionForm()
    target = request.form.get("to_status", "")
    if target not in ApplicationStatus.__members__.values() or not form.validate_on_submit():
        return _detail(delegation, application, decision_form=form)
    try:
        notice = services.decide(
            application, ApplicationStatus(target), by=current_user, note=form.note.data or ""
        )
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("reviews_manage.detail", slug=slug, application_id=application_id))
    db.session.commit()
    flash(
        _("The application is now: %(status)s.", status=ApplicationStatus(target).label), "success"
    )
    if notice is not None:
        return redirect(url_for("reviews_manage.notice", slug=slug, notice_id=notice.id))
    return redirect(url_for("reviews_manage.detail", slug=slug, application_id=application_id))


def _load_notice(delegation: Delegation, notice_id: int) -> DecisionNotice:
    notice = db.session.get(DecisionNotice, notice_id)
    if notice is None or notice.delegation_id != delegation.id:
        abort(404)
    return notice


@bp.route("/messages/<int:notice_id>", methods=["GET", "POST"])
@login_required
def notice(slug: str, notice_id: int) -> str | BaseResponse:
    delegation = load_managed_delegation(slug)
    item = _load_notice(delegation, notice_id)
    form = NoticeForm(obj=item)
    if request.method == "POST" and item.state == "draft":
        action = request.form.get("action")
        if action == "discard":
            services.discard_notice(item)
            db.session.commit()
            flash(_("The message will not be sent."), "success")
            return redirect(url_for("reviews_manage.notices", slug=slug))
        if form.validate_on_submit():
            item.subject, item.body = form.subject.data, form.body.data
            if action == "send":
                services.send_notice(item)
                flash(_("The message is on its way."), "success")
            else:
                flash(_("The message is kept; send it when you are ready."), "success")
            db.session.commit()
            return redirect(url_for("reviews_manage.notices", slug=slug))
    return render_template(
        "reviews/manage/notice.html", delegation=delegation, notice=item, form=form
    )


@bp.get("/messages/")
@login_required
def notices(slug: str) -> str:
    delegation = load_managed_delegation(slug)
    drafts = db.session.scalars(
        select(DecisionNotice)
        .where(DecisionNotice.delegation_id == delegation.id, DecisionNotice.state == "draft")
        .order_by(DecisionNotice.created_at)
        .options(joinedload(DecisionNotice.application).joinedload(Application.user))
    ).all()
    return render_template(
        "reviews/manage/notices.html",
        delegation=delegation,
        drafts=drafts,
        form=NoticeForm(formdata=None),
    )


@bp.post("/messages/send-all")
@login_required
def send_all(slug: str) -> BaseResponse:
    delegation = load_managed_delegation(slug)
    drafts = db.session.scalars(
        select(DecisionNotice).where(
            DecisionNotice.delegation_id == delegation.id, DecisionNotice.state == "draft"
        )
    ).all()
    for item in drafts:
        services.send_notice(item)
    db.session.commit()
    flash(_("%(count)d messages are on their way.", count=len(drafts)), "success")
    return redirect(url_for("reviews_manage.notices", slug=slug))
