"""Second factors through the real forms: enrolment, the second step of signing in,
replays, recovery codes, the per-account limit, the workspace gate, and admins' resets.
Codes are computed here with pyotp from the secret the portal shows or the tests' one."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from sqlalchemy import func, select

from portal.accounts.models import UserSession
from portal.core.models import AuditEvent
from portal.extensions import db
from portal.mfa import recovery
from portal.mfa.models import RecoveryCode, TotpSecret
from tests import factories
from tests.conftest import submit

SECOND_STEP = "/en/account/login/second-factor"


def _password_step(client, user):
    response = submit(
        client, "/en/account/login", {"email": user.email, "password": factories.DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return response


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action == action))


def _signed_in(client) -> bool:
    return client.get("/en/account/").status_code == 200


def test_enrolment_shows_a_qr_code_and_the_key_then_asks_for_a_code(client, login, outbox):
    volunteer = factories.user("awa@example.org")
    login(volunteer)
    page = client.get("/en/account/security/authenticator")
    text = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-store"
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in text  # drawn here
    secret = re.search(r'<code class="secret-key">([A-Z2-7]+)</code>', text).group(1)
    assert client.get("/en/account/security/authenticator").get_data(as_text=True).count(secret)

    wrong = submit(client, "/en/account/security/authenticator", {"code": "000000"})
    assert "This code is not right" in wrong.get_data(as_text=True)
    assert db.session.scalar(select(TotpSecret.confirmed_at)) is None

    done = submit(client, "/en/account/security/authenticator", {"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))
    assert len(codes) == len(set(codes)) == 10
    assert done.headers["Cache-Control"] == "private, no-store"
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    assert not set(codes) & set(stored)  # only hashes are kept
    assert "An authenticator app was set up" in outbox(to="awa@example.org")[-1].body_text
    assert _events("auth.second_factor_added") == 1

    # The next sign-in asks for the code.
    submit(client, "/en/account/", {}, action="/en/account/logout")
    step = _password_step(client, volunteer)
    assert step.location.endswith(SECOND_STEP)
    assert not _signed_in(client)  # nothing is signed in by the password alone
    factories.forget_last_code(volunteer)
    landed = submit(client, SECOND_STEP, {"code": pyotp.TOTP(secret).now()})
    assert landed.status_code == 302
    assert _signed_in(client)


def test_a_code_is_taken_once_and_the_window_is_one_step(client, login, clock):
    person = factories.user()
    factories.enrol_totp(person)
    code = factories.totp_code()
    _password_step(client, person)
    assert submit(client, SECOND_STEP, {"code": code}).status_code == 302
    submit(client, "/en/account/", {}, action="/en/account/logout")

    _password_step(client, person)
    replay = submit(client, SECOND_STEP, {"code": code})
    assert replay.status_code == 200
    assert "was used already" in replay.get_data(as_text=True)
    assert not _signed_in(client)
    assert _events("auth.second_factor_failed") == 1

    # One step either side of the server's clock, not two.
    clock.advance(seconds=60)
    two_steps_old = factories.totp_code(at=clock.now - timedelta(seconds=60))
    assert submit(client, SECOND_STEP, {"code": two_steps_old}).status_code == 200
    late = factories.totp_code(at=clock.now - timedelta(seconds=30))
    assert submit(client, SECOND_STEP, {"code": late}).status_code == 302


def test_an_older_code_is_refused_after_a_newer_one(client, clock):
    person = factories.user()
    factories.enrol_totp(person)
    _password_step(client, person)
    assert submit(client, SECOND_STEP, {"code": factories.totp_code()}).status_code == 302
    submit(client, "/en/account/", {}, action="/en/account/logout")
    _password_step(client, person)
    older = factories.totp_code(at=clock.now - timedelta(seconds=30))
    assert submit(client, SECOND_STEP, {"code": older}).status_code == 200


def test_a_recovery_code_works_once_is_audited_and_mailed(client, login, outbox):
    person = factories.user("rosa@example.org")
    login(person)
    enrolment = client.get("/en/account/security/authenticator").get_data(as_text=True)
    secret = re.search(r'<code class="secret-key">([A-Z2-7]+)</code>', enrolment).group(1)
    done = submit(client, "/en/account/security/authenticator", {"code": pyotp.TOTP(secret).now()})
    code = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))[0]
    submit(client, "/en/account/", {}, action="/en/account/logout")

    _password_step(client, person)
    assert submit(client, SECOND_STEP, {"code": code.upper()}).status_code == 302
    assert _events("auth.recovery_code_used") == 1
    mail = outbox(to="rosa@example.org")[-1]
    assert mail.subject == "A recovery code was used to sign in"
    assert "You have 9 codes left" in mail.body_text
    submit(client, "/en/account/", {}, action="/en/account/logout")

    _password_step(client, person)
    again = submit(client, SECOND_STEP, {"code": code})
    assert again.status_code == 200
    assert not _signed_in(client)


def test_guesses_are_limited_per_account_and_leave_others_alone(app, client):
    person = factories.user()
    other = factories.user()
    for user in (person, other):
        factories.enrol_totp(user)
    _password_step(client, person)
    for _ in range(5):
        assert submit(client, SECOND_STEP, {"code": "123456"}).status_code == 200
    blocked = submit(client, SECOND_STEP, {"code": factories.totp_code()})  # even the right one
    assert blocked.status_code == 429
    assert "try again in 15 minutes" in blocked.get_data(as_text=True)
    assert _events("auth.second_factor_failed") == 5

    # From another browser too: the count is the account's ...
    elsewhere = app.test_client()
    _password_step(elsewhere, person)
    assert submit(elsewhere, SECOND_STEP, {"code": factories.totp_code()}).status_code == 429
    # ... and nobody else's.
    third = app.test_client()
    _password_step(third, other)
    assert submit(third, SECOND_STEP, {"code": factories.totp_code()}).status_code == 302


def test_the_second_step_expires_and_needs_the_first(client):
    assert client.get(SECOND_STEP).location.endswith("/en/account/login")
    person = factories.user()
    factories.enrol_totp(person)
    response = submit(client, "/en/account/login", {"email": person.email, "password": "nope"})
    assert response.status_code == 200  # a wrong password holds nothing
    assert client.get(SECOND_STEP).location.endswith("/en/account/login")


def test_an_e_mail_link_also_asks_for_the_second_factor(client, outbox):
    from tests.conftest import link_in  # noqa: PLC0415

    person = factories.user("link@example.org")
    factories.enrol_totp(person)
    submit(client, "/en/account/login/link", {"email": person.email})
    link = link_in(outbox(to=person.email)[-1], "/login/link/")
    response = submit(client, link, {})
    assert response.location.endswith(SECOND_STEP)
    assert not _signed_in(client)
    assert submit(client, SECOND_STEP, {"code": factories.totp_code()}).status_code == 302
    assert _signed_in(client)


def test_a_lead_without_a_second_factor_cannot_open_the_applicants_list(client, login):
    delegation = factories.delegation(slug="unesco")
    lead = factories.user()
    factories.membership(lead, delegation)
    opening = factories.opening(delegation, slug="role")
    application = factories.application(opening, factories.user())
    login(lead, second_factor=False)
    for path in (
        "/en/manage/unesco/applications/",
        f"/en/manage/unesco/applications/{application.id}",
        "/en/manage/",
        f"/en/applications/{application.id}/cv",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location.startswith("/en/account/security/"), path
    refused = client.post(
        "/en/manage/unesco/applications/export.csv", data={}, follow_redirects=False
    )
    assert refused.status_code in (302, 400, 405)
    page = client.get("/en/account/security/").get_data(as_text=True)
    assert "Your account needs a second factor." in page

    # Enrolled, the same session goes on.
    enrolment = client.get("/en/account/security/authenticator").get_data(as_text=True)
    secret = re.search(r'<code class="secret-key">([A-Z2-7]+)</code>', enrolment).group(1)
    submit(client, "/en/account/security/authenticator", {"code": pyotp.TOTP(secret).now()})
    assert client.get("/en/manage/unesco/applications/").status_code == 200


def test_a_session_without_the_second_step_is_sent_to_it_for_the_workspace(client, login):
    """Enrolled elsewhere after this browser signed in: the workspace asks for a code."""
    delegation = factories.delegation(slug="eu")
    lead = factories.user()
    factories.membership(lead, delegation)
    login(lead, second_factor=False)
    factories.enrol_totp(lead)
    response = client.get("/en/manage/eu/applications/")
    assert response.location.startswith("/en/account/security/check?next=/en/manage/eu/")
    check = submit(
        client,
        response.location,
        {"second_factor_code": factories.totp_code()},
    )
    assert check.location == "/en/manage/eu/applications/"
    assert client.get("/en/manage/eu/applications/").status_code == 200


def test_a_volunteer_without_a_second_factor_is_never_asked(client, login):
    volunteer = factories.user()
    login(volunteer)
    page = client.get("/en/account/security/").get_data(as_text=True)
    assert "Your account needs a second factor." not in page
    assert "Set up an authenticator app" in page


def test_the_last_required_factor_cannot_be_removed(client, login):
    lead = factories.user()
    factories.membership(lead, factories.delegation())
    login(lead)
    response = submit(
        client,
        "/en/account/security/",
        {"confirmed": "1"},
        action="/en/account/security/authenticator/remove",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(TotpSecret.id))) == 1
    page = client.get("/en/account/security/").get_data(as_text=True)
    assert "you must keep a second factor" in page


def test_removing_the_app_asks_first_then_mails_and_drops_the_recovery_codes(client, login, outbox):
    person = factories.user("ines@example.org")
    factories.enrol_totp(person)
    recovery.new_codes(person)
    db.session.commit()
    login(person)
    asked = submit(
        client, "/en/account/security/", {}, action="/en/account/security/authenticator/remove"
    )
    assert "Remove the authenticator app?" in asked.get_data(as_text=True)
    assert db.session.scalar(select(func.count(TotpSecret.id))) == 1
    submit(
        client,
        "/en/account/security/",
        {"confirmed": "1"},
        action="/en/account/security/authenticator/remove",
    )
    assert db.session.scalar(select(func.count(TotpSecret.id))) == 0
    assert db.session.scalar(select(func.count(RecoveryCode.id))) == 0  # they recover nothing
    assert "was removed" in outbox(to="ines@example.org")[-1].body_text


def test_sessions_are_listed_and_one_can_be_signed_out_at_once(app, client, login):
    person = factories.user()
    phone = app.test_client()
    login(person, on=phone)
    login(person)
    page = client.get("/en/account/security/").get_data(as_text=True)
    assert page.count('class="badge badge--ok">This browser<') == 1
    assert "from the address 127.0.0.1" in page
    (other,) = re.findall(r'action="/en/account/security/sessions/(\d+)/end"', page)
    assert phone.get("/en/account/").status_code == 200

    submit(client, "/en/account/security/", {}, action=f"/en/account/security/sessions/{other}/end")
    assert phone.get("/en/account/").status_code == 302  # that cookie signs nobody in now
    assert client.get("/en/account/").status_code == 200
    assert _events("auth.session_ended") == 1


def test_signing_out_everywhere_else_keeps_this_browser(app, client, login):
    person = factories.user()
    others = [app.test_client() for _ in range(2)]
    for browser in others:
        login(person, on=browser)
    login(person)
    submit(client, "/en/account/security/", {}, action="/en/account/security/sessions/end-others")
    assert [b.get("/en/account/").status_code for b in others] == [302, 302]
    assert client.get("/en/account/").status_code == 200


def test_another_persons_session_cannot_be_ended(app, client, login):
    victim = factories.user()
    victim_browser = app.test_client()
    login(victim, on=victim_browser)
    victim_session = db.session.scalar(
        select(UserSession.id).where(UserSession.user_id == victim.id)
    )
    login(factories.user())
    submit(
        client,
        "/en/account/security/",
        {},
        action=f"/en/account/security/sessions/{victim_session}/end",
    )
    assert victim_browser.get("/en/account/").status_code == 200


def test_a_new_browser_is_reported_by_e_mail_a_known_one_is_not(app, client, login, outbox):
    person = factories.user("nora@example.org")
    login(person)
    before = len(outbox(to="nora@example.org"))
    submit(client, "/en/account/", {}, action="/en/account/logout")
    login(person)  # the same browser (its device cookie)
    assert len(outbox(to="nora@example.org")) == before
    login(person, on=app.test_client())
    mail = outbox(to="nora@example.org")[-1]
    assert mail.subject == "New sign-in to your account"
    assert "127.0.0.1" in mail.body_text
    assert "/en/account/security/" in mail.body_text


def test_a_forged_passkey_answer_signs_nobody_in(client):
    person = factories.user()
    client.get("/en/account/login")  # the page's challenge
    for answer in ("", "not json", "[]", '{"id": "AAAA", "rawId": "AAAA"}', "x" * 30_000):
        response = submit(
            client,
            "/en/account/login",
            {"passkey_response": answer},
            action="/en/account/login/passkey",
        )
        assert response.status_code == 302
        assert response.location.startswith("/en/account/login")
        assert not _signed_in(client)
    assert person.id  # the account exists; nothing reached it


def test_browsers_are_named_in_words():
    from portal.accounts.devices import describe  # noqa: PLC0415

    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
    assert describe(firefox) == "Firefox on Windows"
    assert describe("") == "An unknown browser"
