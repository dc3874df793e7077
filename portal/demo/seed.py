"""Turn the demo content into rows. Creates what is missing and leaves what exists
alone, so running it twice (or after a lead edited a post) changes nothing."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.accounts.services import find_by_email
from portal.applications.queries import find_application
from portal.applications.services import ApplicationInput, save_application
from portal.core.clock import utcnow
from portal.core.i18n import languages
from portal.core.text import markdown_to_html
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Delegation, DelegationTranslation, Membership
from portal.demo.content import DELEGATIONS, DEMO_APPLICATION, OPENINGS, POSTS
from portal.demo.covers import ALT as COVER_ALT
from portal.demo.covers import cover_png
from portal.demo.members import seed_members_space
from portal.demo.pdf import demo_cv_pdf
from portal.extensions import db
from portal.mfa.models import TotpSecret
from portal.mfa.secrets_box import encrypt
from portal.news.enums import PostStatus
from portal.news.images import store_image
from portal.news.models import NewsPost, NewsPostTranslation
from portal.news.services import set_cover
from portal.openings.enums import OpeningStatus
from portal.openings.models import (
    Opening,
    OpeningLanguage,
    OpeningQuestion,
    OpeningQuestionTranslation,
    OpeningTranslation,
)

# Printed by `flask portal seed-demo`: development only.
DEMO_ACCOUNTS: list[dict[str, Any]] = [
    {
        "role": "admin",
        "email": "admin@example.org",
        "name": "Ada Admin",
        "password": "demo-admin-pass",
        "locale": "en",
        "admin": True,
        "leads": None,
    },
    {
        "role": "lead, European Union",
        "email": "lead.eu@example.org",
        "name": "Eva Europa",
        "password": "demo-lead-pass",
        "locale": "en",
        "admin": False,
        "leads": "european-union",
    },
    {
        "role": "lead, United Nations",
        "email": "lead.un@example.org",
        "name": "Nora Nations",
        "password": "demo-lead-pass",
        "locale": "en",
        "admin": False,
        "leads": "united-nations",
    },
    {
        "role": "lead, UNESCO",
        "email": "lead.unesco@example.org",
        "name": "Camille Dubois",
        "password": "demo-lead-pass",
        "locale": "fr",
        "admin": False,
        "leads": "unesco",
    },
    {
        "role": "volunteer",
        "email": "volunteer@example.org",
        "name": "Valentina Rossi",
        "password": "demo-volunteer-pass",
        "locale": "fr",
        "admin": False,
        "leads": None,
    },
]


def _by_slug(model: Any, slug: str) -> Any:
    return db.session.scalars(select(model).where(model.slug == slug)).first()


def _written_in(data: dict[str, Any]) -> list[str]:
    """The portal's languages in which the demo content `data` is written."""
    return [locale for locale in languages() if locale in data]


def seed_delegations() -> dict[str, Delegation]:
    found: dict[str, Delegation] = {}
    for data in DELEGATIONS:
        delegation = _by_slug(Delegation, data["slug"])
        if delegation is None:
            delegation = Delegation(slug=data["slug"], sort_order=data["sort_order"])
            delegation.translations = [
                DelegationTranslation(locale=locale, **data[locale]) for locale in _written_in(data)
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
            status=PostStatus.PUBLISHED,
            published_at=data["published_at"],
        )
        post.translations = [
            NewsPostTranslation(
                locale=locale,
                title=data[locale]["title"],
                dateline=data["dateline"][locale],
                summary=data[locale]["summary"],
                body=data[locale]["body"],
                body_html=str(markdown_to_html(data[locale]["body"])),
                cover_alt=COVER_ALT.get(locale, COVER_ALT["en"]),
            )
            for locale in _written_in(data)
        ]
        cover = FileStorage(
            stream=io.BytesIO(cover_png(data["slug"], data["delegation"])),
            filename=f"{data['slug'][:60]}.png",
        )
        set_cover(post, store_image(cover, owner_id=None))
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
            status=OpeningStatus(data.get("status", OpeningStatus.OPEN)),
            is_remote=data["is_remote"],
            places=data["places"],
            starts_on=(utcnow() + timedelta(days=data["open_for_days"] + 14)).date(),
        )
        opening.set_closing_date(
            (utcnow() + timedelta(days=data["open_for_days"])).date(), delegation.timezone
        )
        opening.translations = [
            OpeningTranslation(
                locale=locale,
                location=data["location"][locale],
                commitment=data["commitment"][locale],
                **data[locale],
            )
            for locale in _written_in(data)
        ]
        opening.languages = [
            OpeningLanguage(language=lang, min_level=level)
            for lang, level in data.get("languages", {}).items()
        ]
        for position, question in enumerate(data.get("questions", [])):
            opening.questions.append(
                OpeningQuestion(
                    position=position,
                    kind=question["kind"],
                    is_required=question["is_required"],
                    translations=[
                        OpeningQuestionTranslation(locale=locale, prompt=question[locale])
                        for locale in _written_in(question)
                    ],
                )
            )
        db.session.add(opening)
        created += 1
    db.session.flush()
    return created


