""" "Delete me": personal data goes, anonymous records stay so statistics stay right.

The user row becomes an anonymous tombstone (so that memberships, reviews and the audit
trail keep their links); applications keep only role, dates and status.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select, update

from portal.accounts.models import Consent, User, UserSession
from portal.accounts.passwords import UNUSABLE_PASSWORD
from portal.applications.models import (
    Application,
    ApplicationLanguage,
    StatusChange,
    VolunteerProfile,
)
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.models import Document, OutboxEmail
from portal.delegations.models import Membership
from portal.extensions import db
from portal.members.services import forget_member_data
from portal.mfa.services import forget_factors
from portal.news.images import IMAGE_KIND
from portal.reviews.models import DecisionNotice, Review, ReviewAssignment
from portal.teams.models import Invitation

# The name an erased account keeps (its row stays, anonymous, for history).
TOMBSTONE_NAME = "—"


def is_erased(user: User) -> bool:
    """Whether the account is the tombstone `erase_user()` left."""
    return user.password_hash == UNUSABLE_PASSWORD and user.name == TOMBSTONE_NAME


def erase_user(user: User, *, by: User, reason: str = "") -> None:
    """Erase `user`'s personal data. Flushes; the caller commits."""
    email = user.email
    application_ids = list(
        db.session.scalars(select(Application.id).where(Application.user_id == user.id))
    )
    if application_ids:
        db.session.execute(
            delete(ApplicationLanguage).where(
                ApplicationLanguage.application_id.in_(application_ids)
            )
        )
        db.session.execute(
            delete(DecisionNotice).where(DecisionNotice.application_id.in_(application_ids))
        )
        db.session.execute(
            delete(ReviewAssignment).where(ReviewAssignment.application_id.in_(application_ids))
        )
        # Reviews and notes about the person may name them: keep the scores only.
        db.session.execute(
            update(Review).where(Review.application_id.in_(application_ids)).values(comment="")
        )
        db.session.execute(
            update(StatusChange)
            .where(StatusChange.application_id.in_(application_ids))
            .values(note="")
        )
        db.session.execute(
            update(Application)
            .where(Application.id.in_(application_ids))
            .values(
                user_id=None,
                motivation="",
                availability="",
                answers={},
                cv_id=None,
                consent_version=None,
                consent_at=None,
            )
        )
    db.session.execute(delete(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    forget_member_data(user.id)
    # Their documents (CVs) go; images they published as a lead stay, unowned.
    db.session.execute(
        update(Document)
        .where(Document.owner_id == user.id, Document.kind == IMAGE_KIND)
        .values(owner_id=None)
    )
    for document in db.session.scalars(select(Document).where(Document.owner_id == user.id)):
        db.session.delete(document)
    db.session.execute(
        update(Membership)
        .where(Membership.user_id == user.id, Membership.ended_on.is_(None))
        .values(ended_on=utcnow().date(), listing_consent=False)
    )
    db.session.execute(
        update(Membership)
        .where(Membership.user_id == user.id)
        .values(titles={}, listing_consent=False)
    )
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    forget_factors(user)
    db.session.execute(delete(Consent).where(Consent.user_id == user.id))
    db.session.execute(
        delete(OutboxEmail).where(
            (OutboxEmail.to_address == email) | (OutboxEmail.about_user_id == user.id)
        )
    )
    db.session.execute(delete(Invitation).where(Invitation.email == email))
    tombstone = f"erased-{user.id}-{secrets.token_hex(4)}@invalid"
    user.name, user.email, user.pending_email = TOMBSTONE_NAME, tombstone, None
    user.password_hash = UNUSABLE_PASSWORD
    user.is_active_account, user.is_admin = False, False
    user.email_confirmed_at = user.last_login_at = None
    record(
        "account.erased",
        actor=by,
        subject=user,
        by_self=by.id == user.id,
        reason=reason.strip()[:500] or None,
        applications=len(application_ids),
    )
    db.session.flush()
