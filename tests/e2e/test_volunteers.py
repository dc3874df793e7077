"""Volunteers' journeys from the issue: a reader goes from the call post to applying
(English and French, desktop and phone), a form corrected once keeps its file, and a
withdrawn application is sent again."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from portal.demo.seed import demo_cv_pdf
from tests.e2e.conftest import PHONE, snapshot

pytestmark = pytest.mark.e2e

WORDS = {
    "en": {
        "create": "Create an account",
        "confirm": "Confirm my address",
        "submit": "Submit my application",
        "sent": "Your application is sent.",
    },
    "fr": {
        "create": "Créer un compte",
        "confirm": "Confirmer mon adresse",
        "submit": "Envoyer ma candidature",
        "sent": "Votre candidature est envoyée.",
    },
}


def _sign_up_from_the_sign_in_page(page, portal, lang: str) -> str:
    """Create an account from the sign-in page and confirm it from the e-mail."""
    email = f"v-{uuid.uuid4().hex[:8]}@example.org"
    page.get_by_role("link", name=WORDS[lang]["create"]).click()
    page.locator("#name").fill("Awa Diop")
    page.locator("#email").fill(email)
    page.locator("#password").fill("baobab under the moon")
    page.locator("#accept_privacy").check()
    page.locator("main form button[type=submit]").click()
    page.goto(portal.url(portal.last_link(email, "/account/confirm/")))
    page.get_by_role("button", name=WORDS[lang]["confirm"]).click()
    return email


def _cv(tmp_path, name="cv-awa.pdf"):
    path = tmp_path / name
    path.write_bytes(demo_cv_pdf("Awa Diop"))
    return str(path)


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reader_goes_from_the_call_post_to_applying(page, portal, request, lang, size, tmp_path):
    if size == "phone":
        page.set_viewport_size(PHONE)
    page.goto(portal.url(f"/{lang}/news/support-for-our-unesco-team/"))
    call = page.locator(".role-call")
    expect(call.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    call.get_by_role("link", name=re.compile("Apply|Postuler")).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/login\?next="))
    _sign_up_from_the_sign_in_page(page, portal, lang)
    # Confirmed and signed in, the person is on the form they were going to.
    expect(page).to_have_url(portal.url(f"/{lang}/roles/bilingual-volunteer-at-unesco/apply"))
    page.locator("#motivation").fill("Je veux porter la voix des mères à l'UNESCO. " * 4)
    page.locator("#languages-0-language").select_option("fr")
    page.locator("#languages-0-level").select_option("C2")
    page.locator("#languages-1-language").select_option("en")
    page.locator("#languages-1-level").select_option("C1")
    page.locator("input[type=radio][value=yes]").check()
    page.locator("#cv").set_input_files(_cv(tmp_path))
    page.locator("#consent").check()
    page.get_by_role("button", name=WORDS[lang]["submit"]).click()
    expect(page.get_by_text(WORDS[lang]["sent"])).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    snapshot(page, f"applied-{lang}-{size}", request)


def test_a_form_corrected_once_keeps_its_file(page, portal, request, tmp_path):
    page.goto(portal.url("/en/roles/policy-volunteer-in-brussels/apply"))
    _sign_up_from_the_sign_in_page(page, portal, "en")
    expect(page).to_have_url(portal.url("/en/roles/policy-volunteer-in-brussels/apply"))
    page.locator("#motivation").fill("Too short.")
    page.locator("#cv").set_input_files(_cv(tmp_path, "my-cv.pdf"))
    page.locator("#consent").check()
    page.get_by_role("button", name="Submit my application").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Write at least 100 characters. — Why do you want this role?")
    expect(summary).to_contain_text("Tell us at least one language you speak.")
    expect(page.get_by_text("We kept the file you chose, my-cv.pdf")).to_be_visible()
    snapshot(page, "corrected-form", request)
    page.locator("#motivation").fill("I follow EU family policy closely and write well. " * 3)
    page.locator("#languages-0-language").select_option("en")
    page.locator("#languages-0-level").select_option("C1")
    page.locator("#consent").check()
    page.get_by_role("button", name="Submit my application").click()  # no file chosen again
    expect(page.get_by_text("Your application is sent.")).to_be_visible()
    expect(page.get_by_role("link", name="my-cv.pdf")).to_be_visible()


def test_a_volunteer_withdraws_and_applies_again(page, portal, request, tmp_path):
    role = "/en/roles/human-rights-council-volunteer-in-geneva/"
    page.goto(portal.url(role + "apply"))
    _sign_up_from_the_sign_in_page(page, portal, "en")
    page.locator("#motivation").fill("I have followed the Human Rights Council for years. " * 3)
    page.locator("#languages-0-language").select_option("en")
    page.locator("#languages-0-level").select_option("C1")
    page.locator("#cv").set_input_files(_cv(tmp_path))
    page.locator("#consent").check()
    page.get_by_role("button", name="Submit my application").click()
    expect(page.get_by_text("Your application is sent.")).to_be_visible()

    page.get_by_role("link", name="Withdraw my application…").click()
    expect(page.get_by_role("heading", name="Withdraw your application?")).to_be_visible()
    expect(page.get_by_text("your answers are kept")).to_be_visible()
    snapshot(page, "withdraw-confirmation", request)
    page.get_by_role("button", name="Yes, withdraw my application").click()
    expect(page.get_by_text("Your application is withdrawn.")).to_be_visible()

    page.goto(portal.url(role))
    page.get_by_role("link", name="Apply again").click()
    expect(page.get_by_text("You withdrew this application.")).to_be_visible()
    expect(page.locator("#motivation")).to_have_value(re.compile("Human Rights Council"))
    page.locator("#consent").check()
    page.get_by_role("button", name="Submit my application").click()
    expect(page.get_by_text("Your application is sent.")).to_be_visible()
    expect(page.locator(".history")).to_contain_text("Withdrawn")
