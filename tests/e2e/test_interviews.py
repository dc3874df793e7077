"""Interview scheduling in a real browser, in English on a desktop and in French on a
phone: the lead offers times, invites the applicant, who books from the e-mail's link in
their own time zone (New York), and both see the interview."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility
from tests.e2e.test_journeys import sign_in

pytestmark = pytest.mark.e2e

WORDS = {
    "en": {
        "interviews": "Interviews",
        "role": "Volunteer role",
        "day": "Day",
        "times": "Start times",
        "place": "Place",
        "offer": "Offer these times",
        "offered": "interview times are offered",
        "invite": "Invite to an interview",
        "confirm": r"Confirm\s*:\s*Invite to an interview",
        "send": "Send now",
        "book": "Book this time",
        "booked": "Your interview is booked.",
        "coming": "Coming interviews",
    },
    "fr": {
        "interviews": "Entretiens",
        "role": "Mission bénévole",
        "day": "Jour",
        "times": "Heures de début",
        "place": "Lieu",
        "offer": "Proposer ces créneaux",
        "offered": "sont proposés aux personnes candidates",
        "invite": "Inviter à un entretien",
        "confirm": r"Confirmer\s*:\s*Inviter à un entretien",
        "send": "Envoyer maintenant",
        "book": "Réserver ce créneau",
        "booked": "Votre entretien est réservé.",
        "coming": "Entretiens à venir",
    },
}


def _fits_and_passes(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"
    check_accessibility(page)


@pytest.mark.parametrize(("lang", "viewport"), [("en", DESKTOP), ("fr", PHONE)])
def test_lead_offers_times_applicant_books_from_the_email_and_both_see_it(
    browser, page, portal, lang, viewport
):
    words = WORDS[lang]
    name = f"Booker {uuid.uuid4().hex[:6]}"
    email = f"{uuid.uuid4().hex[:10]}@example.org"
    portal.prepare(f"""
from sqlalchemy import select
from portal.openings.models import Opening
opening = db.session.scalars(
    select(Opening).where(Opening.slug == "bilingual-volunteer-at-unesco")
).one()
factories.application(opening, factories.user({email!r}, name={name!r}, locale={lang!r}))
""")
    day = date.today() + timedelta(days=8)
    page.set_viewport_size(viewport)
    sign_in(page, portal, "lead.unesco@example.org", "demo-lead-pass", lang=lang)
    page.goto(portal.url(f"/{lang}/manage/unesco/interviews/"))
    _fits_and_passes(page)
    [(role_id,)] = portal.query(
        "SELECT id FROM openings WHERE slug = 'bilingual-volunteer-at-unesco'"
    )
    page.get_by_label(words["role"]).select_option(str(role_id))
    page.get_by_label(words["day"], exact=True).fill(day.isoformat())
    page.get_by_label(words["times"]).fill("10:00, 11:00")
    page.get_by_label(words["place"], exact=True).fill("UNESCO, 7 place de Fontenoy, Paris")
    page.get_by_role("button", name=words["offer"]).click()
    expect(page.get_by_text(words["offered"])).to_be_visible()
    _fits_and_passes(page)

    # The invitation's message carries the link to the free times.
    page.goto(portal.url(f"/{lang}/manage/unesco/applications/?q={name.split()[1]}"))
    page.get_by_role("link", name=name).click()
    page.get_by_role("button", name=words["invite"]).click()
    page.get_by_role("button", name=re.compile(words["confirm"])).click()
    body = page.locator("textarea").first
    expect(body).to_contain_text("/interview")
    page.get_by_role("button", name=words["send"]).click()

    # The applicant, in New York, follows the e-mail's link.
    context = browser.new_context(
        viewport=viewport,
        locale="fr-FR" if lang == "fr" else "en-US",
        timezone_id="America/New_York",
    )
    applicant = context.new_page()
    sign_in(applicant, portal, email, factories.DEFAULT_PASSWORD, lang=lang)
    applicant.goto(portal.url(portal.last_link(email, "/interview")))
    expect(applicant).to_have_url(re.compile(r"tz=America%2FNew_York|tz=America/New_York"))
    expect(applicant.get_by_text("04:00", exact=False).first).to_be_visible()
    _fits_and_passes(applicant)
    applicant.locator("input[name=slot]").first.check()
    applicant.get_by_role("button", name=words["book"]).click()
    expect(applicant.get_by_text(words["booked"])).to_be_visible()
    expect(applicant.locator("#booked-heading")).to_be_visible()
    _fits_and_passes(applicant)
    invitation = portal.query(
        "SELECT calendar FROM outbox_emails WHERE to_address = ? AND kind = 'interview_booked'",
        email,
    )
    assert invitation
    assert "BEGIN:VEVENT" in invitation[0][0]
    assert "TZID=Europe/Paris" in invitation[0][0]
    context.close()

    # The lead sees the booking.
    page.goto(portal.url(f"/{lang}/manage/unesco/interviews/"))
    coming = page.locator("#booked-heading + table")
    expect(coming).to_contain_text(name)
    expect(coming).to_contain_text("10:00")
    _fits_and_passes(page)
    assert page.console_errors == []
