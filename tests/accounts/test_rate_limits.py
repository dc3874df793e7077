import re
import uuid

import pytest

from portal import create_app
from portal.extensions import db, limiter
from tests import factories
from tests.conftest import IsolatedClient, link_in, page_text, submit
from tests.live import redis_up


def _fail(client, email, address="127.0.0.1", **headers):
    return submit(
        client,
        "/fr/account/login",
        {"email": email, "password": "wrong password!"},
        headers=headers,
        environ_base={"REMOTE_ADDR": address},
    )


def _sign_in(client, email, address="127.0.0.1"):
    return submit(
        client,
        "/en/account/login",
        {"email": email, "password": factories.DEFAULT_PASSWORD},
        environ_base={"REMOTE_ADDR": address},
    )


def test_ten_failures_from_one_address_stop_that_address_for_that_account(client, app):
    user = factories.user()
    for attempt in range(10):
        # A forged X-Forwarded-For must not buy more attempts.
        forged = {"X-Forwarded-For": f"10.0.0.{attempt}"}
        assert _fail(client, user.email, **forged).status_code == 200
    blocked = _fail(client, user.email, **{"X-Forwarded-For": "10.9.9.9"})
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Trop de tentatives" in page
    assert re.search(r"Réessayez après \d\d:\d\d", page)
    assert f'value="{user.email}"' in page  # what was typed stays
    assert _sign_in(client, user.email).status_code == 429  # even the right password waits
    # ... from that address only: the owner elsewhere is not locked out by a stranger,
    assert _sign_in(app.test_client(), user.email, address="192.0.2.7").status_code == 302
    # and another account is not affected.
    assert _fail(client, factories.user().email).status_code == 200


def _known_browser(app, user, address):
    """A browser on which the person signed in before, then signed out."""
    browser = app.test_client()
    assert _sign_in(browser, user.email, address).status_code == 302
    submit(browser, "/en/account/", {}, action="/en/account/logout")
    return browser


def test_a_stranger_guessing_from_many_addresses_cannot_lock_the_owner_out(app, client, outbox):
    owner = factories.user("owner@example.org")
    own_browser = _known_browser(app, owner, "192.0.2.10")
    for n in range(40):  # a botnet: one guess per address
        _fail(app.test_client(), owner.email, address=f"198.51.100.{n}")
    # The owner's own browser signs in as usual,
    assert _sign_in(own_browser, owner.email, "192.0.2.10").status_code == 302
    # a new browser is told to use a link, and the link works.
    new_browser = app.test_client()
    paused = _sign_in(new_browser, owner.email, "203.0.113.5")
    assert paused.status_code == 429
    assert "link sent to your e-mail address" in paused.get_data(as_text=True)
    submit(new_browser, "/en/account/login/link", {"email": owner.email})
    link = link_in(outbox(to=owner.email)[-1], "/login/link/")
    assert "Sign in as owner@example.org?" in new_browser.get(link).get_data(as_text=True)
    assert submit(new_browser, link, {}).status_code == 302
    assert new_browser.get("/en/account/").status_code == 200
    assert new_browser.get(link).status_code == 400  # once only


def test_an_office_behind_one_address_keeps_signing_in(app):
    office = "192.0.2.99"
    colleague = factories.user()
    colleague_browser = _known_browser(app, colleague, office)
    for n in range(100):  # someone in the office guessing at many accounts
        _fail(app.test_client(), f"guess{n}@example.org", address=office)
    assert _sign_in(colleague_browser, colleague.email, office).status_code == 302
    newcomer = factories.user()
    paused = _sign_in(app.test_client(), newcomer.email, office)
    assert paused.status_code == 429
    assert "E-mail me a sign-in link" in paused.get_data(as_text=True)
    assert _sign_in(app.test_client(), newcomer.email, "203.0.113.1").status_code == 302


def test_a_sign_in_link_request_answers_the_same_for_unknown_addresses(client, outbox):
    factories.user("known@example.org")
    known = submit(client, "/en/account/login/link", {"email": "known@example.org"})
    unknown = submit(client, "/en/account/login/link", {"email": "nobody@example.org"})
    assert page_text(known, "known@example.org") == page_text(unknown, "nobody@example.org")
    assert [m.to_address for m in outbox()] == ["known@example.org"]


def test_a_sign_in_link_expires(client, outbox, clock):
    factories.user("late@example.org")
    submit(client, "/en/account/login/link", {"email": "late@example.org"})
    link = link_in(outbox()[0], "/login/link/")
    clock.advance(minutes=16)
    assert client.get(link).status_code == 400


