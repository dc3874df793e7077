"""Second factors in Chromium: a passkey made by the browser's virtual authenticator
signs in without a password and as the second step; an authenticator app is set up in
French on a phone from the key the page shows. Every page is checked with axe-core."""

from __future__ import annotations

import re
import uuid

import pyotp
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, snapshot
from tests.e2e.test_journeys import second_step, sign_in, sign_up_and_confirm

pytestmark = pytest.mark.e2e


def _virtual_authenticator(page) -> None:
    """A platform authenticator that keeps passkeys and verifies the person (as a
    fingerprint reader would), through the devtools protocol."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_passkey_is_added_then_signs_in_with_and_without_the_password(page, portal, request):
    _virtual_authenticator(page)
    email = f"pk-{uuid.uuid4().hex[:8]}@example.org"
    sign_up_and_confirm(page, portal, email, name="Lina Passkey")
    page.goto(portal.url("/en/account/"))
    page.get_by_role("link", name=re.compile("Sign-in and security")).click()
    snapshot(page, "security", request)
    page.get_by_label("Name of the passkey").fill("This laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    snapshot(page, "recovery-codes", request)
    page.get_by_role("link", name="I have kept my codes").click()
    expect(page.locator(".passkey-list")).to_contain_text("This laptop")

    # Without a password: the passkey alone.
    page.get_by_role("button", name="Sign out").last.click()
    page.goto(portal.url("/en/account/login"))
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))
    expect(page.get_by_text("Welcome, Lina Passkey.")).to_be_visible()
    page.goto(portal.url("/en/account/security/"))
    expect(page.locator(".session-list")).to_contain_text("with a second factor")
    expect(page.locator(".passkey-list")).to_contain_text("last used on")

    # As the second step after the password.
    page.context.clear_cookies()
    page.goto(portal.url("/en/account/login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill("baobab under the moon")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Second step of signing in")).to_be_visible()
    snapshot(page, "second-step", request)
    page.get_by_role("button", name="Use my passkey").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))
    assert page.console_errors == []


def test_an_authenticator_app_is_set_up_in_french_on_a_phone(browser, portal, request):
    phone = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
    phone.console_errors = []
    email = f"app-{uuid.uuid4().hex[:8]}@example.org"
    sign_up_and_confirm(phone, portal, email, name="Awa Double")
    phone.goto(portal.url("/fr/account/security/"))
    phone.get_by_role(
        "link", name=re.compile("Configurer une application d.authentification")
    ).click()
    secret = phone.locator("code.secret-key").inner_text()
    expect(
        phone.get_by_role("img", name=re.compile("Code QR pour votre application d.auth"))
    ).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # the QR code and the key fit a phone
    snapshot(phone, "set-up-fr", request)
    phone.set_viewport_size(PHONE)
    phone.get_by_role("textbox", name="Code").fill(pyotp.TOTP(secret).now())
    phone.get_by_role("button", name="Activer").click()
    expect(phone.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    phone.get_by_role("link", name=re.compile("J.ai conservé mes codes")).click()
    expect(phone.get_by_text("Activée")).to_be_visible()

    phone.context.clear_cookies()
    sign_in_page = portal.url("/fr/account/login")
    phone.goto(sign_in_page)
    phone.get_by_label("Adresse e-mail").fill(email)
    phone.get_by_label("Mot de passe", exact=True).fill("baobab under the moon")
    phone.get_by_role("button", name="Se connecter", exact=True).click()
    expect(phone.get_by_role("heading", name="Seconde étape de la connexion")).to_be_visible()
    snapshot(phone, "second-step-fr", request)
    second_step(phone, portal, email, lang="fr", secret=secret)
    expect(phone).to_have_url(re.compile(r"/fr/account/$"))


def test_a_lead_types_the_code_and_can_end_another_browser(browser, page, portal):
    sign_in(page, portal, "lead.eu@example.org", "demo-lead-pass")
    other = browser.new_context().new_page()
    sign_in(other, portal, "lead.eu@example.org", "demo-lead-pass")
    page.goto(portal.url("/en/account/security/"))
    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.get_by_text("You are signed out everywhere else.")).to_be_visible()
    other.goto(portal.url("/en/manage/"))
    expect(other).to_have_url(re.compile(r"/en/account/login"))
    page.goto(portal.url("/en/manage/"))
    expect(page).to_have_url(re.compile(r"/en/manage/$"))
