"""Admin operations on delegations and leads. Flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.accounts.models import User
from portal.core.audit import record
from portal.core.db import sync_translations
from portal.core.domain import DomainError
from portal.core.i18n import clean_labels
from portal.core.mail import queue_mail
from portal.core.urls import absolute_url
from portal.delegations.enums import MembershipRole
from portal.delegations.models import TEXT_FIELDS, Delegation, DelegationTranslation, Membership
from portal.delegations.queries import current_membership
from portal.extensions import db
from portal.teams.services import refuse_if_last_lead


def save_delegation(
    delegation: Delegation,
    *,
    slug: str,
    sort_order: int,
    is_active: bool,
    timezone: str,
    texts: dict[str, dict[str, str]],
    contact_email: str | None = None,
) -> Delegation:
    """Create or update a delegation and its per-language texts (a language left out of
    `texts` is removed)."""
    taken = db.session.scalars(
        select(Delegation.id).where(Delegation.slug == slug, Delegation.id != delegation.id)
    ).first()
    if taken is not None:
        raise DomainError(_l("Another delegation already uses this address name."), field="slug")
    delegation.slug, delegation.sort_order = slug, sort_order
    delegation.is_active, delegation.timezone = is_active, timezone
    delegation.contact_email = contact_email
    sync_translations(
        delegation.translations,
        texts,
        make=lambda locale: DelegationTranslation(locale=locale),
        fields=TEXT_FIELDS,
    )
    db.session.add(delegation)
    db.session.flush()
    record("admin.delegation_saved", subject=delegation, slug=slug)
    return delegation


def appoint_lead(
    user: User, delegation: Delegation, *, titles: dict[str, str] | None = None
) -> Membership:
    """Make `user` a lead of `delegation` (promoting a current membership if any)."""
    current = current_membership(user.id, delegation.id)
    if current is not None and current.role == MembershipRole.LEAD:
        raise DomainError(_l("This person already leads this delegation."))
    if current is None:
        current = Membership(user_id=user.id, delegation_id=delegation.id)
        db.session.add(current)
    current.set_role(MembershipRole.LEAD)
    if clean_labels(titles):
        current.titles = clean_labels(titles)
    record(
        "membership.lead_appointed",
        subject=current,
        delegation_id=delegation.id,
        user_id=user.id,
    )
    queue_mail(
        to=user.email,
        template="lead_appointed",
        locale=user.locale,
        user=user,
        delegation_name=delegation.translated("name", user.locale),
        workspace_url=absolute_url("workspace.home", lang_code=user.locale),
    )
    db.session.flush()
    return current


def end_lead_role(membership: Membership) -> None:
    """Remove a lead role: the person stays in the team as a member (with their title),
    no longer leading or reviewing; the team's leads may end the membership."""
    if membership.ended_on is not None or membership.role != MembershipRole.LEAD:
        raise DomainError(_l("This person is not a current lead of this delegation."))
    refuse_if_last_lead(membership)
    membership.set_role(MembershipRole.MEMBER, reviewer=False)
    record(
        "membership.lead_removed",
        subject=membership,
        delegation_id=membership.delegation_id,
        user_id=membership.user_id,
    )
    db.session.flush()
