"""Turn the demo content into rows. Creates what is missing and leaves what exists
alone, so running it twice (or after a lead edited a post) changes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.accounts.services import find_by_email
from portal.core.clock import utcnow
from portal.core.text import markdown_to_html
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Delegation, DelegationTranslation, Membership
from portal.demo.content import DELEGATIONS, OPENINGS, POSTS
from portal.extensions import db
from portal.news.enums import PostStatus
from portal.news.models import NewsPost, NewsPostTranslation
from portal.openings.enums import OpeningStatus
from portal.openings.models import Opening, OpeningTranslation

LOCALES = ("en", "fr")

# Printed by `flask portal seed-demo`: development only.
DEMO_ACCOUNTS = [
    {"role": "admin", "email": "admin@example.org", "name": "Ada Admin",
     "password": "demo-admin-pass", "locale": "en", "admin": True, "leads": None},
    {"role": "lead, European Union", "email": "lead.eu@example.org", "name": "Eva Europa",
     "password": "demo-lead-pass", "locale": "en", "admin": False, "leads": "european-union"},
    {"role": "lead, United Nations", "email": "lead.un@example.org", "name": "Nora Nations",
     "password": "demo-lead-pass", "locale": "en", "admin": False, "leads": "united-nations"},
    {"role": "lead, UNESCO", "email": "lead.unesco@example.org", "name": "Camille Dubois",
     "password": "demo-lead-pass", "locale": "fr", "admin": False, "leads": "unesco"},
    {"role": "volunteer", "email": "volunteer@example.org", "name": "Valentina Rossi",
     "password": "demo-volunteer-pass", "locale": "fr", "admin": False, "leads": None},
]


def _by_slug(model: type, slug: str):
    return db.session.scalars(select(model).where(model.slug == slug)).first()


def seed_delegations() -> dict[str, Delegation]:
    found: dict[str, Delegation] = {}
    for data in DELEGATIONS:
        delegation = _by_slug(Delegation, data["slug"])
        if delegation is None:
            delegation = Delegation(slug=data["slug"], sort_order=data["sort_order"])
            delegation.translations = [
                DelegationTranslation(locale=locale, **data[locale]) for locale in LOCALES
            ]
            db.session.add(delegation)
        found[data["slug"]] = delegation
    db.session.flush()
    return found


def seed_posts(delegations: dict[str, Delegation]) -> int:
    created = 0
    for data in POSTS:
        if _by_slug(NewsPost, data["slug"]) is not None:
            continue
        post = NewsPost(
            slug=data["slug"],
            delegation=delegations[data["delegation"]],
            dateline=data["dateline"],
            status=PostStatus.PUBLISHED,
            published_at=data["published_at"],
        )
        post.translations = [
            NewsPostTranslation(
                locale=locale,
                title=data[locale]["title"],
                summary=data[locale]["summary"],
                body=data[locale]["body"],
                body_html=str(markdown_to_html(data[locale]["body"])),
            )
            for locale in LOCALES
            if locale in data
        ]
        db.session.add(post)
        created += 1
    db.session.flush()
    return created


def seed_openings(delegations: dict[str, Delegation]) -> int:
    created = 0
    for data in OPENINGS:
        if _by_slug(Opening, data["slug"]) is not None:
            continue
        delegation = delegations[data["delegation"]]
        opening = Opening(
            slug=data["slug"],
            delegation=delegation,
            status=OpeningStatus.OPEN,
            location=data["location"],
            is_remote=data["is_remote"],
            commitment=data["commitment"],
            places=data["places"],
            starts_on=(utcnow() + timedelta(days=data["open_for_days"] + 14)).date(),
        )
        opening.set_closing_date(
            (utcnow() + timedelta(days=data["open_for_days"])).date(), delegation.timezone
        )
        opening.translations = [
            OpeningTranslation(locale=locale, **data[locale]) for locale in LOCALES
        ]
        db.session.add(opening)
        created += 1
    db.session.flush()
    return created


def seed_accounts(delegations: dict[str, Delegation]) -> int:
    """Demo accounts, confirmed, with a lead membership per delegation."""
    created = 0
    for data in DEMO_ACCOUNTS:
        if find_by_email(data["email"]) is not None:
            continue
        user = User(email=data["email"], name=data["name"], locale=data["locale"],
                    password_hash=hash_password(data["password"]), is_admin=data["admin"],
                    email_confirmed_at=utcnow())
        db.session.add(user)
        db.session.flush()
        if data["leads"]:
            db.session.add(Membership(user_id=user.id, delegation=delegations[data["leads"]],
                                      role=MembershipRole.LEAD, is_reviewer=True,
                                      title="Head of delegation"))
        created += 1
    db.session.flush()
    return created


def seed_demo_content() -> str:
    """Create the demo delegations, posts, roles and accounts that are missing."""
    delegations = seed_delegations()
    posts = seed_posts(delegations)
    openings = seed_openings(delegations)
    accounts = seed_accounts(delegations)
    return (f"{len(delegations)} delegations, {posts} new posts, {openings} new volunteer roles, "
            f"{accounts} new accounts")
