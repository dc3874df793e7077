"""Applying for a volunteer role. Flush, never commit: the view commits once, so the
application, its CV, its history and its e-mails land together or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from portal.accounts.models import User
from portal.accounts.services import record_consent
from portal.applications import workflow
from portal.applications.enums import ApplicationStatus
from portal.applications.models import (
    Application,
    ApplicationLanguage,
    ProfileLanguage,
    VolunteerProfile,
)
from portal.applications.queries import profile_of
from portal.applications.rules import ApplyBlock, apply_block
from portal.core.clock import utcnow
from portal.core.db import sync_keyed_rows
from portal.core.domain import DomainError
from portal.core.languages import meets
from portal.core.mail import queue_mail
from portal.core.models import Document
from portal.core.uploads import check_cv, copy_document, store
from portal.core.urls import absolute_url
from portal.delegations.queries import current_leads
from portal.extensions import db
from portal.openings.models import Opening
from portal.privacy.notices import current_version

REFUSALS = {
    ApplyBlock.ALREADY_APPLIED: _l("You have already applied for this role."),
    ApplyBlock.CLOSED: _l("This volunteer role no longer takes applications."),
    ApplyBlock.UNCONFIRMED: _l(
        "Confirm your e-mail address before you apply: follow the link "
        "we sent you, or ask for a new one on your account page."
    ),
}


@dataclass
class ApplicationInput:
    """What the applicant wrote in the form."""

    motivation: str
    availability: str
    languages: dict[str, str]  # language -> CEFR level
    answers: dict[str, Any]  # question id -> answer
    cv: FileStorage | None  # a newly chosen file, not yet checked
    # The CV of the person's volunteer profile: copied when the application has none.
    profile_cv: Document | None = None


@dataclass
class ProfileInput:
    """What a volunteer keeps in their profile."""

    phone: str
    city: str
    availability: str
    languages: dict[str, str]  # language -> CEFR level
    cv: FileStorage | None  # a newly chosen file, not yet checked
    remove_cv: bool = False


def save_application(
    application: Application | None,
    *,
    opening: Opening,
    user: User,
    data: ApplicationInput,
    submit: bool,
) -> Application:
    """Save the person's draft for `opening` and, when `submit`, send it."""
    application = save_draft(application, opening=opening, user=user, data=data)
    if submit:
        submit_application(application, user=user, opening=opening)
    return application


def _writable_draft(
    application: Application | None, *, opening: Opening, user: User
) -> Application:
    """The person's draft for `opening`: a new one, the existing draft, or the
    application they withdrew, reopened (while the role takes applications)."""
    block = apply_block(user, opening, application)
    if block is ApplyBlock.ALREADY_APPLIED:
        raise DomainError(REFUSALS[ApplyBlock.ALREADY_APPLIED])
    if block is ApplyBlock.CLOSED and application is None:
        raise DomainError(REFUSALS[ApplyBlock.CLOSED])
    if application is None:
        application = Application(
            opening_id=opening.id,
            delegation_id=opening.delegation_id,
            user_id=user.id,
            status=ApplicationStatus.DRAFT,
            answers={},
            motivation="",
            availability="",
        )
        db.session.add(application)
    elif application.status == ApplicationStatus.WITHDRAWN:
        if block is ApplyBlock.CLOSED:
            raise DomainError(REFUSALS[ApplyBlock.CLOSED])
        workflow.transition(application, ApplicationStatus.DRAFT, by=user)
    return application


def _replace_cv(application: Application, cv: Any, *, user: User) -> None:
    old = application.cv
    application.cv = store(cv, owner_id=user.id, kind="cv")
    if old is not None:
        db.session.delete(old)


def _flush_once(application: Application) -> Application:
    try:
        db.session.flush()
    except IntegrityError as error:  # a second tab or a double click got there first
        raise DomainError(REFUSALS[ApplyBlock.ALREADY_APPLIED]) from error
    return application


