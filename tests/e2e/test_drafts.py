"""A long application is not lost when the session ends before it is sent: the session
revoked from elsewhere, expired, or the browser restarted. The browser kept the text;
after signing in again the person lands on the form and restores it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, check_accessibility
from tests.e2e.test_journeys import second_step

pytestmark = pytest.mark.e2e

ROLE = "/en/roles/bilingual-volunteer-at-unesco/apply"
# The EU lead has not applied to the UNESCO role (the demo volunteer has).
EMAIL, PASSWORD = "lead.eu@example.org", "demo-lead-pass"
MOTIVATION = (
    "I was born in Dakar, I studied in Lyon and I have spent ten years with families in "
    "Brussels; I want to carry their voice to UNESCO. "
) * 3


def _sign_in(page, portal):
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"^(?!.*/account/login$)"))
    if page.url.endswith("/login/second-factor"):  # the demo leads have an authenticator app
        second_step(page, portal, EMAIL)


def _start_an_application(page, portal):
    page.goto(portal.url("/en/account/login"))
    _sign_in(page, portal)
    page.goto(portal.url(ROLE))
    page.get_by_label("Why do you want this role?").fill(MOTIVATION)
    page.wait_for_timeout(600)  # the text is kept after a short pause in typing


def _come_back_and_restore(page, portal):
    expect(page).to_have_url(re.compile(r"/en/account/login"))
    _sign_in(page, portal)
    expect(page).to_have_url(re.compile(r"/apply$"))
    notice = page.get_by_role("status").filter(has_text="was not sent")
    expect(notice).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Restore what I typed").click()
    expect(page.get_by_label("Why do you want this role?")).to_have_value(MOTIVATION)


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_the_text_survives_a_session_that_ends_on_the_server(page, portal, how):
    _start_an_application(page, portal)
    if how == "revoked":  # "sign out everywhere" from another browser, say
        portal.query("UPDATE user_sessions SET revoked_at = CURRENT_TIMESTAMP")
    else:
        portal.query("UPDATE user_sessions SET expires_at = '2000-01-01 00:00:00'")
    page.get_by_role("button", name="Save as draft").click()
    _come_back_and_restore(page, portal)


def test_the_text_survives_a_browser_restart(page, browser, portal):
    _start_an_application(page, portal)
    state = page.context.storage_state()
    # A restarted browser keeps the device's storage but not the session cookie.
    state["cookies"] = [c for c in state["cookies"] if c["name"] not in ("session",)]
    restarted = browser.new_context(viewport=DESKTOP, locale="en-GB", storage_state=state)
    again = restarted.new_page()
    again.goto(portal.url(ROLE))
    _come_back_and_restore(again, portal)
    restarted.close()
