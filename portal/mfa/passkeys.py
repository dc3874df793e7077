"""Passkeys (WebAuthn through py_webauthn): registration and checking an assertion.

The relying party is the portal's BASE_URL: its host name is the RP id (a passkey
works only on the address it was made on, which must be a domain name: `localhost` in
development, never an IP address). Challenges live in the signed session, one per
ceremony, and are spent by the first answer. Every passkey asks for user verification
(a PIN or a fingerprint), so it is a second factor by itself and can sign in without
a password.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from portal.accounts.models import User
from portal.core.clock import utcnow
from portal.core.domain import DomainError
from portal.extensions import db
from portal.mfa.models import Passkey
from portal.mfa.secrets_box import keyed_hash

REGISTER = "webauthn.register"
AUTHENTICATE = "webauthn.authenticate"
MAX_RESPONSE = 20_000  # characters of an authenticator's JSON answer
MAX_PASSKEYS = 10


def _origin() -> str:
    parts = urlsplit(current_app.config["BASE_URL"])
    return f"{parts.scheme}://{parts.netloc}"


def _rp_id() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def _rp_name() -> str:
    return str(current_app.config.get("TOTP_ISSUER") or "MMM delegations portal")


def passkeys_of(user: User) -> list[Passkey]:
    """The user's passkeys, oldest first."""
    return list(
        db.session.scalars(select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id))
    )


def _descriptors(passkeys: list[Passkey]) -> list[PublicKeyCredentialDescriptor]:
    known = {t.value for t in AuthenticatorTransport}
    return [
        PublicKeyCredentialDescriptor(
            id=p.credential_id,
            transports=[AuthenticatorTransport(t) for t in p.transports if t in known] or None,
        )
        for p in passkeys
    ]


def registration_options(user: User) -> str:
    """The options of navigator.credentials.create(), as JSON; the challenge is kept."""
    options = generate_registration_options(
        rp_id=_rp_id(),
        rp_name=_rp_name(),
        user_id=bytes.fromhex(keyed_hash(f"user:{user.id}"))[:32],
        user_name=user.email,
        user_display_name=user.name,
        exclude_credentials=_descriptors(passkeys_of(user)),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
    )
    session[REGISTER] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def _answer(text: str) -> dict[str, Any]:
    if not text or len(text) > MAX_RESPONSE:
        raise DomainError(_l("The passkey did not answer. Try again."))
    try:
        data = json.loads(text)
    except ValueError:
        raise DomainError(_l("The passkey did not answer. Try again.")) from None
    if not isinstance(data, dict):
        raise DomainError(_l("The passkey did not answer. Try again."))
    return data


def register(user: User, response: str, *, name: str) -> Passkey:
    """Keep the passkey the browser just made, once its answer is verified."""
    challenge = session.pop(REGISTER, None)
    if not challenge:
        raise DomainError(_l("This page had expired: try adding the passkey again."))
    if len(passkeys_of(user)) >= MAX_PASSKEYS:
        raise DomainError(_l("You have ten passkeys already: remove one first."))
    data = _answer(response)
    try:
        verified = verify_registration_response(
            credential=data,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=_rp_id(),
            expected_origin=_origin(),
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise DomainError(_l("This passkey could not be verified. Try again.")) from None
    if db.session.scalar(select(Passkey.id).where(Passkey.credential_id == verified.credential_id)):
        raise DomainError(_l("This passkey is registered already."))
    transports = data.get("response", {}).get("transports") or []
    passkey = Passkey(
        user_id=user.id,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[str(t)[:20] for t in transports][:6] if isinstance(transports, list) else [],
        name=name,
    )
    db.session.add(passkey)
    db.session.flush()
    return passkey


def authentication_options(user: User | None = None) -> str:
    """The options of navigator.credentials.get(), as JSON: for `user`'s passkeys ("" if
    they have none, and no challenge is kept), or, signing in without a password, for
    whichever passkey the browser offers."""
    allowed = passkeys_of(user) if user is not None else []
    if user is not None and not allowed:
        return ""
    options = generate_authentication_options(
        rp_id=_rp_id(),
        allow_credentials=_descriptors(allowed),
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    session[AUTHENTICATE] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def authenticate(response: str, *, user: User | None = None) -> Passkey | None:
    """The passkey that signed this session's challenge (of `user`, when given), its
    use counted; None when the answer does not verify."""
    challenge = session.pop(AUTHENTICATE, None)
    try:
        data = _answer(response)
        raw_id = base64url_to_bytes(str(data.get("rawId") or data.get("id") or ""))
    except (DomainError, ValueError, TypeError):
        return None
    if not challenge or not raw_id:
        return None
    passkey = db.session.scalar(select(Passkey).where(Passkey.credential_id == raw_id))
    if passkey is None or (user is not None and passkey.user_id != user.id):
        return None
    try:
        verified = verify_authentication_response(
            credential=data,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=_rp_id(),
            expected_origin=_origin(),
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return None
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    return passkey
