"""Recovery codes: ten single-use codes for the day the phone or key is lost.

They are shown once, stored as keyed hashes, and a conditional UPDATE spends each one
once even if two requests race with it.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import delete, func, select, update

from portal.accounts.models import User
from portal.core.clock import utcnow
from portal.extensions import db
from portal.mfa.models import RecoveryCode
from portal.mfa.secrets_box import keyed_hash

COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
LENGTH = 10  # about 49 bits each


def _canonical(code: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (code or "").lower())


def new_codes(user: User) -> list[str]:
    """Replace the user's codes by ten new ones; the plain codes, to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=keyed_hash(c)) for c in codes)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def looks_like_code(text: str) -> bool:
    """A recovery code's shape (so a six-digit app code is not taken for one)."""
    return len(_canonical(text)) == LENGTH and not _canonical(text).isdigit()


def use_code(user: User, text: str) -> bool:
    """Spend one of the user's unused codes; whether `text` was one."""
    if not looks_like_code(text):
        return False
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == keyed_hash(_canonical(text)),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return spent.rowcount == 1  # type: ignore[attr-defined]


def unused_count(user: User) -> int:
    """How many codes the user has left."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )
