"""The applicant's side: /<lang>/account/applications/<id>/interview — the free times in
the applicant's time zone, booking one, cancelling, asking for other times."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from portal.applications.queries import own_application_or_404
from portal.core.clock import utcnow
from portal.core.confirm import confirmation_page, confirmed
from portal.core.domain import DomainError, refuse
from portal.core.forms import select_choices
from portal.core.i18n import current_language
from portal.core.templating import zone_name, zoned_time
from portal.core.timezones import current_zones, timezone_choices
from portal.extensions import db
from portal.interviews import queries, services
from portal.interviews.forms import BookForm, OtherTimesForm
from portal.interviews.rules import can_book

bp = Blueprint("interviews", __name__, url_prefix="/<lang:lang_code>/account/applications")


def _zone(fallback: str) -> tuple[str, bool]:
    """The zone the reader chose (?tz=), or `fallback`; and whether it was chosen."""
    wanted = (request.args.get("tz") or request.form.get("tz") or "")[:64]
    if wanted in current_zones():
        return wanted, True
    return fallback, False


def _when(moment: Any, zone: str) -> str:
    return _("%(when)s (%(zone)s time)", when=zoned_time(moment, zone), zone=zone_name(zone))


def _page(application_id: int, **forms: Any) -> str:
    application = own_application_or_404(application_id, current_user.id)
    delegation = application.opening.delegation
    zone, chosen = _zone(delegation.timezone)
    booking = queries.booking_of(application.id)
    # Once the interview has begun, its time is history: no other time to choose.
    choosing = can_book(current_user, application) and (
        booking is None or (booking.starts_at > utcnow() and not booking.outcome)
    )
    free = queries.free_slots(application.opening_id) if choosing else []
    book_form = forms.get("book_form") or BookForm(formdata=None)
    book_form.slot.choices = select_choices(
        (slot.id, zoned_time(slot.starts_at, zone, "EEEE d MMMM y, HH:mm")) for slot in free
    )
    days: dict[str, list] = {}
    for slot in free:
        days.setdefault(zoned_time(slot.starts_at, zone, "EEEE d MMMM y"), []).append(slot)
    return render_template(
        "interviews/booking.html",
        application=application,
        delegation=delegation,
        booking=booking,
        free=free,
        days=days,
        zone=zone,
        zone_chosen=chosen,
        zones=timezone_choices(keep=zone),
        can_book=choosing,
        book_form=book_form,
        other_form=forms.get("other_form") or OtherTimesForm(formdata=None),
    )


@bp.get("/<int:application_id>/interview")
@login_required
def booking(application_id: int) -> str:
    return _page(application_id)


def _back(application_id: int) -> BaseResponse:
    zone = request.form.get("tz")
    return redirect(url_for("interviews.booking", application_id=application_id, tz=zone or None))


@bp.post("/<int:application_id>/interview/book")
@login_required
def book(application_id: int) -> str | BaseResponse:
    application = own_application_or_404(application_id, current_user.id)
    form = BookForm()
    form.slot.choices = select_choices(
        (slot.id, str(slot.id)) for slot in queries.free_slots(application.opening_id)
    )
    if not form.validate_on_submit():
        if request.form.get("slot") and form.slot.errors:  # a time no longer free
            form.slot.errors = [
                _("This time was just taken, or is no longer offered: choose another.")
            ]
        return _page(application_id, book_form=form)
    try:
        services.book(application, form.slot.data, by=current_user)
    except DomainError as error:
        refuse(error, form)
        return _page(application_id, book_form=form)
    db.session.commit()
    flash(_("Your interview is booked. An invitation for your calendar is on its way."), "success")
    return _back(application_id)


@bp.post("/<int:application_id>/interview/cancel")
@login_required
def cancel(application_id: int) -> str | BaseResponse:
    application = own_application_or_404(application_id, current_user.id)
    held = queries.booking_of(application.id)
    if held is None:
        return _back(application_id)
    if not confirmed():
        return confirmation_page(
            title=_("Cancel your interview?"),
            consequence=_(
                "The time of %(when)s is given back and the team is told; you can then "
                "choose another time while the delegation offers some.",
                when=_when(held.starts_at, _zone(application.opening.delegation.timezone)[0]),
            ),
            action=_("Cancel my interview"),
            back=url_for("interviews.booking", application_id=application_id),
            danger=True,
        )
    try:
        services.cancel_booking(application, by=current_user)
    except DomainError as error:
        refuse(error)
        return _back(application_id)
    db.session.commit()
    flash(_("Your interview is cancelled; the team is told."), "success")
    return _back(application_id)


@bp.post("/<int:application_id>/interview/other-times")
@login_required
def other_times(application_id: int) -> str | BaseResponse:
    application = own_application_or_404(application_id, current_user.id)
    form = OtherTimesForm()
    if not form.validate_on_submit():
        return _page(application_id, other_form=form)
    try:
        services.ask_other_times(application, by=current_user, message=form.message.data)
    except DomainError as error:
        refuse(error, form)
        return _page(application_id, other_form=form)
    db.session.commit()
    flash(_("Your message is sent to the delegation's leads."), "success")
    return _back(application_id)


@bp.get("/<int:application_id>/interview.ics")
@login_required
def download_invitation(application_id: int) -> Response:
    application = own_application_or_404(application_id, current_user.id)
    held = queries.booking_of(application.id)
    if held is None:
        return Response(status=404)
    ics = services.invitation_for(held, application, locale=current_language(), for_applicant=True)
    response = Response(ics, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="interview.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
