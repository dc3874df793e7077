"""Signing out really ends the session, with or without "remember me"."""

import pytest
from flask.testing import FlaskClient

from portal.config import build_config
from tests import factories
from tests.conftest import link_in, submit

ACCOUNT = "/en/account/"


def _copy_cookies(source: FlaskClient, target: FlaskClient) -> None:
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def _signed_in(browser) -> bool:
    return browser.get(ACCOUNT).status_code == 200


def test_sign_in_and_out(client, login):
    user = factories.user(name="Nina")
    assert client.get(ACCOUNT).status_code == 302
    login(user)
    page = client.get(ACCOUNT).get_data(as_text=True)
    assert "My account" in page
    assert user.email in page
    token = submit(client, ACCOUNT, {}, action="/en/account/logout")
    assert token.status_code == 302
    assert not _signed_in(client)


def test_a_session_cookie_copied_before_sign_out_is_refused_after(app, client, login):
    login(factories.user())
    thief = app.test_client()
    _copy_cookies(client, thief)
    assert _signed_in(thief)
    submit(client, ACCOUNT, {}, action="/en/account/logout")
    assert not _signed_in(thief)


def test_a_remember_cookie_copied_before_sign_out_is_refused_after(app, client, login):
    login(factories.user(), remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    thief = app.test_client()  # only the long-lived cookie, as after a browser restart
    thief.set_cookie("remember_token", remember.value)
    assert _signed_in(thief)
    submit(client, ACCOUNT, {}, action="/en/account/logout")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember.value)
    assert not _signed_in(fresh)


def test_changing_the_password_signs_out_the_other_sessions_only(app, client, login):
    user = factories.user()
    other_device = app.test_client()
    login(user, on=other_device)
    login(user)
    response = submit(
        client,
        ACCOUNT,
        {
            "current_password": factories.DEFAULT_PASSWORD,
            "password": "a brand new secret phrase",
            "confirm": "a brand new secret phrase",
        },
        action="/en/account/password",
    )
    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(other_device)


def test_a_password_reset_signs_out_every_session(app, client, login, outbox):
    user = factories.user()
    login(user)
    reader = app.test_client()
    submit(reader, "/en/account/password-reset", {"email": user.email})

    link = link_in(outbox()[-1], "/password-reset/")
    submit(
        reader, link, {"password": "another long passphrase", "confirm": "another long passphrase"}
    )
    assert not _signed_in(client)


def test_deactivating_an_account_signs_it_out(app, client, login):
    user = factories.user()
    admin = factories.user(admin=True)
    login(user, remember=True)
    remember = client.get_cookie("remember_token").value
    admin_browser = app.test_client()
    login(admin, on=admin_browser)
    submit(
        admin_browser,
        f"/en/admin/users/{user.id}",
        {"active": "0", "confirmed": "1"},
        action=f"/en/admin/users/{user.id}/active",
    )
    assert not _signed_in(client)
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember)
    assert not _signed_in(fresh)
    # and cannot sign in again
    page = submit(
        fresh, "/en/account/login", {"email": user.email, "password": factories.DEFAULT_PASSWORD}
    )
    assert page.status_code == 200
    assert "is not correct" in page.get_data(as_text=True)


def test_session_cookies_are_httponly_and_samesite_lax(client, login):
    response = login(factories.user(), remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"])
def test_cookies_are_secure_in_production(name, monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET_KEY", "x" * 40)
    assert build_config({"PORTAL_ENV": "production"})[name] is True


def test_sign_out_needs_post_with_csrf(client, login):
    login(factories.user())
    assert client.get("/en/account/logout").status_code == 405
    assert client.post("/en/account/logout").status_code == 400
    assert _signed_in(client)
