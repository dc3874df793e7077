""" "What do you hold about me?": a ZIP with a JSON file and the person's documents."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import Consent, User, UserSession
from portal.applications.models import Application
from portal.applications.queries import profile_of
from portal.core.models import Document
from portal.core.uploads import document_bytes
from portal.delegations.models import Delegation, Membership
from portal.extensions import db
from portal.interviews.queries import booking_of, interview_events
from portal.members.export import member_data
from portal.mfa.export import second_factor_data
from portal.openings.models import Opening, OpeningQuestion
from portal.reviews.models import Review


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _interview(application_id: int) -> dict[str, Any]:
    """The interview booked for the application, and its story."""
    held = booking_of(application_id)
    return {
        "booked": {
            "starts_at_utc": _iso(held.starts_at),
            "minutes": held.duration_minutes,
            "place": held.location,
            "video_link": held.video_url,
            "interviewers": [person.name for person in held.interviewers],
        }
        if held
        else None,
        "events": [
            {"what": event.action.removeprefix("interview."), "at": _iso(event.created_at)}
            for event in interview_events(application_id)
        ],
    }


def _answers(application: Application) -> list[dict[str, Any]]:
    questions = {str(q.id): q for q in application.opening.questions}
    answers = []
    for key, value in application.answers.items():
        question = questions.get(key)
        text = question.localized() if question else None
        answers.append({"question": text.prompt if text else None, "answer": value})
    return answers


def export_data(user: User) -> dict[str, Any]:
    """Everything the portal holds about `user`, and nothing about anyone else."""
    include_comments = current_app.config.get("EXPORT_REVIEW_COMMENTS", False)
    applications = db.session.scalars(
        select(Application)
        .where(Application.user_id == user.id)
        .order_by(Application.created_at)
        .options(
            selectinload(Application.languages),
            selectinload(Application.history),
            selectinload(Application.cv),
            selectinload(Application.opening).selectinload(Opening.translations),
            selectinload(Application.opening)
            .selectinload(Opening.questions)
            .selectinload(OpeningQuestion.translations),
            selectinload(Application.opening)
            .selectinload(Opening.delegation)
            .selectinload(Delegation.translations),
        )
    ).all()
    reviews = db.session.scalars(
        select(Review).where(Review.application_id.in_([a.id for a in applications]))
    ).all()
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.delegation).selectinload(Delegation.translations))
    ).all()
    profile = profile_of(user.id)
    return {
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "volunteer_profile": None
        if profile is None
        else {
            "phone": profile.phone,
            "city": profile.city,
            "availability": profile.availability,
            "languages": profile.spoken_levels,
            "cv": profile.cv.original_name if profile.cv else None,
            "updated_at": _iso(profile.updated_at),
        },
        "account": {
            "name": user.name,
            "email": user.email,
            "preferred_language": user.locale,
            "created_at": _iso(user.created_at),
            "email_confirmed_at": _iso(user.email_confirmed_at),
            "last_sign_in_at": _iso(user.last_login_at),
            "is_admin": user.is_admin,
        },
        "consents": [
            {
                "kind": c.kind,
                "version": c.version,
                "language": c.locale,
                "given_at": _iso(c.given_at),
            }
            for c in db.session.scalars(select(Consent).where(Consent.user_id == user.id))
        ],
        "sessions": [
            {
                "signed_in_at": _iso(s.created_at),
                "ended_at": _iso(s.revoked_at),
                "kept_signed_in": s.remember,
                "browser": s.user_agent,
                "address": s.ip_address,
                "second_factor_at": _iso(s.second_factor_at),
            }
            for s in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id))
        ],
        "memberships": [
            {
                "delegation": m.delegation.translated("name"),
                "role": m.role,
                "titles": m.titles,
                "reviewer": m.is_reviewer,
                "listed_publicly": m.listing_consent,
                "term_ends_on": _iso(m.term_ends_on),
                "started_on": _iso(m.started_on),
                "ended_on": _iso(m.ended_on),
                "shares_email_with_team": m.shares_email,
                "shares_phone_with_team": m.shares_phone,
                "announcements_by_email": m.notify,
            }
            for m in memberships
        ],
        **member_data(user.id, [m.id for m in memberships]),
        **second_factor_data(user),
        "applications": [
            {
                "volunteer_role": a.opening.translated("title"),
                "delegation": a.opening.delegation.translated("name"),
                "status": a.status,
                "created_at": _iso(a.created_at),
                "submitted_at": _iso(a.submitted_at),
                "decided_at": _iso(a.decided_at),
                "motivation": a.motivation,
                "availability": a.availability,
                "languages": a.spoken_levels,
                "answers": _answers(a),
                "consent": {"version": a.consent_version, "given_at": _iso(a.consent_at)},
                "cv": a.cv.original_name if a.cv else None,
                "status_history": [
                    {"from": c.from_status, "to": c.to_status, "at": _iso(c.created_at)}
                    for c in a.history
                ],
                "reviews": [
                    {
                        "reviewed_at": _iso(r.created_at),
                        **({"score": r.score, "comment": r.comment} if include_comments else {}),
                    }
                    for r in reviews
                    if r.application_id == a.id
                ],
                "interview": _interview(a.id),
            }
            for a in applications
        ],
    }


def export_zip(user: User) -> bytes:
    """data.json and every document the person uploaded."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(export_data(user), ensure_ascii=False, indent=2))
        documents = db.session.scalars(select(Document).where(Document.owner_id == user.id)).all()
        for document in documents:
            data = document_bytes(document)
            if data:
                safe = "".join(
                    ch if ch.isalnum() or ch in "._-" else "_" for ch in document.original_name
                )
                archive.writestr(f"documents/{document.id}-{safe}", data)
    return buffer.getvalue()
