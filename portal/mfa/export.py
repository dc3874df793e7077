"""The second factors in a person's data export: what they enrolled and when, never a
secret, a public key or a recovery code."""

from __future__ import annotations

from typing import Any

from portal.accounts.models import User
from portal.mfa.queries import factors_of


def second_factor_data(user: User) -> dict[str, Any]:
    """The export's "second_factors" entry."""
    factors = factors_of(user)
    return {
        "second_factors": {
            "authenticator_app_since": factors.app_since.isoformat() if factors.app_since else None,
            "passkeys": [
                {
                    "name": p.name,
                    "added_at": p.created_at.isoformat(),
                    "last_used_at": p.last_used_at.isoformat() if p.last_used_at else None,
                }
                for p in factors.passkeys
            ],
            "unused_recovery_codes": factors.codes_left,
        }
    }
