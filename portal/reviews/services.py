"""Reviews, assignments and decisions. Flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from portal.accounts.models import User
from portal.applications import workflow
from portal.applications.enums import ApplicationStatus as S
from portal.applications.models import Application
from portal.core.clock import utcnow
from portal.core.domain import DomainError
from portal.core.i18n import languages
from portal.core.mail import queue_text
from portal.core.text import one_line
from portal.core.urls import absolute_url
from portal.delegations.models import Delegation
from portal.delegations.queries import current_membership, reviewers
from portal.extensions import db
from portal.interviews.queries import has_free_slots
from portal.members.services import welcome
from portal.reviews import message_templates
from portal.reviews.enums import NoticeState
from portal.reviews.models import DecisionNotice, MessageTemplate, Review, ReviewAssignment
from portal.reviews.queries import draft_notices_since, message_left
from portal.reviews.rules import (
    can_undo,
    decision_choices,
    is_out_of_date,
    unfilled_placeholders,
)
from portal.teams.services import add_member_from_application, remove_member_added_today


def save_review(application: Application, reviewer: User, *, score: int, comment: str) -> Review:
    """Create or update `reviewer`'s review, keep the application's count and average."""
    if not 1 <= score <= 5:
        raise DomainError(_l("Give a score from 1 to 5."), field="score")
    review = db.session.scalars(
        select(Review).where(
            Review.application_id == application.id, Review.reviewer_id == reviewer.id
        )
    ).first()
    if review is None:
        review = Review(application_id=application.id, reviewer_id=reviewer.id, score=score)
        db.session.add(review)
    review.score, review.comment = score, comment.strip()
    db.session.flush()
    count, average = db.session.execute(
        select(func.count(Review.id), func.avg(Review.score)).where(
            Review.application_id == application.id
        )
    ).one()
    application.review_count = count
    application.review_average = round(float(average), 2) if average is not None else None
    application.first_reviewed_at = application.first_reviewed_at or utcnow()
    if application.status == S.SUBMITTED:
        workflow.transition(application, S.IN_REVIEW, by=reviewer)
    db.session.flush()
    return review


def assign(application: Application, reviewer_ids: Iterable[int], *, by: Any) -> None:
    """Make the application's assignments exactly `reviewer_ids` (reviewers only)."""
    allowed = {user.id for user in reviewers(application.delegation_id)}
    wanted = set(reviewer_ids)
    if not wanted <= allowed:
        raise DomainError(_l("Only the delegation's reviewers can be assigned."), field="reviewers")
    current = set(
        db.session.scalars(
            select(ReviewAssignment.reviewer_id).where(
                ReviewAssignment.application_id == application.id
            )
        )
    )
    if current - wanted:
        db.session.execute(
            delete(ReviewAssignment).where(
                ReviewAssignment.application_id == application.id,
                ReviewAssignment.reviewer_id.in_(current - wanted),
            )
        )
    for reviewer_id in sorted(wanted - current):
        db.session.add(
            ReviewAssignment(
                application_id=application.id, reviewer_id=reviewer_id, assigned_by_id=by.id
            )
        )
    db.session.flush()


def decide(application: Application, to: S, *, by: User, note: str = "") -> DecisionNotice | None:
    """Move the application as `by` decided; for a decision the applicant must hear of,
    draft the e-mail in their language for the lead to edit, send, keep or discard."""
    if S(to) not in decision_choices(by, application):
        raise DomainError(
            _l(
                "An application cannot go from “%(current)s” to “%(target)s”.",
                current=application.status.label,
                target=S(to).label,
            )
        )
    workflow.transition(application, to, by=by, note=note)
    # A message drafted for an earlier decision no longer tells the truth: it goes.
    db.session.execute(
        update(DecisionNotice)
        .where(
            DecisionNotice.application_id == application.id,
            DecisionNotice.state == NoticeState.DRAFT,
        )
        .values(state=NoticeState.DISCARDED)
        .execution_options(synchronize_session="fetch")
    )
    if to == S.ACCEPTED:
        add_member_from_application(application)
    drafted = draft_message(application, to)
    if drafted is None or application.user is None:
        return None
    subject, text = drafted
    applicant = application.user
    notice = DecisionNotice(
        application_id=application.id,
        delegation_id=application.delegation_id,
        status=to,
        locale=applicant.locale,
        subject=subject,
        body=text,
        created_by_id=by.id,
    )
    db.session.add(notice)
    db.session.flush()
    return notice


def draft_message(application: Application, to: S) -> tuple[str, str] | None:
    """The subject and text the applicant would be sent for this decision, in their
    language (None when they are not told of it). Shown before deciding, then drafted."""
    applicant = application.user
    if S(to) not in message_templates.NOTIFIED or applicant is None:
        return None
    locale = applicant.locale
    subject, text = message_templates.wording(application.delegation_id, S(to), locale)
    values = {
        "name": applicant.name,
        "role": application.opening.translated("title", locale),
        "application_url": absolute_url(
            "applications.mine_detail", application_id=application.id, lang_code=locale
        ),
    }
    if S(to) == S.INTERVIEW and has_free_slots(application.opening_id):
        # The applicant books one of the times offered: the details are a link.
        with force_locale(locale):
            values["interview_details"] = gettext(
                "choose the time that suits you on %(url)s",
                url=absolute_url(
                    "interviews.booking", application_id=application.id, lang_code=locale
                ),
            )
    return one_line(message_templates.fill(subject, values)), message_templates.fill(text, values)


