"""One-line builders for every model. They add and flush; the client commits."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date, datetime, timedelta

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.applications.models import Application, ApplicationLanguage, StatusChange
from portal.core.clock import utcnow
from portal.core.languages import meets
from portal.core.models import Document, DocumentContent
from portal.core.text import markdown_to_html
from portal.core.uploads import CheckedFile, store
from portal.delegations.models import Delegation, DelegationTranslation, Membership
from portal.demo.seed import demo_cv_pdf
from portal.extensions import db
from portal.members.models import (
    Accreditation,
    AccreditationType,
    Announcement,
    AnnouncementTranslation,
    ChecklistItem,
    Meeting,
    MeetingTranslation,
    MeetingVolunteer,
    TeamDocument,
)
from portal.news.enums import PostStatus
from portal.news.models import NewsPost, NewsPostTranslation
from portal.openings.enums import OpeningStatus
from portal.openings.models import (
    Opening,
    OpeningLanguage,
    OpeningQuestion,
    OpeningQuestionTranslation,
    OpeningTranslation,
)

_sequence = itertools.count(1)


def _n() -> int:
    return next(_sequence)


def delegation(
    slug: str | None = None,
    *,
    locales=("en", "fr"),
    active: bool = True,
    sort_order: int = 0,
    name: str | None = None,
) -> Delegation:
    n = _n()
    slug = slug or f"delegation-{n}"
    name = name or f"Delegation {n}"
    item = Delegation(slug=slug, is_active=active, sort_order=sort_order)
    item.translations = [
        DelegationTranslation(
            locale=locale,
            name=f"{name} [{locale}]",
            heading=f"MMM at {name} [{locale}]",
            summary=f"Summary of {name} [{locale}]",
            news_heading=f"News from {name} [{locale}]",
            news_intro=f"Intro of {name} [{locale}]",
            description=f"Description of **{name}** [{locale}]",
        )
        for locale in locales
    ]
    db.session.add(item)
    db.session.flush()
    return item


def post(
    delegation: Delegation,
    *,
    slug: str | None = None,
    locales=("en", "fr"),
    published_at: datetime | None = None,
    status: str = PostStatus.PUBLISHED,
    title: str | None = None,
    dateline: str = "UN Geneva",
    body: str | None = None,
    summary: str | None = None,
) -> NewsPost:
    n = _n()
    slug = slug or f"post-{n}"
    title = title or f"Post {n}"
    if published_at is None and status == PostStatus.PUBLISHED:
        published_at = utcnow() - timedelta(hours=n)
    item = NewsPost(
        slug=slug,
        delegation=delegation,
        status=status,
        published_at=published_at,
    )
    for locale in locales:
        text = body if body is not None else f"Body of *{title}* [{locale}]"
        item.translations.append(
            NewsPostTranslation(
                locale=locale,
                title=f"{title} [{locale}]",
                dateline=f"{dateline} [{locale}]" if dateline else "",
                summary=summary if summary is not None else f"Summary of {title} [{locale}]",
                body=text,
                body_html=str(markdown_to_html(text)),
            )
        )
    db.session.add(item)
    db.session.flush()
    return item


def opening(
    delegation: Delegation,
    *,
    slug: str | None = None,
    locales=("en", "fr"),
    status: str = OpeningStatus.OPEN,
    closes_on: date | None = None,
    title: str | None = None,
    location: str = "UNESCO, Paris",
    is_remote: bool = False,
) -> Opening:
    n = _n()
    slug = slug or f"role-{n}"
    title = title or f"Role {n}"
    item = Opening(
        slug=slug,
        delegation=delegation,
        status=status,
        is_remote=is_remote,
        places=1,
    )
    item.set_closing_date(
        closes_on if closes_on is not None else date.today() + timedelta(days=30),
        delegation.timezone or "Europe/Paris",
    )
    item.translations = [
        OpeningTranslation(
            locale=locale,
            title=f"{title} [{locale}]",
            location=location,
            commitment=f"2 days a month [{locale}]",
            summary=f"Summary of {title} [{locale}]",
            description=f"Description of {title} [{locale}]",
        )
        for locale in locales
    ]
    db.session.add(item)
    db.session.flush()
    return item


# Accounts -----------------------------------------------------------------------------

DEFAULT_PASSWORD = "correct horse battery staple"
_hash_cache: dict[str, str] = {}


def _hashed(password: str) -> str:

    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    return _hash_cache[password]


def user(
    email: str | None = None,
    *,
    name: str | None = None,
    password: str = DEFAULT_PASSWORD,
    confirmed: bool = True,
    admin: bool = False,
    locale: str = "en",
    active: bool = True,
):

    n = _n()
    item = User(
        email=(email or f"person{n}@example.org").lower(),
        name=name or f"Person {n}",
        password_hash=_hashed(password),
        locale=locale,
        is_admin=admin,
        is_active_account=active,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(item)
    db.session.flush()
    return item


def membership(
    person,
    delegation: Delegation,
    *,
    role: str = "lead",
    title: str = "",
    reviewer: bool | None = None,
    public: bool = False,
):

    item = Membership(
        user_id=person.id,
        delegation_id=delegation.id,
        role=role,
        titles={"en": title} if title else {},
        is_reviewer=(role == "lead") if reviewer is None else reviewer,
        listing_consent=True if public else None,
    )
    db.session.add(item)
    db.session.flush()
    return item


# Applications -------------------------------------------------------------------------


def pdf_bytes(title: str = "CV") -> bytes:

    return demo_cv_pdf(title)


def application(
    opening: Opening,
    person,
    *,
    status: str = "submitted",
    languages: dict | None = None,
    motivation: str = "I care about mothers. " * 6,
    with_cv: bool = True,
    submitted_at: datetime | None = None,
):
    """An application as if made through the form (draft or submitted)."""

    spoken = languages if languages is not None else {"fr": "C1", "en": "C1"}
    item = Application(
        opening_id=opening.id,
        delegation_id=opening.delegation_id,
        user_id=person.id,
        status=status,
        motivation=motivation,
        availability="Weekends",
        answers={},
        meets_languages=meets(opening.required_levels, spoken),
    )
    item.languages = [ApplicationLanguage(language=k, level=v) for k, v in spoken.items()]
    if with_cv:
        data = pdf_bytes(person.name)
        item.cv = store(
            CheckedFile(
                data=data,
                content_type="application/pdf",
                original_name="cv.pdf",
                sha256=hashlib.sha256(data).hexdigest(),
            ),
            owner_id=person.id,
            kind="cv",
        )
    if status != "draft":
        item.submitted_at = submitted_at or utcnow()
        item.consent_version, item.consent_at = "2026-11", utcnow()
        item.history.append(
            StatusChange(
                from_status="draft",
                to_status="submitted",
                by_user_id=person.id,
                created_at=item.submitted_at,
            )
        )
    db.session.add(item)
    db.session.flush()
    return item


def requirement(opening: Opening, language: str, level: str) -> None:

    opening.languages.append(OpeningLanguage(language=language, min_level=level))
    db.session.flush()


def question(opening: Opening, *, kind: str = "short_text", prompt: str = "Why?", options=""):
    """An extra question of a role's form, asked in English."""

    item = OpeningQuestion(
        position=len(opening.questions),
        kind=kind,
        translations=[OpeningQuestionTranslation(locale="en", prompt=prompt, options=options)],
    )
    opening.questions.append(item)
    db.session.flush()
    return item


