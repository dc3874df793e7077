"""Team changes: members from accepted applications, titles and rights, the last-lead
rule, invitations. Flush, never commit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal.accounts.models import User
from portal.applications.models import Application
from portal.core.audit import record
from portal.core.clock import utcnow
from portal.core.domain import DomainError
from portal.core.enums import OutboxStatus
from portal.core.i18n import clean_labels
from portal.core.mail import queue_mail
from portal.core.models import OutboxEmail
from portal.core.tokens import make_token, read_token
from portal.core.urls import absolute_url
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Delegation, Membership
from portal.delegations.queries import current_membership, lead_count, lock_delegation
from portal.extensions import db
from portal.teams.enums import InvitationState
from portal.teams.models import Invitation

INVITATION_VALID_FOR = timedelta(days=14)


def add_member(
    user: User,
    delegation: Delegation | int,
    *,
    titles: dict[str, str] | None = None,
    role: str = MembershipRole.MEMBER,
) -> Membership:
    """Make `user` a current member of the delegation (their current membership, if any,
    stays as it is, and gains the titles if it had none)."""
    delegation_id = delegation if isinstance(delegation, int) else delegation.id
    membership = current_membership(user.id, delegation_id)
    if membership is None:
        membership = Membership(
            user_id=user.id, delegation_id=delegation_id, titles=clean_labels(titles)
        )
        membership.set_role(role, reviewer=False)
        db.session.add(membership)
    elif titles and not membership.titles:
        membership.titles = clean_labels(titles)
    db.session.flush()
    return membership


def add_member_from_application(application: Application) -> Membership | None:
    """An accepted applicant joins the team, titled after the role in each of its
    languages."""
    if application.user is None:
        return None
    titles = {text.locale: text.title[:120] for text in application.opening.translations}
    return add_member(application.user, application.delegation_id, titles=titles)


def remove_member_added_today(user: User, delegation_id: int) -> None:
    """Undoing an acceptance: the plain membership it opened today goes (a membership
    the person had before, or a lead's, stays)."""
    membership = current_membership(user.id, delegation_id)
    if (
        membership is not None
        and membership.role == MembershipRole.MEMBER
        and membership.started_on == utcnow().date()
    ):
        db.session.delete(membership)
        db.session.flush()


def refuse_if_last_lead(membership: Membership) -> None:
    """The last-lead rule: a delegation always keeps at least one lead.

    The delegation's row is locked first (PostgreSQL; SQLite's writers are serialised by
    BEGIN IMMEDIATE), so that two leads demoting each other at the same moment count
    one after the other and the second is refused.
    """
    if membership.role != MembershipRole.LEAD:
        return
    lock_delegation(membership.delegation_id)
    if lead_count(membership.delegation_id) <= 1:
        raise DomainError(
            _l("A delegation must keep at least one lead: appoint another lead first.")
        )


def update_member(
    membership: Membership,
    *,
    titles: dict[str, str],
    role: str,
    is_reviewer: bool,
    hidden_by_lead: bool,
    term_ends_on: date | None = None,
) -> None:
    """Change a current member's titles, role, reviewing right and term; hide them from
    the public page, or stop hiding them (whether they are listed is their choice)."""
    if membership.ended_on is not None:
        raise DomainError(_l("This membership has ended."))
    if role != membership.role and role == MembershipRole.MEMBER:
        refuse_if_last_lead(membership)
    if role != membership.role:
        record(
            "membership.role_changed",
            subject=membership,
            from_role=membership.role,
            to_role=role,
            delegation_id=membership.delegation_id,
        )
    membership.titles = clean_labels(titles)
    membership.set_role(role, reviewer=is_reviewer)
    membership.hidden_by_lead = hidden_by_lead
    if term_ends_on != membership.term_ends_on:  # a renewed term gets its own reminder
        membership.term_reminded_on = None
    membership.term_ends_on = term_ends_on
    if term_ends_on is not None and term_ends_on < membership.started_on:
        raise DomainError(
            _l("The term cannot end before the membership started."), field="term_ends_on"
        )
    db.session.flush()


def set_listing_consent(membership: Membership, *, listed: bool) -> None:
    """The member's own answer: named on the delegation's public page, or not."""
    if membership.ended_on is not None:
        raise DomainError(_l("This membership has ended."))
    membership.listing_consent = listed
    db.session.flush()


def end_membership(membership: Membership) -> None:
    """The person leaves the team; the membership stays as history."""
    if membership.ended_on is not None:
        raise DomainError(_l("This membership has ended."))
    refuse_if_last_lead(membership)
    membership.ended_on = utcnow().date()
    record(
        "membership.ended",
        subject=membership,
        role=membership.role,
        delegation_id=membership.delegation_id,
    )
    db.session.flush()


def invite(
    delegation: Delegation,
    *,
    email: str,
    role: str,
    titles: dict[str, str],
    by: User,
    locale: str,
) -> Invitation:
    """E-mail an expiring invitation to join the team (an address already invited and
    not yet answering gets the same invitation again, with the new role and titles)."""
    address = email.strip().lower()
    invitation = next(
        (
            waiting
            for waiting in db.session.scalars(
                select(Invitation).where(
                    Invitation.delegation_id == delegation.id,
                    Invitation.email == address,
                    Invitation.accepted_at.is_(None),
                    Invitation.revoked_at.is_(None),
                )
            )
            if waiting.is_open
        ),
        None,
    )
    if invitation is None:
        invitation = Invitation(delegation_id=delegation.id, email=address)
        db.session.add(invitation)
    invitation.role, invitation.titles = role, clean_labels(titles)
    _send_invitation(invitation, delegation, by=by, locale=locale)
    return invitation


def _send_invitation(
    invitation: Invitation, delegation: Delegation, *, by: User, locale: str
) -> None:
    invitation.invited_by_id = by.id
    invitation.expires_at = utcnow() + INVITATION_VALID_FOR
    db.session.flush()
    token = make_token("invitation", {"id": invitation.id}, INVITATION_VALID_FOR)
    queue_mail(
        to=invitation.email,
        template="invitation",
        locale=locale,
        inviter=by,
        delegation_name=delegation.translated("name", locale),
        accept_url=absolute_url("teams.accept_invitation", token=token, lang_code=locale),
        days=INVITATION_VALID_FOR.days,
    )


def cancel_invitation(invitation: Invitation) -> None:
    """Make the invitation's link useless; it stays listed as cancelled."""
    if invitation.state != InvitationState.PENDING:
        raise DomainError(_l("Only a pending invitation can be cancelled."))
    invitation.revoked_at = utcnow()
    # Its e-mails still waiting to leave would carry a dead link: they do not go.
    db.session.execute(
        delete(OutboxEmail).where(
            OutboxEmail.kind == "invitation",
            OutboxEmail.to_address == invitation.email,
            OutboxEmail.status == OutboxStatus.PENDING,
        )
    )
    db.session.flush()


def resend_invitation(
    invitation: Invitation, delegation: Delegation, *, by: User, locale: str
) -> None:
    """Send the invitation again, valid for another INVITATION_VALID_FOR (a cancelled
    or expired one opens again)."""
    if invitation.state == InvitationState.ACCEPTED:
        raise DomainError(_l("This invitation was accepted: there is nothing to send."))
    invitation.revoked_at = None
    _send_invitation(invitation, delegation, by=by, locale=locale)


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation a link's token names, if it is still open."""
    data = read_token("invitation", token)
    invitation = db.session.get(Invitation, data["id"]) if data else None
    return invitation if invitation is not None and invitation.is_open else None


def invitation_refusal(invitation: Invitation, user: Any) -> Any:
    """Why `user` may not accept the invitation (None when they may): only the invited
    address, confirmed, can use the link, so that a forwarded or stolen link is
    worthless, even to someone who creates an account for it."""
    if not user.is_confirmed:
        return _l("Confirm your e-mail address first: follow the link we sent you.")
    if user.email != invitation.email:
        return _l(
            "This invitation was sent to %(email)s. Sign in with that address to accept it.",
            email=invitation.email,
        )
    return None


def accept_invitation(token: str, user: Any) -> Membership:
    """The invitee joins the team in the invited role."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise DomainError(_l("This invitation is invalid, has expired or was already used."))
    refusal = invitation_refusal(invitation, user)
    if refusal is not None:
        raise DomainError(refusal)
    membership = current_membership(user.id, invitation.delegation_id)
    if membership is None:
        membership = add_member(
            user, invitation.delegation_id, titles=invitation.titles, role=invitation.role
        )
    elif invitation.role == MembershipRole.LEAD:
        membership.set_role(MembershipRole.LEAD)
    invitation.accepted_at = utcnow()
    record(
        "membership.joined_by_invitation",
        actor=user,
        subject=membership,
        role=membership.role,
        delegation_id=membership.delegation_id,
    )
    db.session.flush()
    return membership
