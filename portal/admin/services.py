"""Admin operations on delegations and leads. Flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.accounts.models import User
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.domain import DomainError
from portal.core.mail import queue_mail
from portal.core.urls import absolute_url
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Delegation, DelegationTranslation, Membership
from portal.extensions import db

TEXT_FIELDS = ("name", "heading", "summary", "news_heading", "news_intro", "description")


def save_delegation(
    delegation: Delegation,
    *,
    slug: str,
    sort_order: int,
    is_active: bool,
    timezone: str,
    texts: dict[str, dict[str, str] | None],
) -> Delegation:
    """Create or update a delegation and its per-language texts (None removes one)."""
    taken = db.session.scalars(
        select(Delegation.id).where(Delegation.slug == slug, Delegation.id != delegation.id)
    ).first()
    if taken is not None:
        raise DomainError(_l("Another delegation already uses this address name."), field="slug")
    delegation.slug, delegation.sort_order = slug, sort_order
    delegation.is_active, delegation.timezone = is_active, timezone
    by_locale = {t.locale: t for t in delegation.translations}
    for locale, values in texts.items():
        existing = by_locale.get(locale)
        if values is None:
            if existing is not None:
                delegation.translations.remove(existing)
            continue
        clean = {name: (values.get(name) or "").strip() for name in TEXT_FIELDS}
        if existing is None:
            delegation.translations.append(DelegationTranslation(locale=locale, **clean))
        else:
            for name, value in clean.items():
                setattr(existing, name, value)
    db.session.add(delegation)
    db.session.flush()
    record("admin.delegation_saved", subject=delegation, slug=slug)
    return delegation


def appoint_lead(user: User, delegation: Delegation, *, title: str = "") -> Membership:
    """Make `user` a lead of `delegation` (promoting a current membership if any)."""
    current = db.session.scalars(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.delegation_id == delegation.id,
            Membership.ended_on.is_(None),
        )
    ).first()
    if current is not None and current.role == MembershipRole.LEAD:
        raise DomainError(_l("This person already leads this delegation."))
    if current is None:
        current = Membership(user_id=user.id, delegation_id=delegation.id)
        db.session.add(current)
    current.role = MembershipRole.LEAD
    current.is_reviewer = True
    if title:
        current.title = title
    record(
        "membership.lead_appointed",
        subject=current,
        delegation_id=delegation.id,
        user_id=user.id,
    )
    localized = delegation.localized(user.locale)
    queue_mail(
        to=user.email,
        template="lead_appointed",
        locale=user.locale,
        user=user,
        delegation_name=localized.name if localized else delegation.slug,
        workspace_url=absolute_url("delegations_manage.home", lang_code=user.locale),
    )
    db.session.flush()
    return current


def end_lead_role(membership: Membership) -> None:
    """Remove a lead: the membership ends and stays in the history."""
    if membership.ended_on is not None or membership.role != MembershipRole.LEAD:
        raise DomainError(_l("This person is not a current lead of this delegation."))
    membership.ended_on = utcnow().date()
    record(
        "membership.lead_removed",
        subject=membership,
        delegation_id=membership.delegation_id,
        user_id=membership.user_id,
    )
    db.session.flush()
