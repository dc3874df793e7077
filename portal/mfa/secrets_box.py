"""Keys derived from the portal's SECRET_KEY: encryption of TOTP secrets at rest, and the
keyed hash of recovery codes. Changing SECRET_KEY therefore disables every enrolled
authenticator app and recovery code (people sign in with a passkey, or an admin resets).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from flask import current_app


def _key(purpose: str) -> bytes:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"portal.mfa.{purpose}".encode(), hashlib.sha256).digest()


def encrypt(text: str) -> str:
    """`text` encrypted and authenticated (Fernet), as ASCII."""
    return Fernet(base64.urlsafe_b64encode(_key("totp"))).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The text `encrypt` was given."""
    return Fernet(base64.urlsafe_b64encode(_key("totp"))).decrypt(token.encode()).decode()


def keyed_hash(text: str) -> str:
    """An HMAC-SHA256 of `text`: without the server's key, a stolen table is useless."""
    return hmac.new(_key("recovery"), text.encode(), hashlib.sha256).hexdigest()