def save_wordings(
    delegation: Delegation, status: S, texts: dict[str, dict[str, str]], *, by: User
) -> None:
    """Keep the delegation's own wording of the message for `status` in each language
    of `texts`; a language left out, or written as the default, uses the default."""
    if S(status) not in message_templates.NOTIFIED:
        raise DomainError(_l("The applicant is not written to about this decision."))
    own = message_templates.own_wordings(delegation.id)
    for locale in languages():
        written = texts.get(locale)
        existing = own.get((S(status).value, locale))
        default = message_templates.default_wording(status, locale)
        if written:  # as a browser sends a text area: CRLF line ends, trailing spaces
            body = written.get("body") or ""  # a field left out of the form is None
            written = {
                "subject": (written.get("subject") or "").strip(),
                "body": "\n".join(line.rstrip() for line in body.splitlines()).strip(),
            }
        if not written or (written["subject"], written["body"]) == default:
            if existing is not None:
                db.session.delete(existing)
            continue
        _check_wording(S(status), locale, written["subject"], written["body"])
        if existing is None:
            existing = MessageTemplate(delegation_id=delegation.id, status=status, locale=locale)
            db.session.add(existing)
        existing.subject, existing.body = one_line(written["subject"]), written["body"]
        existing.updated_by_id = by.id
    db.session.flush()


def _check_wording(status: S, locale: str, subject: str, body: str) -> None:
    if not subject or not body:
        raise DomainError(
            _l("Write both the subject and the text."),
            field=f"{locale}-{'body' if subject else 'subject'}",
        )
    unknown = message_templates.unknown_placeholders(status, subject, body)
    if unknown:
        raise DomainError(
            _l(
                "The portal does not know %(unknown)s. Use %(known)s.",
                unknown=", ".join(unknown),
                known=", ".join(f"{{{name}}}" for name in message_templates.known(status)),
            ),
            field=f"{locale}-body",
        )


def undo_decision(application: Application, *, by: User) -> None:
    """Take back the latest move while its message has not left: the drafted message is
    dropped and, for an acceptance, the membership it opened is removed."""
    last = workflow.last_team_move(application)
    left = last is not None and message_left(application.id, since=last.created_at)
    if last is None or not can_undo(by, application, message_left=left):
        raise DomainError(
            _l("This decision can no longer be undone: its message has left, or it is too old.")
        )
    for notice in draft_notices_since(application.id, since=last.created_at):
        db.session.delete(notice)
    if last.to_status == S.ACCEPTED and application.user is not None:
        remove_member_added_today(application.user, application.delegation_id)
    workflow.undo(application, by=by)


def reply_address(delegation: Delegation, sender: Any) -> str | None:
    """Where an applicant's answer to a decision goes: the delegation's contact address
    (an admin setting), else the lead who sent the message."""
    return delegation.contact_email or getattr(sender, "email", None)


def send_notice(
    notice: DecisionNotice,
    *,
    by: Any,
    subject: str | None = None,
    body: str | None = None,
) -> None:
    """Queue the decision message (with the lead's edits) for the applicant, from the
    portal's address, answers going to `reply_address()`."""
    if notice.state != NoticeState.DRAFT:
        raise DomainError(_l("This message was already sent or discarded."))
    applicant = notice.application.user
    if applicant is None:
        raise DomainError(_l("The applicant's account no longer exists."))
    if is_out_of_date(notice):
        raise DomainError(
            _l(
                "This message announces “%(decision)s”, but the application is now "
                "“%(status)s”: it is out of date. Do not send it.",
                decision=notice.status.label,
                status=notice.application.status.label,
            )
        )
    notice.subject = (subject if subject is not None else notice.subject).strip()
    notice.body = (body if body is not None else notice.body).strip()
    if not notice.subject or not notice.body:
        raise DomainError(_l("The message needs a subject and a text."), field="subject")
    unfilled = unfilled_placeholders(notice.subject, notice.body)
    if unfilled:
        raise DomainError(
            _l(
                "Replace %(placeholders)s with what the applicant needs to know before sending.",
                placeholders=", ".join(unfilled),
            ),
            field="body",
        )
    queue_text(
        to=applicant.email,
        kind=f"decision_{notice.status}",
        locale=notice.locale,
        subject=notice.subject,
        text=notice.body,
        reply_to=reply_address(notice.application.opening.delegation, by),
    )
    notice.state = NoticeState.QUEUED
    _welcome_if_accepted(notice)


def _welcome_if_accepted(notice: DecisionNotice) -> None:
    """An accepted applicant's welcome to the team (with its onboarding checklist)
    leaves with, or instead of, the acceptance message: never before the lead has
    settled what to tell them, and never for an acceptance that was undone."""
    applicant = notice.application.user
    if notice.status != S.ACCEPTED or applicant is None:
        return
    membership = current_membership(applicant.id, notice.delegation_id)
    if membership is not None:
        welcome(membership)


def discard_notice(notice: DecisionNotice) -> None:
    """Do not send the decision message; the decision stands."""
    if notice.state != NoticeState.DRAFT:
        raise DomainError(_l("This message was already sent or discarded."))
    notice.state = NoticeState.DISCARDED
    _welcome_if_accepted(notice)


def bulk_decline(applications: list[Application], *, by: User, note: str, send_now: bool) -> int:
    """Decline several applications at once; their e-mails are queued or kept as drafts."""
    declined = 0
    for application in applications:
        if S.DECLINED not in decision_choices(by, application):
            continue
        notice = decide(application, S.DECLINED, by=by, note=note)
        if notice is not None and send_now:
            send_notice(notice, by=by)
        declined += 1
    return declined
