"""Password hashing (argon2id) and the rules a new password must meet."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 200  # bounds the hashing work an attacker can ask for

# OWASP's argon2id minimum: 19 MiB of memory, 2 iterations, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)

_COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"
# Verifying against this when the account does not exist keeps the answer as slow as
# for a real account, so timing does not tell which addresses are registered.
_DUMMY_HASH = HASHER.hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if `password` matches; spends the same time when there is no hash."""
    try:
        return HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(_COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_common_password(password: str) -> bool:
    return password.lower().strip() in _common_passwords()


# Stored instead of a hash for erased accounts: no password ever matches it.
UNUSABLE_PASSWORD = "!"  # noqa: S105 - a marker, not a password