def test_successful_sign_ins_do_not_count(client, app):
    user = factories.user()
    for _ in range(12):
        assert _sign_in(app.test_client(), user.email).status_code == 302


def test_reset_requests_are_limited_per_address(client):
    for n in range(5):
        assert (
            submit(client, "/en/account/password-reset", {"email": f"p{n}@example.org"}).status_code
            == 200
        )
    assert (
        submit(client, "/en/account/password-reset", {"email": "other@example.org"}).status_code
        == 429
    )


def test_reset_requests_are_limited_per_account(client):
    for _ in range(3):
        assert (
            submit(client, "/en/account/password-reset", {"email": "same@example.org"}).status_code
            == 200
        )
    assert (
        submit(client, "/en/account/password-reset", {"email": "SAME@example.org"}).status_code
        == 429
    )


def test_registrations_are_limited_per_address_and_mistakes_do_not_count(client):
    mistake = {"name": "X", "email": "", "password": "", "locale": "en"}
    for _ in range(15):
        assert submit(client, "/en/account/register", mistake).status_code == 200
    for n in range(10):
        data = {
            "name": "Awa",
            "email": f"p{n}@example.org",
            "password": "baobab under the moon",
            "locale": "en",
            "accept_privacy": "y",
        }
        assert "Check your inbox" in submit(client, "/en/account/register", data).get_data(
            as_text=True
        )
    refused = submit(client, "/en/account/register", {**data, "name": "Eleventh Person"})
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    # The form comes back with what was typed, and says how long to wait, in minutes.
    assert 'value="Eleventh Person"' in page
    assert re.search(r"your form is kept, try again in (60|59) minutes\.", page)


def test_a_limited_reset_request_keeps_the_address_typed_in_french(client):
    for _ in range(3):
        submit(client, "/fr/account/password-reset", {"email": "same@example.org"})
    refused = submit(client, "/fr/account/password-reset", {"email": "same@example.org"})
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert 'value="same@example.org"' in page
    assert "réessayez dans" in page


@pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_limits_in_redis_are_shared_by_several_app_servers(app, database_url, tmp_path):
    prefix = f"portal-test-{uuid.uuid4().hex}"
    servers = [
        create_app(
            {
                "PORTAL_ENV": "test",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "SECRET_KEY": "shared-secret",
                "INSTANCE_PATH": str(tmp_path),
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                "RATELIMIT_KEY_PREFIX": prefix,
            }
        )
        for _ in range(2)
    ]
    user = factories.user(f"redis-{uuid.uuid4().hex[:8]}@example.org")
    for server in servers:
        server.test_client_class = IsolatedClient
    try:
        for index in range(10):
            assert _fail(servers[index % 2].test_client(), user.email).status_code == 200
        assert _fail(servers[0].test_client(), user.email).status_code == 429
        assert _fail(servers[1].test_client(), user.email).status_code == 429
    finally:
        # The throttle's keys carry no prefix: clear them from Redis (a later run, on
        # PostgreSQL, would meet them), then give the extension, one object, its
        # in-memory storage back, so that no other test shares Redis.
        limiter.reset()
        limiter.init_app(app)


def test_a_stranger_cannot_use_up_the_owners_sign_in_links(app):
    owner = factories.user("owner@example.org")
    db.session.commit()
    for _ in range(3):  # a stranger, from their own address
        stranger = app.test_client()
        submit(
            stranger,
            "/en/account/login/link",
            {"email": owner.email},
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        )
    asked = submit(
        app.test_client(),
        "/en/account/login/link",
        {"email": owner.email},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert asked.status_code == 200
    assert "Check your inbox" in asked.get_data(as_text=True)


def test_changing_the_address_is_limited_per_account(client, login):
    person = factories.user(password=factories.DEFAULT_PASSWORD)
    login(person)
    for n in range(3):
        submit(
            client,
            "/en/account/",
            {"email": f"new{n}@example.org", "password": factories.DEFAULT_PASSWORD},
            action="/en/account/email",
        )
    refused = submit(
        client,
        "/en/account/",
        {"email": "new9@example.org", "password": factories.DEFAULT_PASSWORD},
        action="/en/account/email",
    )
    assert "Too many attempts from here" in refused.get_data(as_text=True)


def test_signing_up_with_a_taken_address_mails_its_owner_once_an_hour(client, outbox):
    factories.user("taken@example.org")
    db.session.commit()
    data = {
        "name": "X",
        "email": "taken@example.org",
        "password": "baobab under the moon",
        "locale": "en",
        "accept_privacy": "y",
    }
    for _ in range(3):
        assert "Check your inbox" in submit(client, "/en/account/register", data).get_data(
            as_text=True
        )
    assert len(outbox(to="taken@example.org")) == 1
