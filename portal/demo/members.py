"""The demo's members' space, in the United Nations delegation: two volunteers in the
team, an onboarding checklist (one of them done, the other half-way), UN grounds passes
(one expiring before the session, so it is flagged), the coming Human Rights Council
session (one of them designated), an announcement and two documents.

Dates are relative to the day the demo is made, so the session is always ahead."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.accounts.services import find_by_email
from portal.core.clock import utcnow
from portal.core.models import Document, DocumentContent
from portal.delegations.models import Delegation, Membership
from portal.demo.pdf import demo_cv_pdf
from portal.extensions import db
from portal.members.models import (
    Accreditation,
    AccreditationType,
    Announcement,
    AnnouncementTranslation,
    ChecklistItem,
    ChecklistTick,
    Meeting,
    MeetingTranslation,
    MeetingVolunteer,
    TeamDocument,
)

DELEGATION = "united-nations"
# Printed with the other demo accounts by `flask portal seed-demo`.
MEMBERS: list[dict[str, Any]] = [
    {
        "role": "member, UN",
        "email": "member.un@example.org",
        "name": "Amira Haddad",
        "password": "demo-member-pass",
        "locale": "fr",
        "titles": {"en": "Representative in Geneva", "fr": "Représentante à Genève"},
    },
    {
        "role": "member, UN",
        "email": "member2.un@example.org",
        "name": "Tom Becker",
        "password": "demo-member-pass",
        "locale": "en",
        "titles": {"en": "Volunteer, Geneva", "fr": "Bénévole, Genève"},
    },
]
STEPS = [
    ({"en": "Sign the volunteer agreement", "fr": "Signer la convention de bénévolat"}, True),
    ({"en": "Read the advocacy guide", "fr": "Lire le guide de plaidoyer"}, False),
    ({"en": "Request your UN grounds pass", "fr": "Demander votre badge d'accès de l'ONU"}, False),
]


def _pdf(title: str) -> Document:
    data = demo_cv_pdf(title)
    document = Document(
        owner_id=None,
        kind="team",
        original_name=f"{title.lower().replace(' ', '-')}.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    document.content = DocumentContent(data=data)
    return document


def _member(delegation: Delegation, data: dict[str, Any]) -> Membership:
    user = find_by_email(data["email"])
    if user is None:
        user = User(
            email=data["email"],
            name=data["name"],
            locale=data["locale"],
            password_hash=hash_password(data["password"]),
            email_confirmed_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
    membership = Membership(
        user_id=user.id,
        delegation_id=delegation.id,
        titles=data["titles"],
        listing_consent=True,
        started_on=utcnow().date() - timedelta(days=60),
    )
    membership.set_role("member", reviewer=False)
    db.session.add(membership)
    db.session.flush()
    return membership


def seed_members_space() -> int:
    """The UN delegation's members' space, made once (returns 1 when made)."""
    delegation = db.session.scalars(select(Delegation).where(Delegation.slug == DELEGATION)).first()
    if (
        delegation is None
        or db.session.scalars(
            select(Meeting.id).where(Meeting.delegation_id == delegation.id)
        ).first()
    ):
        return 0
    today = utcnow().date()
    amira, tom = (_member(delegation, data) for data in MEMBERS)
    lead = db.session.scalars(select(User).where(User.email == "lead.un@example.org")).first()

    guide = TeamDocument(
        delegation_id=delegation.id,
        labels={"en": "Advocacy guide", "fr": "Guide de plaidoyer"},
        uploaded_by_id=lead.id if lead else None,
    )
    guide.document = _pdf("Advocacy guide")
    briefing = TeamDocument(
        delegation_id=delegation.id,
        labels={
            "en": "Briefing note: unpaid care work",
            "fr": "Note d'information : le travail de soin non rémunéré",
        },
        uploaded_by_id=lead.id if lead else None,
    )
    briefing.document = _pdf("Briefing note")
    db.session.add_all([guide, briefing])
    db.session.flush()
    steps = []
    for position, (labels, lead_verifies) in enumerate(STEPS, start=1):
        step = ChecklistItem(
            delegation_id=delegation.id,
            labels=labels,
            position=position,
            lead_verifies=lead_verifies,
            document_id=guide.id if position == 2 else None,
        )
        steps.append(step)
    db.session.add_all(steps)
    db.session.flush()
    # Amira has done every step; Tom read the guide only.
    done = [(amira, step) for step in steps] + [(tom, steps[1])]
    for membership, step in done:
        db.session.add(
            ChecklistTick(
                membership_id=membership.id,
                item_id=step.id,
                done_by_id=lead.id if step.lead_verifies and lead else membership.user_id,
            )
        )

    grounds_pass = AccreditationType(
        delegation_id=delegation.id,
        labels={"en": "UN grounds pass, Geneva", "fr": "Badge d'accès de l'ONU, Genève"},
        issuer="United Nations Office at Geneva",
        position=1,
    )
    db.session.add(grounds_pass)
    db.session.flush()
    starts_on, ends_on = today + timedelta(days=40), today + timedelta(days=60)
    db.session.add_all(
        [
            Accreditation(
                user_id=amira.user_id,
                type_id=grounds_pass.id,
                number="UNOG-2026-0412",
                issuer="UNOG",
                valid_from=today - timedelta(days=100),
                valid_until=today + timedelta(days=265),
            ),
            # Expires in the middle of the session: flagged on the lead's page.
            Accreditation(
                user_id=tom.user_id,
                type_id=grounds_pass.id,
                number="UNOG-2025-1877",
                issuer="UNOG",
                valid_from=today - timedelta(days=320),
                valid_until=today + timedelta(days=45),
            ),
        ]
    )
    meeting = Meeting(
        delegation_id=delegation.id,
        starts_on=starts_on,
        ends_on=ends_on,
        accreditation_type_id=grounds_pass.id,
        designation_deadline=today + timedelta(days=30),
        places=2,
    )
    meeting.translations = [
        MeetingTranslation(
            locale="en",
            body="Human Rights Council",
            title="62nd regular session",
            place="Palais des Nations, Geneva",
            details="Side event on unpaid care work on the second Tuesday. "
            "Bring the briefing note.",
        ),
        MeetingTranslation(
            locale="fr",
            body="Conseil des droits de l'homme",
            title="62e session ordinaire",
            place="Palais des Nations, Genève",
            details="Événement parallèle sur le travail de soin non rémunéré le deuxième mardi. "
            "Apportez la note d'information.",
        ),
    ]
    db.session.add(meeting)
    db.session.flush()
    now = utcnow()
    db.session.add_all(
        [
            MeetingVolunteer(
                meeting_id=meeting.id,
                user_id=amira.user_id,
                note="Available for the whole session.",
                designated_at=now,
                designated_by_id=lead.id if lead else None,
            ),
            MeetingVolunteer(
                meeting_id=meeting.id, user_id=tom.user_id, note="The first two weeks only."
            ),
        ]
    )
    announcement = Announcement(delegation_id=delegation.id, author_id=lead.id if lead else None)
    announcement.translations = [
        AnnouncementTranslation(
            locale="en",
            title="Preparing the Human Rights Council session",
            body="Say in the members' space whether you can attend the **62nd session**, "
            "and check that your grounds pass is valid for its dates.",
        ),
        AnnouncementTranslation(
            locale="fr",
            title="Préparer la session du Conseil des droits de l'homme",
            body="Dites dans l'espace membres si vous pouvez participer à la **62e session**, "
            "et vérifiez que votre badge d'accès est valable à ses dates.",
        ),
    ]
    db.session.add(announcement)
    db.session.flush()
    return 1
