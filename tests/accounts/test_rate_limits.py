import socket
import uuid

import pytest

from portal import create_app
from tests import factories
from tests.conftest import IsolatedClient, submit


def _fail(client, email, **headers):
    return submit(
        client,
        "/fr/account/login",
        {"email": email, "password": "wrong password!"},
        headers=headers,
    )


def test_ten_failed_sign_ins_per_account_then_a_translated_429(client):
    user = factories.user()
    for attempt in range(10):
        # A forged X-Forwarded-For must not buy more attempts.
        assert (
            _fail(client, user.email, **{"X-Forwarded-For": f"10.0.0.{attempt}"}).status_code == 200
        )
    blocked = _fail(client, user.email, **{"X-Forwarded-For": "10.9.9.9"})
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)
    # even the right password waits now
    right = submit(
        client, "/en/account/login", {"email": user.email, "password": factories.DEFAULT_PASSWORD}
    )
    assert right.status_code == 429
    # another account is not affected
    other = factories.user()
    assert _fail(client, other.email).status_code == 200


def test_successful_sign_ins_do_not_count(client, app):
    user = factories.user()
    for _ in range(12):
        browser = app.test_client()
        response = submit(
            browser,
            "/en/account/login",
            {"email": user.email, "password": factories.DEFAULT_PASSWORD},
        )
        assert response.status_code == 302


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


def test_registrations_are_limited_per_address(client):
    data = {"name": "X", "email": "", "password": "", "locale": "en"}
    for _ in range(10):
        assert submit(client, "/en/account/register", data).status_code == 200
    assert submit(client, "/en/account/register", data).status_code == 429


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_limits_in_redis_are_shared_by_several_app_servers(database_url, tmp_path):
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
    user = factories.user()
    for index in range(10):
        servers[index % 2].test_client_class = IsolatedClient
        browser = servers[index % 2].test_client()
        assert _fail(browser, user.email).status_code == 200
    browser = servers[0].test_client()
    assert _fail(browser, user.email).status_code == 429
    browser = servers[1].test_client()
    assert _fail(browser, user.email).status_code == 429
