"""Throttling password guesses without letting a stranger lock anyone out.

Failed sign-ins are counted in moving windows in the rate limiter's storage (memory, or
Redis shared by every app server):

- per (account, address): 10 failures in 15 minutes stop that address from trying that
  account until the window frees a slot (the message says when);
- per (account, device) for a browser where the person signed in before (a signed
  "device cookie"): the same, counted apart, so an attacker's failures never block the
  owner's own browser;
- per account and per address, from unknown browsers only: past 30 and 100 failures,
  unknown browsers can no longer try a password for that account, or from that address
  (an office behind one NAT), but they can still ask for a one-time sign-in link by
  e-mail; known browsers are not affected at all.

The password is not even checked while a limit holds, so a blocked guess costs no
hashing.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from limits import RateLimitItem, parse
from werkzeug.wrappers import Response

from portal.accounts.models import User
from portal.core import attempts
from portal.core.attempts import key_prefix

PER_ACCOUNT_AND_ADDRESS = parse("10 per 15 minutes")
PER_ACCOUNT_AND_DEVICE = parse("10 per 15 minutes")
PER_ACCOUNT_FROM_UNKNOWN_DEVICES = parse("30 per 15 minutes")
PER_ADDRESS_FROM_UNKNOWN_DEVICES = parse("100 per 15 minutes")
DEVICE_COOKIE = "portal_device"
DEVICE_COOKIE_DAYS = 365


class Block(Enum):
    """What a limit leaves the person."""

    WAIT = "wait"  # this browser or address, for this account: wait until `until`
    LINK = "link"  # unknown browsers: sign in with an e-mailed link, or wait


@dataclass(frozen=True)
class Verdict:
    block: Block
    until: datetime  # naive UTC, when the limit frees a slot


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="portal.device")


def _device_of(user: User | None) -> str | None:
    """The id of this browser if `user` signed in on it before (its device cookie)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if user is None or not raw or len(raw) > 500:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("uid") != user.id:
        return None
    return str(data.get("device", ""))[:64] or None


def _address() -> str:
    return request.remote_addr or "unknown"


def _limits(email: str, device: str | None) -> list[tuple[RateLimitItem, tuple[str, ...], Block]]:
    if device is not None:
        return [(PER_ACCOUNT_AND_DEVICE, ("signin-device", email, device), Block.WAIT)]
    return [
        (PER_ACCOUNT_AND_ADDRESS, ("signin-pair", email, _address()), Block.WAIT),
        (PER_ACCOUNT_FROM_UNKNOWN_DEVICES, ("signin-account", email), Block.LINK),
        (PER_ADDRESS_FROM_UNKNOWN_DEVICES, ("signin-address", _address()), Block.LINK),
    ]


def check(email: str, user: User | None) -> Verdict | None:
    """Whether a sign-in may be tried now: None, or what holds it back."""
    if not attempts.enabled():
        return None
    strategy = attempts.strategy()
    device = _device_of(user)
    for item, key, block in _limits(email, device):
        if not strategy.test(item, key_prefix(), *key):
            reset = strategy.get_window_stats(item, key_prefix(), *key).reset_time
            until = datetime.fromtimestamp(max(reset, time.time()), UTC).replace(tzinfo=None)
            return Verdict(block=block, until=until)
    return None


def record_failure(email: str, user: User | None) -> None:
    """Count a wrong password (or an unknown address) against every limit concerned."""
    if not attempts.enabled():
        return
    strategy = attempts.strategy()
    for item, key, _block in _limits(email, _device_of(user)):
        strategy.hit(item, key_prefix(), *key)


def known_device(user: User) -> bool:
    """Whether `user` signed in on this browser before (its device cookie)."""
    return _device_of(user) is not None


def remember_device(response: Response, user: User) -> None:
    """After a sign-in: this browser is now one the person used (kept for a year)."""
    device = _device_of(user) or secrets.token_urlsafe(16)
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps({"uid": user.id, "device": device}),
        max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )
