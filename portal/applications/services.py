"""Applying for a volunteer role. Flush, never commit: the view commits once, so the
application, its CV, its history and its e-mails land together or not at all."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.services import record_consent
from portal.applications import workflow
from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application, ApplicationLanguage
from portal.core.clock import utcnow
from portal.core.db import sync_keyed_rows
from portal.core.domain import DomainError
from portal.core.languages import meets
from portal.core.mail import queue_mail
from portal.core.uploads import CheckedFile, store
from portal.core.urls import absolute_url
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Membership
from portal.extensions import db
from portal.openings.models import Opening
from portal.privacy.notices import current_version


def find_application(opening: Opening, user: User) -> Application | None:
    return db.session.scalars(
        select(Application).where(
            Application.opening_id == opening.id, Application.user_id == user.id
        )
    ).first()


def save_draft(
    application: Application | None,
    *,
    opening: Opening,
    user: User,
    motivation: str,
    availability: str,
    languages: dict[str, str],
    answers: dict[str, Any],
    cv: CheckedFile | None,
) -> Application:
    """Create or update the user's draft for `opening`."""
    if application is None:
        application = Application(
            opening_id=opening.id,
            delegation_id=opening.delegation_id,
            user_id=user.id,
            status=ApplicationStatus.DRAFT,
            answers={},
        )
        db.session.add(application)
    elif application.status != ApplicationStatus.DRAFT:
        raise DomainError(_l("You have already applied for this role."))
    application.motivation = motivation.strip()
    application.availability = availability.strip()
    application.answers = {key: value for key, value in answers.items() if value not in ("", None)}
    sync_keyed_rows(
        application.languages,
        languages,
        key="language",
        value="level",
        make=lambda lang, level: ApplicationLanguage(language=lang, level=level),
    )
    application.meets_languages = meets(opening.required_levels, languages)
    if cv is not None:
        old = application.cv
        application.cv = store(cv, owner_id=user.id, kind="cv")
        if old is not None:
            db.session.delete(old)
    db.session.flush()
    return application


def submit(application: Application, *, user: User, opening: Opening) -> None:
    """Submit a complete draft: record consent and history, tell applicant and leads."""
    if not user.is_confirmed:
        raise DomainError(_l("Confirm your e-mail address before you apply."), field="email")
    if not opening.accepts_applications():
        raise DomainError(_l("This volunteer role no longer takes applications."))
    application.consent_version = current_version()
    application.consent_at = utcnow()
    record_consent(user, kind="application-data", version=current_version(), locale=user.locale)
    workflow.transition(application, ApplicationStatus.SUBMITTED, by=user)
    _tell_applicant(application, user, opening)
    _tell_leads(application, user, opening)


def _role_title(opening: Opening, locale: str) -> str:
    localized = opening.localized(locale)
    return localized.title if localized else opening.slug


def _tell_applicant(application: Application, user: User, opening: Opening) -> None:
    queue_mail(
        to=user.email,
        template="application_received",
        locale=user.locale,
        user=user,
        role_title=_role_title(opening, user.locale),
        application_url=absolute_url(
            "applications.mine_detail", application_id=application.id, lang_code=user.locale
        ),
    )


def _tell_leads(application: Application, applicant: User, opening: Opening) -> None:
    leads = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.delegation_id == opening.delegation_id,
            Membership.role == MembershipRole.LEAD,
            Membership.ended_on.is_(None),
            User.is_active_account.is_(True),
        )
    ).all()
    for lead in leads:
        queue_mail(
            to=lead.email,
            template="application_new",
            locale=lead.locale,
            user=lead,
            applicant=applicant,
            role_title=_role_title(opening, lead.locale),
            meets_languages=application.meets_languages,
            roles_url=absolute_url(
                "reviews_manage.detail",
                slug=opening.delegation.slug,
                application_id=application.id,
                lang_code=lead.locale,
            ),
        )


def withdraw(application: Application, *, user: User) -> None:
    workflow.transition(application, ApplicationStatus.WITHDRAWN, by=user)
