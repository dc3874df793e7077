"""The leads' side of the members' space: /<lang>/manage/<delegation>/onboarding/,
accreditations/, sessions/, announcements/ and documents/."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from portal.core.clock import utcnow
from portal.core.confirm import confirmation_page, confirmed
from portal.core.domain import DomainError, refuse
from portal.core.forms import label_data, select_choices, written_labels
from portal.core.i18n import current_language, language_name, languages
from portal.core.models import Document
from portal.core.pagination import requested_page, require_items
from portal.core.templating import long_date
from portal.core.uploads import check_cv, uploads_per_account
from portal.core.validation import parse_id
from portal.delegations.access import managed_delegation
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.members import queries, services
from portal.members.forms import (
    AnnouncementForm,
    DocumentForm,
    MeetingForm,
    ReportForm,
    StepForm,
    TypeForm,
)
from portal.members.models import ChecklistItem, Meeting
from portal.members.rules import is_past, needs_warning, validity

bp = Blueprint("members_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>")
PER_PAGE = 20


# Onboarding ------------------------------------------------------------------------------


def _step_form(
    delegation: Delegation, item: ChecklistItem | None = None, **kwargs: object
) -> StepForm:
    if item is not None and "formdata" in kwargs:
        kwargs.setdefault(
            "data",
            {
                **label_data(item.labels),
                "lead_verifies": item.lead_verifies,
                "document": item.document_id or 0,
            },
        )
    form = StepForm(**kwargs)
    form.document.choices = select_choices(
        [(0, _("None")), *((d.id, d.label_text()) for d in queries.all_documents(delegation.id))]
    )
    return form


def _onboarding_page(delegation: Delegation, form: StepForm | None = None) -> str:
    team = queries.team(delegation.id)
    return render_template(
        "members/manage/onboarding.html",
        delegation=delegation,
        items=queries.checklist_items(delegation.id),
        team=team,
        done=queries.progress(m.id for m in team),
        form=form or _step_form(delegation, formdata=None),
    )


@bp.get("/onboarding/")
@login_required
def onboarding(slug: str) -> str:
    return _onboarding_page(managed_delegation(slug))


@bp.post("/onboarding/steps")
@login_required
def add_step(slug: str) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    form = _step_form(delegation)
    if not form.validate_on_submit():
        return _onboarding_page(delegation, form)
    services.save_item(
        None,
        delegation=delegation,
        labels=written_labels(form),
        lead_verifies=bool(form.lead_verifies.data),
        document_id=form.document.data or None,
    )
    db.session.commit()
    flash(_("The step is added to the checklist."), "success")
    return redirect(url_for("members_manage.onboarding", slug=slug))


@bp.route("/onboarding/steps/<int:step_id>", methods=["GET", "POST"])
@login_required
def step(slug: str, step_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    item = queries.checklist_item_or_404(delegation.id, step_id)
    form = _step_form(delegation, item, formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        services.save_item(
            item,
            delegation=delegation,
            labels=written_labels(form),
            lead_verifies=bool(form.lead_verifies.data),
            document_id=form.document.data or None,
        )
        db.session.commit()
        flash(_("The step is saved."), "success")
        return redirect(url_for("members_manage.onboarding", slug=slug))
    return render_template("members/manage/step.html", delegation=delegation, item=item, form=form)


@bp.post("/onboarding/steps/<int:step_id>/delete")
@login_required
def delete_step(slug: str, step_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    item = queries.checklist_item_or_404(delegation.id, step_id)
    if not confirmed():
        return confirmation_page(
            title=_("Remove the step “%(step)s”?", step=item.label_text()),
            consequence=_("It leaves every member's checklist, with their ticks."),
            action=_("Remove the step"),
            back=url_for("members_manage.step", slug=slug, step_id=item.id),
        )
    services.remove_item(item)
    db.session.commit()
    flash(_("The step is removed."), "success")
    return redirect(url_for("members_manage.onboarding", slug=slug))


@bp.get("/onboarding/members/<int:membership_id>")
@login_required
def member_checklist(slug: str, membership_id: int) -> str:
    delegation = managed_delegation(slug)
    membership = queries.member_of_delegation_or_404(delegation.id, membership_id)
    return render_template(
        "members/manage/member_checklist.html",
        delegation=delegation,
        membership=membership,
        items=queries.checklist_items(delegation.id),
        ticks=queries.ticks(membership.id),
    )


@bp.post("/onboarding/members/<int:membership_id>/<int:step_id>")
@login_required
def verify(slug: str, membership_id: int, step_id: int) -> BaseResponse:
    delegation = managed_delegation(slug)
    membership = queries.member_of_delegation_or_404(delegation.id, membership_id)
    item = queries.checklist_item_or_404(delegation.id, step_id)
    try:
        services.set_tick(membership, item, by=current_user, done=request.form.get("done") == "1")
    except DomainError as error:
        refuse(error)
    else:
        db.session.commit()
    return redirect(
        url_for(
            "members_manage.member_checklist",
            slug=slug,
            membership_id=membership.id,
            _anchor=f"step-{item.id}",
        )
    )


# Accreditations --------------------------------------------------------------------------


def _accreditations_page(delegation: Delegation, form: TypeForm | None = None) -> str:
    wanted = request.args.get("sort")
    order: queries.AccreditationOrder = "expiry"
    if wanted == "-expiry":
        order = "-expiry"
    elif wanted == "name":
        order = "name"
    return render_template(
        "members/manage/accreditations.html",
        delegation=delegation,
        kinds=queries.accreditation_types(delegation.id),
        rows=queries.team_accreditations(delegation.id, order),
        order=order,
        form=form or TypeForm(formdata=None),
        today=utcnow().date(),
        validity=validity,
    )


@bp.get("/accreditations/")
@login_required
def accreditations(slug: str) -> str:
    return _accreditations_page(managed_delegation(slug))


@bp.post("/accreditations/types")
@login_required
def add_type(slug: str) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    form = TypeForm()
    if not form.validate_on_submit():
        return _accreditations_page(delegation, form)
    services.save_type(
        None, delegation=delegation, labels=written_labels(form), issuer=form.issuer.data or ""
    )
    db.session.commit()
    flash(_("The kind of accreditation is added: members can record theirs."), "success")
    return redirect(url_for("members_manage.accreditations", slug=slug))


@bp.post("/accreditations/types/<int:type_id>/delete")
@login_required
def delete_type(slug: str, type_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    kind = queries.accreditation_type_or_404(delegation.id, type_id)
    if not confirmed():
        return confirmation_page(
            title=_("Remove “%(kind)s”?", kind=kind.label_text()),
            consequence=_(
                "Every member's accreditation of this kind is deleted, with its scan; "
                "sessions that asked for it no longer ask for an accreditation. This "
                "cannot be undone."
            ),
            action=_("Remove it"),
            back=url_for("members_manage.accreditations", slug=slug),
        )
    count = services.remove_type(kind)
    db.session.commit()
    flash(_("Removed, with %(count)d accreditations.", count=count), "success")
    return redirect(url_for("members_manage.accreditations", slug=slug))


# Sessions --------------------------------------------------------------------------------


def _meeting_form(
    delegation: Delegation, meeting: Meeting | None = None, **kwargs: object
) -> MeetingForm:
    if meeting is not None and kwargs.get("formdata", True) is None:
        kwargs["data"] = {
            "starts_on": meeting.starts_on,
            "ends_on": meeting.ends_on,
            "accreditation_type": meeting.accreditation_type_id or 0,
            "designation_deadline": meeting.designation_deadline,
            "places": meeting.places,
        }
    form = MeetingForm(**kwargs)
    if meeting is not None and kwargs.get("formdata", True) is None:
        form.fill_texts(meeting.translations)
    form.accreditation_type.choices = select_choices(
        [
            (0, _("None")),
            *((k.id, k.label_text()) for k in queries.accreditation_types(delegation.id)),
        ]
    )
    return form


def _meeting_input(form: MeetingForm) -> services.MeetingInput:
    return services.MeetingInput(
        texts=form.written_texts(),
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        accreditation_type_id=form.accreditation_type.data or None,
        designation_deadline=form.designation_deadline.data,
        places=form.places.data or 1,
    )


@bp.get("/sessions/")
@login_required
def sessions(slug: str) -> str:
    delegation = managed_delegation(slug)
    today = utcnow().date()
    upcoming = queries.upcoming_meetings([delegation.id], today)
    past = require_items(
        queries.past_meetings(delegation.id, today, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template(
        "members/manage/sessions.html",
        delegation=delegation,
        upcoming=upcoming,
        past=past,
        counts=queries.headcounts(m.id for m in [*upcoming, *past.items]),
    )


@bp.route("/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(slug: str) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    form = _meeting_form(delegation)
    if form.validate_on_submit():
        try:
            meeting = services.save_meeting(None, delegation=delegation, data=_meeting_input(form))
        except DomainError as error:
            refuse(error, form)
        else:
            db.session.commit()
            flash(_("The session is created: members can say whether they can attend."), "success")
            return redirect(url_for("members_manage.session", slug=slug, meeting_id=meeting.id))
    return render_template(
        "members/manage/session_form.html", delegation=delegation, form=form, meeting=None
    )


@bp.route("/sessions/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(slug: str, meeting_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    if request.method == "POST":
        form = _meeting_form(delegation, meeting)
        if form.validate_on_submit():
            try:
                services.save_meeting(meeting, delegation=delegation, data=_meeting_input(form))
            except DomainError as error:
                refuse(error, form)
            else:
                db.session.commit()
                flash(
                    _("The session is saved; its representatives are told of changes."), "success"
                )
                return redirect(url_for("members_manage.session", slug=slug, meeting_id=meeting.id))
    else:
        form = _meeting_form(delegation, meeting, formdata=None)
    return render_template(
        "members/manage/session_form.html", delegation=delegation, form=form, meeting=meeting
    )


def _session_page(
    delegation: Delegation, meeting: Meeting, report_form: ReportForm | None = None
) -> str:
    rows = queries.volunteers(meeting.id)
    held = (
        queries.holders(meeting.accreditation_type_id, (row.user_id for row in rows))
        if meeting.accreditation_type_id is not None
        else {}
    )
    if report_form is None:
        report_form = ReportForm(
            formdata=None,
            data={"report": meeting.report, "locale": meeting.report_locale or current_language()},
        )
    report_form.locale.choices = select_choices((code, language_name(code)) for code in languages())
    today = utcnow().date()
    return render_template(
        "members/manage/session.html",
        delegation=delegation,
        meeting=meeting,
        rows=rows,
        held=held,
        warnings={row.id: needs_warning(meeting, held.get(row.user_id)) for row in rows},
        designated_count=sum(1 for row in rows if row.designated_at is not None),
        report_form=report_form,
        is_over=is_past(meeting, today),
        today=today,
        validity=validity,
    )


@bp.get("/sessions/<int:meeting_id>")
@login_required
def session(slug: str, meeting_id: int) -> str:
    delegation = managed_delegation(slug)
    return _session_page(delegation, queries.meeting_or_404(delegation.id, meeting_id))


@bp.post("/sessions/<int:meeting_id>/volunteers/<int:row_id>/designate")
@login_required
def designate(slug: str, meeting_id: int, row_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    row = queries.volunteer_row_or_404(meeting.id, row_id)
    back = url_for("members_manage.session", slug=slug, meeting_id=meeting.id)
    accreditation = (
        queries.holders(meeting.accreditation_type_id, [row.user_id]).get(row.user_id)
        if meeting.accreditation_type_id is not None
        else None
    )
    if needs_warning(meeting, accreditation) and not confirmed():
        kind = meeting.accreditation_type.label_text() if meeting.accreditation_type else ""
        consequence = (
            _(
                "%(name)s's %(kind)s is valid until %(until)s: it will not be valid for the "
                "whole session. They may be refused entry unless it is renewed in time.",
                name=row.user.name,
                kind=kind,
                until=long_date(accreditation.valid_until),
            )
            if accreditation is not None
            else _(
                "%(name)s has not recorded a %(kind)s, which this session needs. They may be "
                "refused entry.",
                name=row.user.name,
                kind=kind,
            )
        )
        return confirmation_page(
            title=_("Designate %(name)s anyway?", name=row.user.name),
            consequence=consequence,
            action=_("Designate anyway"),
            back=back,
            danger=False,
        )
    try:
        services.designate(meeting, row, by=current_user)
    except DomainError as error:
        refuse(error)
        return redirect(back)
    db.session.commit()
    flash(_("%(name)s is designated and receives the invitation.", name=row.user.name), "success")
    return redirect(back)


@bp.post("/sessions/<int:meeting_id>/volunteers/<int:row_id>/undesignate")
@login_required
def undesignate(slug: str, meeting_id: int, row_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    row = queries.volunteer_row_or_404(meeting.id, row_id)
    back = url_for("members_manage.session", slug=slug, meeting_id=meeting.id)
    if not confirmed():
        return confirmation_page(
            title=_("Withdraw %(name)s's designation?", name=row.user.name),
            consequence=_(
                "%(name)s is told by e-mail and the session leaves their calendar; they stay "
                "on the list of volunteers.",
                name=row.user.name,
            ),
            action=_("Withdraw the designation"),
            back=back,
        )
    services.withdraw_designation(meeting, row, by=current_user)
    db.session.commit()
    flash(_("%(name)s is no longer designated.", name=row.user.name), "success")
    return redirect(back)


@bp.post("/sessions/<int:meeting_id>/cancel")
@login_required
def cancel_session(slug: str, meeting_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    back = url_for("members_manage.session", slug=slug, meeting_id=meeting.id)
    if not confirmed():
        return confirmation_page(
            title=_("Cancel “%(title)s”?", title=meeting.heading()),
            consequence=_(
                "Its representatives are told by e-mail and the session leaves their "
                "calendars. It cannot be reopened."
            ),
            action=_("Cancel the session"),
            back=back,
        )
    try:
        told = services.cancel_meeting(meeting, by=current_user)
    except DomainError as error:
        refuse(error)
        return redirect(back)
    db.session.commit()
    flash(_("The session is cancelled; %(count)d representatives are told.", count=told), "success")
    return redirect(back)


@bp.post("/sessions/<int:meeting_id>/report")
@login_required
def report(slug: str, meeting_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    meeting = queries.meeting_or_404(delegation.id, meeting_id)
    back = url_for("members_manage.session", slug=slug, meeting_id=meeting.id)
    if not is_past(meeting, utcnow().date()):
        refuse(DomainError(_("Write the report once the session is over.")))
        return redirect(back)
    form = ReportForm()
    form.locale.choices = select_choices((code, language_name(code)) for code in languages())
    if not form.validate_on_submit():
        return _session_page(delegation, meeting, form)
    try:
        services.save_report(meeting, text=form.report.data or "", locale=form.locale.data)
        if request.form.get("make_news") == "1":
            post = services.draft_news_from_report(meeting, by=current_user)
    except DomainError as error:
        refuse(error, form)
        return _session_page(delegation, meeting, form)
    db.session.commit()
    if request.form.get("make_news") == "1":
        flash(_("The report is saved, and a draft news post is made of it."), "success")
        return redirect(url_for("news_manage.edit", slug=slug, post_id=post.id))
    flash(_("The report is saved."), "success")
    return redirect(back)


# Announcements ---------------------------------------------------------------------------


@bp.get("/announcements/")
@login_required
def announcements(slug: str) -> str:
    delegation = managed_delegation(slug)
    page = require_items(
        queries.announcements_page(delegation.id, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template("members/manage/announcements.html", delegation=delegation, page=page)


@bp.route("/announcements/new", methods=["GET", "POST"])
@bp.route("/announcements/<int:announcement_id>", methods=["GET", "POST"])
@login_required
def announcement(slug: str, announcement_id: int | None = None) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    existing = (
        queries.announcement_or_404(delegation.id, announcement_id)
        if announcement_id is not None
        else None
    )
    if request.method == "POST":
        form = AnnouncementForm()
    else:
        form = AnnouncementForm(formdata=None)
        if existing is not None:
            form.fill_texts(existing.translations)
    if request.method == "POST" and form.validate_on_submit():
        services.save_announcement(
            existing, delegation=delegation, texts=form.written_texts(), by=current_user
        )
        db.session.commit()
        flash(
            _("The announcement is corrected.")
            if existing
            else _("The announcement is posted to the team."),
            "success",
        )
        return redirect(url_for("members_manage.announcements", slug=slug))
    return render_template(
        "members/manage/announcement_form.html",
        delegation=delegation,
        form=form,
        announcement=existing,
    )


@bp.post("/announcements/<int:announcement_id>/delete")
@login_required
def delete_announcement(slug: str, announcement_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    item = queries.announcement_or_404(delegation.id, announcement_id)
    if not confirmed():
        return confirmation_page(
            title=_("Delete “%(title)s”?", title=item.translated("title")),
            consequence=_("Members no longer see it. E-mails already sent stay sent."),
            action=_("Delete the announcement"),
            back=url_for("members_manage.announcement", slug=slug, announcement_id=item.id),
        )
    services.delete_announcement(item)
    db.session.commit()
    flash(_("The announcement is deleted."), "success")
    return redirect(url_for("members_manage.announcements", slug=slug))


# Documents -------------------------------------------------------------------------------


def _documents_page(delegation: Delegation, form: DocumentForm | None = None) -> str:
    page = require_items(
        queries.documents_page(delegation.id, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template(
        "members/manage/documents.html",
        delegation=delegation,
        page=page,
        form=form or DocumentForm(formdata=None),
    )


@bp.get("/documents/")
@login_required
def documents(slug: str) -> str:
    return _documents_page(managed_delegation(slug))


@bp.post("/documents/")
@login_required
@uploads_per_account
def add_document(slug: str) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    form = DocumentForm()
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        return _documents_page(delegation, form)
    try:
        document = _file_of(form)
        if document is None:
            raise DomainError(_("Choose a file."), field="file")
    except DomainError as error:
        refuse(error, form)
        return _documents_page(delegation, form)
    if not valid:
        return _documents_page(delegation, form)
    services.add_document(
        delegation, labels=written_labels(form), document=document, by=current_user
    )
    db.session.commit()
    flash(_("The document is in the library."), "success")
    return redirect(url_for("members_manage.documents", slug=slug))


def _file_of(form: DocumentForm) -> Document | None:
    """The file chosen now (checked, and kept at once, so that a form that comes back to
    be corrected does not lose it), else the one kept from a previous try."""
    upload = form.file.data
    if upload is not None and upload.filename:
        checked = check_cv(upload, field="file")
        document: Document | None = services.keep_upload(
            checked, owner_id=current_user.id, kind="team"
        )
        db.session.commit()
    else:
        document = queries.kept_upload(
            parse_id(form.kept_file.data), owner_id=current_user.id, kind="team"
        )
    form.kept_file.data = str(document.id) if document is not None else ""
    form.kept_name = document.original_name if document is not None else ""
    return document


@bp.post("/documents/<int:item_id>/delete")
@login_required
def delete_document(slug: str, item_id: int) -> str | BaseResponse:
    delegation = managed_delegation(slug)
    item = queries.document_or_404(delegation.id, item_id)
    if not confirmed():
        return confirmation_page(
            title=_("Delete “%(title)s”?", title=item.label_text()),
            consequence=_("The file leaves the library; members can no longer download it."),
            action=_("Delete the document"),
            back=url_for("members_manage.documents", slug=slug),
        )
    services.remove_document(item)
    db.session.commit()
    flash(_("The document is deleted."), "success")
    return redirect(url_for("members_manage.documents", slug=slug))
