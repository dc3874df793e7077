"""A database of realistic size, inserted in bulk: 23 delegations, 10,000 posts in two
languages, 500 roles, 20,000 users, 100,000 applications with reviews."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert, text

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.applications.models import Application, StatusChange
from portal.core.clock import utcnow
from portal.delegations.models import Delegation, DelegationTranslation, Membership
from portal.extensions import db
from portal.mfa.models import TotpSecret
from portal.mfa.secrets_box import encrypt
from portal.news.models import NewsPost, NewsPostTranslation
from portal.openings.models import Opening, OpeningLanguage, OpeningTranslation
from portal.reviews.models import Review

SIZES = {"delegations": 23, "posts": 10_000, "roles": 500, "users": 20_000, "applications": 100_000}
LEAD_EMAIL, LEAD_PASSWORD = "lead@bench.example", "bench lead password"
LEAD_TOTP_SECRET = "BENCHLEADBENCHLEADBENCHLEADBENCH"
# A signed-in volunteer with no application yet: the bench reads public pages and saves
# a draft as this person.
VOLUNTEER_EMAIL = "volunteer@bench.example"
STATUSES = ["submitted", "in_review", "interview", "accepted", "waitlisted", "declined"]
BODY = (
    "The delegation took part in the session and delivered a statement on the "
    "recognition of unpaid care work. " * 6
)


def _chunks(rows: list[dict], size: int = 5000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _bulk(model: type, rows: list[dict]) -> None:
    for chunk in _chunks(rows):
        db.session.execute(insert(model), chunk)


def build(seed: int = 7) -> dict:
    rng = random.Random(seed)
    now = utcnow()
    _bulk(
        Delegation,
        [
            {
                "id": i,
                "slug": f"delegation-{i}",
                "sort_order": i,
                "is_active": True,
                "timezone": "Europe/Paris",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(1, SIZES["delegations"] + 1)
        ],
    )
    _bulk(
        DelegationTranslation,
        [
            {
                "delegation_id": i,
                "locale": loc,
                "name": f"Delegation {i} {loc}",
                "heading": f"MMM at delegation {i}",
                "summary": "Advocacy for mothers. " * 4,
                "news_heading": f"News from delegation {i}",
                "news_intro": "Statements and reports.",
                "description": BODY,
            }
            for i in range(1, SIZES["delegations"] + 1)
            for loc in ("en", "fr")
        ],
    )
    html = f"<p>{BODY}</p>"
    posts, texts = [], []
    for i in range(1, SIZES["posts"] + 1):
        published = now - timedelta(hours=i * 3)
        posts.append(
            {
                "id": i,
                "delegation_id": 1 + i % SIZES["delegations"],
                "slug": f"post-{i}",
                "status": "published",
                "published_at": published,
                "dateline": "UN Geneva",
                "created_at": published,
                "updated_at": published,
            }
        )
        for loc in ("en", "fr"):
            texts.append(
                {
                    "post_id": i,
                    "locale": loc,
                    "title": f"Statement number {i} ({loc})",
                    "summary": "A short summary of the statement. " * 3,
                    "body": BODY,
                    "body_html": html,
                    "cover_alt": "",
                }
            )
    _bulk(NewsPost, posts)
    _bulk(NewsPostTranslation, texts)
    closes = now + timedelta(days=60)
    _bulk(
        Opening,
        [
            {
                "id": i,
                "delegation_id": 1 + i % SIZES["delegations"],
                "slug": f"role-{i}",
                "status": "open",
                "location": rng.choice(["UNESCO, Paris", "UN Geneva", "Brussels"]),
                "is_remote": i % 3 == 0,
                "commitment": "2 days a month",
                "places": 1,
                "closes_on": closes.date(),
                "closes_at": closes,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(1, SIZES["roles"] + 1)
        ],
    )
    _bulk(
        OpeningTranslation,
        [
            {
                "opening_id": i,
                "locale": loc,
                "title": f"Volunteer role {i}",
                "summary": "Represent MMM.",
                "description": BODY,
            }
            for i in range(1, SIZES["roles"] + 1)
            for loc in ("en", "fr")
        ],
    )
    _bulk(
        OpeningLanguage,
        [
            {"opening_id": i, "language": "fr", "min_level": "C1"}
            for i in range(1, SIZES["roles"] + 1)
        ],
    )
    password = hash_password(LEAD_PASSWORD)
    lead_id = SIZES["users"] + 1

    def person(id_: int, email: str, name: str) -> dict:
        return {
            "id": id_,
            "email": email,
            "name": name,
            "password_hash": password,
            "locale": "en",
            "is_admin": False,
            "is_active_account": True,
            "email_confirmed_at": now,
            "created_at": now,
            "updated_at": now,
        }

    _bulk(
        User,
        [person(i, f"user{i}@bench.example", f"Person {i}") for i in range(1, lead_id)]
        + [
            person(lead_id, LEAD_EMAIL, "Bench Lead"),
            person(lead_id + 1, VOLUNTEER_EMAIL, "Bench Volunteer"),
        ],
    )
    _bulk(
        Membership,
        [
            {
                "user_id": lead_id,
                "delegation_id": 1,
                "role": "lead",
                "title": "Lead",
                "is_reviewer": True,
                "listing_consent": None,
                "started_on": now.date(),
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    _bulk(  # leads must have a second factor: the bench signs in with its code
        TotpSecret,
        [
            {
                "user_id": lead_id,
                "secret_encrypted": encrypt(LEAD_TOTP_SECRET),
                "confirmed_at": now,
                "created_at": now,
            }
        ],
    )
    applications, reviews, history, pairs = [], [], [], set()
    next_id = 1
    while len(applications) < SIZES["applications"]:
        role = rng.randint(1, SIZES["roles"])
        user = rng.randint(1, SIZES["users"])
        if (role, user) in pairs:
            continue
        pairs.add((role, user))
        submitted = now - timedelta(minutes=rng.randint(1, 600_000))
        status = rng.choice(STATUSES)
        reviewed = status != "submitted"
        score = rng.randint(1, 5) if reviewed else None
        applications.append(
            {
                "id": next_id,
                "opening_id": role,
                "delegation_id": 1 + role % SIZES["delegations"],
                "user_id": user,
                "status": status,
                "motivation": BODY,
                "availability": "Weekends",
                "answers": {},
                "meets_languages": rng.random() < 0.6,
                "submitted_at": submitted,
                "created_at": submitted,
                "updated_at": submitted,
                "review_count": 1 if reviewed else 0,
                "review_average": float(score) if score else None,
                "first_reviewed_at": submitted + timedelta(days=2) if reviewed else None,
            }
        )
        history.append(
            {
                "application_id": next_id,
                "from_status": "draft",
                "to_status": "submitted",
                "created_at": submitted,
                "note": "",
            }
        )
        if reviewed:
            reviews.append(
                {
                    "application_id": next_id,
                    "reviewer_id": lead_id,
                    "score": score,
                    "comment": "Solid profile.",
                    "created_at": submitted,
                    "updated_at": submitted,
                }
            )
        next_id += 1
    _bulk(Application, applications)
    _bulk(StatusChange, history)
    _bulk(Review, reviews)
    db.session.commit()
    return {
        "lead_email": LEAD_EMAIL,
        "lead_password": LEAD_PASSWORD,
        "lead_totp_secret": LEAD_TOTP_SECRET,
        "volunteer_email": VOLUNTEER_EMAIL,
        "application_id": next(a["id"] for a in applications if a["delegation_id"] == 1),
    }


def fix_sequences() -> None:
    """PostgreSQL: move each id sequence past the ids inserted explicitly, and gather
    the planner's statistics (what autovacuum would do soon after a bulk load)."""
    if db.engine.dialect.name != "postgresql":
        return

    for table in db.metadata.sorted_tables:
        if "id" in table.columns and table.columns["id"].autoincrement:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 1))'
                )
            )
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