# The members' space ---------------------------------------------------------------------


def member_space(delegation: Delegation, holder) -> dict:
    """One of everything in a delegation's members' space (a step, a kind of
    accreditation and `holder`'s accreditation with a scan, a session `holder`
    volunteered for, an announcement, a document); their ids by URL argument."""

    def document(owner_id, kind):
        item = Document(
            owner_id=owner_id,
            kind=kind,
            original_name="brief.pdf",
            content_type="application/pdf",
            size=len(pdf_bytes()),
            sha256="0" * 64,
        )
        item.content = DocumentContent(data=pdf_bytes())
        return item

    library = TeamDocument(delegation_id=delegation.id, labels={"en": "Advocacy guide"})
    library.document = document(None, "team")
    step = ChecklistItem(delegation_id=delegation.id, labels={"en": "Sign the agreement"})
    kind = AccreditationType(delegation_id=delegation.id, labels={"en": "UN grounds pass"})
    db.session.add_all([library, step, kind])
    db.session.flush()
    today = utcnow().date()
    accreditation = Accreditation(
        user_id=holder.id, type_id=kind.id, valid_until=today + timedelta(days=200)
    )
    accreditation.scan = document(holder.id, "scan")
    meeting = Meeting(
        delegation_id=delegation.id,
        starts_on=date(2100, 6, 1),
        ends_on=date(2100, 6, 20),
        accreditation_type_id=kind.id,
    )
    meeting.translations = [
        MeetingTranslation(locale="en", body="Human Rights Council", title="62nd session")
    ]
    announcement = Announcement(delegation_id=delegation.id, author_id=holder.id)
    announcement.translations = [
        AnnouncementTranslation(locale="en", title="Briefing on Monday", body="Hello *team*")
    ]
    db.session.add_all([accreditation, meeting, announcement])
    db.session.flush()
    row = MeetingVolunteer(meeting_id=meeting.id, user_id=holder.id)
    db.session.add(row)
    db.session.flush()
    return {
        "item_id": library.id,
        "step_id": step.id,
        "type_id": kind.id,
        "accreditation_id": accreditation.id,
        "meeting_id": meeting.id,
        "row_id": row.id,
        "announcement_id": announcement.id,
    }


# Second factors. Tests compute the codes with pyotp from the same secret.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user: User, secret: str = TOTP_SECRET) -> None:
    """Give `user` a confirmed authenticator app with `secret`."""
    from portal.mfa.models import TotpSecret  # noqa: PLC0415 - tests of accounts need none
    from portal.mfa.secrets_box import encrypt  # noqa: PLC0415

    db.session.add(
        TotpSecret(user_id=user.id, secret_encrypted=encrypt(secret), confirmed_at=utcnow())
    )
    db.session.commit()


def totp_code(secret: str = TOTP_SECRET, at: datetime | None = None) -> str:
    """The code an authenticator app shows at `at` (default: the portal's clock)."""
    from datetime import UTC  # noqa: PLC0415

    import pyotp  # noqa: PLC0415

    moment = (at or utcnow()).replace(tzinfo=UTC)
    return pyotp.TOTP(secret).at(moment)


def forget_last_code(user: User) -> None:
    """Let the next sign-in use the current code again (tests sign in many times within
    one 30-second step; the portal refuses a code twice)."""
    from sqlalchemy import update  # noqa: PLC0415

    from portal.mfa.models import TotpSecret  # noqa: PLC0415

    db.session.execute(
        update(TotpSecret).where(TotpSecret.user_id == user.id).values(last_step=None)
    )
    db.session.commit()
