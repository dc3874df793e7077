"""Second factors in a person's data: exported without secrets, gone with erasure."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import func, select

from portal.extensions import db
from portal.mfa import recovery
from portal.mfa.models import Passkey, RecoveryCode, TotpSecret
from portal.privacy.erasure import erase_user
from tests import factories
from tests.conftest import submit


def _passkey(user) -> None:
    db.session.add(
        Passkey(
            user_id=user.id,
            credential_id=b"credential-" + str(user.id).encode(),
            public_key=b"public-key",
            sign_count=3,
            transports=["internal"],
            name="Work laptop",
        )
    )
    db.session.commit()


def test_the_export_lists_sessions_and_factors_but_no_secret(client, login):
    person = factories.user()
    factories.enrol_totp(person)
    codes = recovery.new_codes(person)
    db.session.commit()
    _passkey(person)
    login(person)
    response = submit(client, "/en/account/data/", {}, action="/en/account/data/export")
    raw = zipfile.ZipFile(io.BytesIO(response.data)).read("data.json").decode()
    data = json.loads(raw)
    # The sign-in sessions (a member's institutional sessions once overwrote them).
    (session,) = data["sessions"]
    assert session["address"] == "127.0.0.1"
    assert session["browser"] == "Werkzeug/" + session["browser"].split("/", 1)[1]
    assert session["second_factor_at"]
    factors = data["second_factors"]
    assert factors["authenticator_app_since"]
    assert factors["passkeys"][0]["name"] == "Work laptop"
    assert factors["unused_recovery_codes"] == 10
    secret_box = db.session.scalar(select(TotpSecret.secret_encrypted))
    for secret in (factories.TOTP_SECRET, secret_box, codes[0], "public-key", "credential-"):
        assert secret not in raw


def test_erasure_removes_every_factor(app):
    person = factories.user()
    factories.enrol_totp(person)
    recovery.new_codes(person)
    _passkey(person)
    with app.test_request_context(method="POST"):
        erase_user(person, by=person)
    db.session.commit()
    for model in (TotpSecret, RecoveryCode, Passkey):
        assert db.session.scalar(select(func.count(model.id))) == 0, model
