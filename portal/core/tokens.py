"""Signed, expiring tokens for links sent by e-mail.

The expiry is written into the signed payload and checked against portal.core.clock,
so tests can move time; the salt keeps a token of one purpose useless for another.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from portal.core.clock import utcnow


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"portal.{purpose}")


def make_token(purpose: str, payload: dict[str, Any], valid_for: timedelta) -> str:
    expires = int((utcnow() + valid_for).timestamp())
    return _serializer(purpose).dumps({**payload, "exp": expires})


def read_token(purpose: str, token: str) -> dict[str, Any] | None:
    """The payload of a valid, unexpired token of this purpose; else None."""
    try:
        data = _serializer(purpose).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or int(data.get("exp", 0)) < int(utcnow().timestamp()):
        return None
    return data