def seed_post_roles() -> int:
    """Point the call posts to the roles they call for (once: a lead's edit stays)."""
    linked = 0
    for data in POSTS:
        post = _by_slug(NewsPost, data["slug"])
        if post is None or post.openings or not data.get("calls_for"):
            continue
        post.openings = [
            opening for slug in data["calls_for"] if (opening := _by_slug(Opening, slug))
        ]
        linked += 1
    db.session.flush()
    return linked


# The authenticator-app secret of the demo admin and leads (development only): add it
# to an app by hand, or print the current code with `flask portal demo-code`.
DEMO_TOTP_SECRET = "MMMDEMOPORTALMMMDEMOPORTALMMMDEM"  # noqa: S105 - demo only, printed


def _enrol_demo_authenticator(user: User) -> None:
    if db.session.scalar(select(TotpSecret.id).where(TotpSecret.user_id == user.id)) is None:
        db.session.add(
            TotpSecret(
                user_id=user.id,
                secret_encrypted=encrypt(DEMO_TOTP_SECRET),
                confirmed_at=utcnow(),
            )
        )


def seed_accounts(delegations: dict[str, Delegation]) -> int:
    """Demo accounts, confirmed, with a lead membership per delegation; the admin and
    the leads have the demo authenticator app (leads and admins must have one)."""
    created = 0
    for data in DEMO_ACCOUNTS:
        existing = find_by_email(data["email"])
        if existing is not None:
            if data["admin"] or data["leads"]:
                _enrol_demo_authenticator(existing)
            continue
        user = User(
            email=data["email"],
            name=data["name"],
            locale=data["locale"],
            password_hash=hash_password(data["password"]),
            is_admin=data["admin"],
            email_confirmed_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
        if data["leads"]:
            membership = Membership(
                user_id=user.id,
                delegation=delegations[data["leads"]],
                titles={"en": "Head of delegation", "fr": "Cheffe de délégation"},
            )
            membership.set_role(MembershipRole.LEAD)
            db.session.add(membership)
        if data["admin"] or data["leads"]:
            _enrol_demo_authenticator(user)
        created += 1
    db.session.flush()
    return created


def seed_application() -> int:
    """The demo volunteer's submitted application to the UNESCO role (with a CV, which
    goes through the same checks as an uploaded one)."""
    data = DEMO_APPLICATION
    opening = _by_slug(Opening, data["opening"])
    user = find_by_email(data["applicant"])
    if opening is None or user is None or find_application(opening.id, user.id):
        return 0
    answers = {
        str(q.id): data["answers"][str(q.position)]
        for q in opening.questions
        if str(q.position) in data["answers"]
    }
    save_application(
        None,
        opening=opening,
        user=user,
        data=ApplicationInput(
            motivation=data["motivation"],
            availability=data["availability"],
            languages=data["languages"],
            answers=answers,
            cv=FileStorage(
                stream=io.BytesIO(demo_cv_pdf(user.name)), filename="cv-valentina-rossi.pdf"
            ),
        ),
        submit=True,
    )
    return 1


def seed_demo_content() -> str:
    """Create the demo delegations, posts, roles and accounts that are missing."""
    delegations = seed_delegations()
    posts = seed_posts(delegations)
    openings = seed_openings(delegations)
    seed_post_roles()
    accounts = seed_accounts(delegations)
    applications = seed_application()
    spaces = seed_members_space()
    return (
        f"{len(delegations)} delegations, {posts} new posts, {openings} new volunteer roles, "
        f"{accounts} new accounts, {applications} new applications, "
        f"{spaces} new members' spaces"
    )