def keep_cv(
    application: Application | None, *, opening: Opening, user: User, upload: FileStorage
) -> Application:
    """A CV chosen in a form that had to be corrected is kept with the draft, so that
    the person never has to choose it again (the rest stays in the re-shown form)."""
    cv = check_cv(upload)
    application = _writable_draft(application, opening=opening, user=user)
    _replace_cv(application, cv, user=user)
    return _flush_once(application)


def save_draft(
    application: Application | None, *, opening: Opening, user: User, data: ApplicationInput
) -> Application:
    """Create or update the user's draft for `opening`; a new CV is checked first."""
    cv = check_cv(data.cv) if data.cv is not None and data.cv.filename else None
    application = _writable_draft(application, opening=opening, user=user)
    application.motivation = data.motivation.strip()
    application.availability = data.availability.strip()
    application.answers = {k: v for k, v in data.answers.items() if v not in ("", None)}
    sync_keyed_rows(
        application.languages,
        data.languages,
        key="language",
        value="level",
        make=lambda lang, level: ApplicationLanguage(language=lang, level=level),
    )
    application.meets_languages = meets(opening.required_levels, data.languages)
    if cv is not None:
        _replace_cv(application, cv, user=user)
    elif application.cv is None and data.profile_cv is not None:
        application.cv = copy_document(data.profile_cv, owner_id=user.id)
    return _flush_once(application)


def save_profile(user: User, data: ProfileInput) -> VolunteerProfile:
    """Create or update the person's volunteer profile; a new CV is checked first."""
    cv = check_cv(data.cv) if data.cv is not None and data.cv.filename else None
    profile = profile_of(user.id)
    if profile is None:
        profile = VolunteerProfile(user_id=user.id)
        db.session.add(profile)
    profile.phone, profile.city = data.phone.strip(), data.city.strip()
    profile.availability = data.availability.strip()
    sync_keyed_rows(
        profile.languages,
        data.languages,
        key="language",
        value="level",
        make=lambda lang, level: ProfileLanguage(language=lang, level=level),
    )
    old = profile.cv
    if cv is not None:
        profile.cv = store(cv, owner_id=user.id, kind="cv")
    elif data.remove_cv:
        profile.cv = None
    if old is not None and profile.cv is not old:
        db.session.delete(old)
    db.session.flush()
    return profile


def submit_application(application: Application, *, user: User, opening: Opening) -> None:
    """Submit a complete draft: record consent and history, tell applicant and leads."""
    block = apply_block(user, opening, application)
    if block is not None:
        raise DomainError(REFUSALS[block], field="consent")
    application.consent_version = current_version()
    application.consent_at = utcnow()
    record_consent(user, kind="application-data", version=current_version(), locale=user.locale)
    workflow.transition(application, ApplicationStatus.SUBMITTED, by=user)
    _tell_applicant(application, user, opening)
    _tell_leads(application, user, opening)


def _tell_applicant(application: Application, user: User, opening: Opening) -> None:
    queue_mail(
        to=user.email,
        template="application_received",
        locale=user.locale,
        user=user,
        role_title=opening.translated("title", user.locale),
        application_url=absolute_url(
            "applications.mine_detail", application_id=application.id, lang_code=user.locale
        ),
    )


def _tell_leads(application: Application, applicant: User, opening: Opening) -> None:
    for lead in current_leads(opening.delegation_id):
        queue_mail(
            to=lead.email,
            template="application_new",
            locale=lead.locale,
            about=applicant.id,
            user=lead,
            applicant=applicant,
            role_title=opening.translated("title", lead.locale),
            meets_languages=application.meets_languages,
            application_url=absolute_url(
                "reviews_manage.detail",
                slug=opening.delegation.slug,
                application_id=application.id,
                lang_code=lead.locale,
            ),
        )


def withdraw(application: Application, *, user: User) -> None:
    """The applicant withdraws; the workflow refuses if it is too late."""
    workflow.transition(application, ApplicationStatus.WITHDRAWN, by=user)
