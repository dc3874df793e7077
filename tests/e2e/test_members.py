"""The members' space in a real browser: an accepted volunteer follows the welcome
e-mail (in French, on a phone), ticks an onboarding step, records her grounds pass and
offers to attend the Human Rights Council session; the lead (in English, on a desktop)
designates her, and she sees it on her home."""

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


def _fits_and_passes(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"
    check_accessibility(page)


def test_accepted_volunteer_onboards_offers_to_attend_and_sees_her_designation(
    browser, page, portal
):
    name = f"Inès {uuid.uuid4().hex[:6]}"
    email = f"{uuid.uuid4().hex[:10]}@example.org"
    portal.prepare(f"""
from sqlalchemy import select
from portal.openings.models import Opening
opening = db.session.scalars(
    select(Opening).where(Opening.slug == "human-rights-council-volunteer-in-geneva")
).one()
factories.application(opening, factories.user({email!r}, name={name!r}, locale="fr"), status="interview")
""")
    # The lead accepts her; the acceptance and the welcome leave together.
    page.set_viewport_size(DESKTOP)
    sign_in(page, portal, "lead.un@example.org", "demo-lead-pass")
    page.goto(portal.url(f"/en/manage/united-nations/applications/?q={name.split()[1]}"))
    page.get_by_role("link", name=name).click()
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("button", name="Confirm: Accept").click()
    page.get_by_role("button", name="Send now").click()
    welcome = portal.query(
        "SELECT body_text FROM outbox_emails WHERE to_address = ? AND kind = 'member_welcome'",
        email,
    )
    assert welcome
    assert "- Lire le guide de plaidoyer" in welcome[0][0]

    # She follows the welcome e-mail's link, on her phone, in French.
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    member = context.new_page()
    sign_in(member, portal, email, factories.DEFAULT_PASSWORD, lang="fr")
    member.goto(portal.url(portal.last_link(email, "/members/")))
    expect(member.get_by_role("heading", name="Espace membres", exact=True)).to_be_visible()
    expect(member.get_by_text("0 étape faite sur 3")).to_be_visible()
    _fits_and_passes(member)

    member.get_by_role("link", name="0 étape faite sur 3").click()
    member.get_by_role("button", name="Marquer comme faite : Lire le guide de plaidoyer").click()
    expect(member.get_by_text("1 étape faite sur 3.")).to_be_visible()
    _fits_and_passes(member)

    member.get_by_role("navigation", name=re.compile("Espace membres de")).get_by_role(
        "link", name="Accréditations"
    ).click()
    member.get_by_label("Numéro").fill("UNOG-2027-0099")
    member.get_by_label("Valable jusqu'au").fill((date.today() + timedelta(days=400)).isoformat())
    member.get_by_role("button", name="Enregistrer").click()
    expect(member.get_by_text("Votre accréditation est enregistrée.")).to_be_visible()
    _fits_and_passes(member)

    member.get_by_role("navigation", name=re.compile("Espace membres de")).get_by_role(
        "link", name="Sessions"
    ).click()
    member.get_by_role("link", name=re.compile("62e session ordinaire")).first.click()
    member.get_by_label("Un commentaire pour les responsables (facultatif)").fill(
        "Toute la session."
    )
    member.get_by_role("button", name="Je peux participer").click()
    expect(
        member.get_by_text("Merci : les responsables savent que vous pouvez participer.")
    ).to_be_visible()
    _fits_and_passes(member)

    # The lead designates her: her pass covers the session, so nothing to confirm.
    page.goto(portal.url("/en/manage/united-nations/sessions/"))
    page.get_by_role("link", name=re.compile("62nd regular session")).first.click()
    expect(page.get_by_role("row", name=re.compile(name))).to_contain_text("Toute la session.")
    page.get_by_role("button", name=f"Designate {name}", exact=True).click()
    expect(page.get_by_text(f"{name} is designated and receives the invitation.")).to_be_visible()
    _fits_and_passes(page)
    invitation = portal.query(
        "SELECT calendar FROM outbox_emails WHERE to_address = ? AND kind = 'session_designated'",
        email,
    )
    assert invitation
    assert "METHOD:REQUEST" in invitation[0][0]

    # She sees it on her home.
    member.goto(portal.url("/fr/members/"))
    expect(member.get_by_text("Vous êtes désigné·e").first).to_be_visible()
    _fits_and_passes(member)
    context.close()
    assert page.console_errors == []
