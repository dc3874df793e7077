"""Leads and admins in a real browser, in English at desktop width and in French on a
390 px phone: decisions confirmed then undone, messages refused while a part is left
to write, bulk decline, the last-lead rule on the admin pages, a member who stays off
the public page, the audit trail filtered by person and date; and every lead and admin
page fits a phone and passes axe."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility
from tests.e2e.test_journeys import sign_in, sign_up_and_confirm

pytestmark = pytest.mark.e2e

ROLE = "bilingual-volunteer-at-unesco"
LEAD = ("lead.unesco@example.org", "demo-lead-pass")
ADMIN = ("admin@example.org", "demo-admin-pass")
# (language, viewport): English on a desktop, French on a phone.
SETTINGS = [("en", DESKTOP), ("fr", PHONE)]
WORDS = {
    "en": {
        "decline": "Decline",
        "confirm_decline": r"Confirm\s*:\s*Decline",
        "interview": "Invite to an interview",
        "confirm_interview": r"Confirm\s*:\s*Invite to an interview",
        "message": "Message to the applicant",
        "undo": r"Undo\s*:\s*back to",
        "undone": "Undone",
        "send": "Send now",
        "unfilled": "Replace {interview_details}",
        "select": "Select {name}",
        "bulk": "Decline the selected applications",
        "bulk_confirm": "Decline 2 applications",
        "show": "Show",
    },
    "fr": {
        "decline": "Refuser",
        "confirm_decline": r"Confirmer\s*:\s*Refuser",
        "interview": "Inviter à un entretien",
        "confirm_interview": r"Confirmer\s*:\s*Inviter à un entretien",
        "message": "Message à la personne candidate",
        "undo": r"Défaire\s*:\s*revenir à",
        "undone": "défaite",
        "send": "Envoyer maintenant",
        "unfilled": "Remplacez {interview_details}",
        "select": "Sélectionner {name}",
        "bulk": "Refuser les candidatures sélectionnées",
        "bulk_confirm": "Refuser 2 candidatures",
        "show": "Afficher",
    },
}


def _applicants(portal, *names: str) -> None:
    """Applications to the UNESCO role, submitted by new volunteers named `names`."""
    people = ", ".join(repr(name) for name in names)
    portal.prepare(f"""
from sqlalchemy import select
from portal.openings.models import Opening
opening = db.session.scalars(select(Opening).where(Opening.slug == {ROLE!r})).one()
import uuid
for name in ({people},):
    person = factories.user(f"{{uuid.uuid4().hex}}@example.org", name=name, locale="fr")
    factories.application(opening, person)
""")


def _fits_and_passes(page) -> None:
    """No sideways scrolling at the current width, and no axe violation."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide on a {viewport} px screen"
    check_accessibility(page)


def _open_application(page, portal, lang: str, name: str) -> None:
    page.goto(portal.url(f"/{lang}/manage/unesco/applications/?q={name.split()[0]}"))
    _fits_and_passes(page)
    page.get_by_role("link", name=name).click()


@pytest.mark.parametrize(("lang", "viewport"), SETTINGS)
def test_a_decision_is_confirmed_then_undone(page, portal, lang, viewport):
    words = WORDS[lang]
    name = f"Undo {uuid.uuid4().hex[:6]} Person"
    _applicants(portal, name)
    page.set_viewport_size(viewport)
    sign_in(page, portal, *LEAD, lang=lang)
    _open_application(page, portal, lang, name)
    page.get_by_role("button", name=words["decline"], exact=True).click()
    # Nothing has changed yet: the page says what will happen.
    expect(page.get_by_role("heading", name=re.compile(words["confirm_decline"]))).to_be_visible()
    _fits_and_passes(page)
    status = "SELECT a.status FROM applications a JOIN users u ON u.id = a.user_id WHERE u.name = ?"
    assert portal.query(status, name) == [("submitted",)]
    page.get_by_role("button", name=re.compile(words["confirm_decline"])).click()
    expect(page.get_by_role("heading", name=words["message"])).to_be_visible()
    assert portal.query(status, name) == [("declined",)]
    _fits_and_passes(page)
    page.get_by_role("button", name=re.compile(words["undo"])).click()
    expect(page.get_by_text(re.compile(words["undone"])).first).to_be_visible()
    assert portal.query(status, name) == [("submitted",)]
    _fits_and_passes(page)
    sent = portal.query(
        "SELECT count(*) FROM outbox_emails o JOIN users u ON u.email = o.to_address "
        "WHERE u.name = ? AND o.kind LIKE 'decision_%'",
        name,
    )
    assert sent == [(0,)]
    assert page.console_errors == []


@pytest.mark.parametrize(("lang", "viewport"), SETTINGS)
def test_a_message_is_refused_while_a_part_is_left_to_write(page, portal, lang, viewport):
    words = WORDS[lang]
    name = f"Interview {uuid.uuid4().hex[:6]} Person"
    _applicants(portal, name)
    page.set_viewport_size(viewport)
    sign_in(page, portal, *LEAD, lang=lang)
    _open_application(page, portal, lang, name)
    page.get_by_role("button", name=words["interview"]).click()
    page.get_by_role("button", name=re.compile(words["confirm_interview"])).click()
    page.get_by_role("button", name=words["send"]).click()
    error = page.locator(".field__error")
    expect(error).to_contain_text(words["unfilled"])
    body = page.locator("textarea[aria-invalid=true]")
    expect(body).to_be_visible()
    _fits_and_passes(page)
    assert portal.query(
        "SELECT count(*) FROM outbox_emails o JOIN users u ON u.email = o.to_address "
        "WHERE u.name = ?",
        name,
    ) == [(0,)]
    body.fill(body.input_value().replace("{interview_details}", "Tuesday 4 March, 10:00, Paris"))
    page.get_by_role("button", name=words["send"]).click()
    expect(page.locator(".flash, [role=status]").first).to_be_visible()


@pytest.mark.parametrize(("lang", "viewport"), SETTINGS)
def test_bulk_decline_lists_the_applicants_before_it_acts(page, portal, lang, viewport):
    words = WORDS[lang]
    tag = uuid.uuid4().hex[:6]
    first, second = f"Bulk{tag} Ana", f"Bulk{tag} Bruno"
    _applicants(portal, first, second)
    page.set_viewport_size(viewport)
    sign_in(page, portal, *LEAD, lang=lang)
    page.goto(portal.url(f"/{lang}/manage/unesco/applications/?q=Bulk{tag}"))
    _fits_and_passes(page)
    for name in (first, second):
        page.get_by_label(words["select"].format(name=name)).check()
    page.locator("summary", has_text=words["bulk"]).click()
    page.get_by_role("button", name=words["bulk"]).click()
    confirm = page.locator(".confirm-list")
    expect(confirm).to_contain_text(first)
    expect(confirm).to_contain_text(second)
    _fits_and_passes(page)
    status = (
        "SELECT a.status FROM applications a JOIN users u ON u.id = a.user_id WHERE u.name LIKE ?"
    )
    assert portal.query(status, f"Bulk{tag}%") == [("submitted",), ("submitted",)]
    page.get_by_role("button", name=words["bulk_confirm"]).click()
    expect(page).to_have_url(re.compile(r"/manage/unesco/applications/"))
    assert portal.query(status, f"Bulk{tag}%") == [("declined",), ("declined",)]


@pytest.mark.parametrize(("lang", "viewport"), SETTINGS)
def test_an_admin_cannot_remove_a_delegations_last_lead(page, portal, lang, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, portal, *ADMIN, lang=lang)
    page.goto(portal.url(f"/{lang}/admin/users/?q=lead.unesco"))
    _fits_and_passes(page)
    page.get_by_role("link", name="Camille Dubois").click()
    memberships = page.locator("#memberships-heading + table")
    expect(memberships).to_contain_text(
        "only lead" if lang == "en" else "Seule personne responsable"
    )
    expect(
        page.get_by_role("button", name=re.compile("Remove the lead role|Retirer la"))
    ).to_have_count(0)
    _fits_and_passes(page)
    leads = portal.query(
        "SELECT count(*) FROM memberships m JOIN delegations d ON d.id = m.delegation_id "
        "WHERE d.slug = 'unesco' AND m.role = 'lead' AND m.ended_on IS NULL"
    )
    assert leads == [(1,)]


def test_a_member_who_declines_public_listing_stays_off_the_public_page(browser, page, portal):
    """The lead invites on a desktop; the invitee signs up, answers on a phone in French."""
    email = f"member-{uuid.uuid4().hex[:8]}@example.org"
    sign_in(page, portal, *LEAD)
    page.goto(portal.url("/en/manage/unesco/team/"))
    _fits_and_passes(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(f"The invitation is sent to {email}.")).to_be_visible()
    expect(page.locator("#invitations-heading + table")).to_contain_text(email)

    phone = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
    link = portal.last_link(email, "/invitations/")
    phone.goto(portal.url(link))
    sign_up_and_confirm(phone, portal, email, name="Inès Discrète", from_sign_in=True)
    expect(phone.get_by_role("button", name=re.compile("Join the team|Rejoindre"))).to_be_visible()
    _fits_and_passes(phone)
    phone.get_by_label(re.compile("No, keep me off|Non, ne pas")).check()
    phone.get_by_role("button", name=re.compile("Join the team|Rejoindre")).click()
    expect(phone.get_by_text(re.compile("Welcome to the team|Bienvenue"))).to_be_visible()
    expect(phone.locator("main")).not_to_contain_text("Inès Discrète")
    phone.goto(portal.url("/fr/account/teams/"))
    expect(phone.locator("main")).to_contain_text("Pas affiché·e")
    _fits_and_passes(phone)
    page.goto(portal.url("/en/manage/unesco/team/?listing=declined"))
    expect(page.locator("#current-heading ~ table").first).to_contain_text("Inès Discrète")
    phone.context.close()


@pytest.mark.parametrize(("lang", "viewport"), SETTINGS)
def test_the_audit_trail_filtered_by_person_and_date(page, portal, lang, viewport):
    words = WORDS[lang]
    page.set_viewport_size(viewport)
    sign_in(page, portal, *LEAD, lang=lang)  # an event to find
    page.context.clear_cookies()
    sign_in(page, portal, *ADMIN, lang=lang)
    page.goto(portal.url(f"/{lang}/admin/audit/"))
    _fits_and_passes(page)
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    page.get_by_label("Person" if lang == "en" else "Personne", exact=True).fill("lead.unesco")
    page.get_by_label("From" if lang == "en" else "Du", exact=True).fill(today)
    page.get_by_label("To" if lang == "en" else "Au", exact=True).fill(today)
    page.get_by_role("button", name=words["show"], exact=True).click()
    rows = page.locator("table tbody")
    expect(rows).to_contain_text("Camille Dubois")
    expect(rows).not_to_contain_text("Ada Admin")
    expect(rows).to_contain_text("signed in" if lang == "en" else "Connexion de")
    _fits_and_passes(page)
    page.get_by_label("From" if lang == "en" else "Du", exact=True).fill("2020-01-01")
    page.get_by_label("To" if lang == "en" else "Au", exact=True).fill("2020-01-02")
    page.get_by_role("button", name=words["show"], exact=True).click()
    expect(rows).to_contain_text("No entry matches" if lang == "en" else "Aucune entrée")


LEAD_PAGES = [
    "/manage/",
    "/manage/unesco/applications/",
    "/manage/unesco/applications/messages/",
    "/manage/unesco/applications/messages/wording/",
    "/manage/unesco/applications/messages/wording/interview",
    "/manage/unesco/roles/",
    "/manage/unesco/roles/new",
    "/manage/unesco/team/",
    "/manage/unesco/news/",
    "/manage/unesco/news/new",
    "/account/teams/",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/delegations/",
    "/admin/delegations/new",
    "/admin/users/",
    "/admin/outbox/",
    "/admin/audit/",
    "/admin/audit/?since=2026-03-05&until=2026-03-01",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_lead_and_admin_page_fits_a_phone_and_passes_axe(page, portal, lang):
    page.set_viewport_size(PHONE)
    sign_in(page, portal, *LEAD, lang=lang)
    pages = [*LEAD_PAGES]
    page.goto(portal.url(f"/{lang}/manage/unesco/applications/"))
    pages += [  # the application pages and a member's page, as linked
        re.sub(r"^https?://[^/]+/[a-z]{2}", "", href)
        for href in page.eval_on_selector_all(
            "main table a[href*='/applications/']", "links => links.map(a => a.href)"
        )[:2]
    ]
    page.goto(portal.url(f"/{lang}/manage/unesco/team/"))
    pages += [
        re.sub(r"^https?://[^/]+/[a-z]{2}", "", href)
        for href in page.eval_on_selector_all(
            "main table a[href*='/team/members/']", "links => links.map(a => a.href)"
        )[:1]
    ]
    for path in pages:
        response = page.goto(portal.url(f"/{lang}{path}"))
        assert response is not None, path
        assert response.status == 200, path
        _fits_and_passes(page)
    page.context.clear_cookies()
    sign_in(page, portal, *ADMIN, lang=lang)
    page.goto(portal.url(f"/{lang}/admin/users/"))
    people = page.eval_on_selector_all(
        "main table a[href*='/admin/users/']", "links => links.map(a => a.href)"
    )[:2]
    page.goto(portal.url(f"/{lang}/admin/outbox/"))
    messages = page.eval_on_selector_all(
        "main table a[href*='/admin/outbox/']", "links => links.map(a => a.href)"
    )[:1]
    page.goto(portal.url(f"/{lang}/admin/delegations/"))
    delegations = page.eval_on_selector_all(
        "main table a[href*='/edit']", "links => links.map(a => a.href)"
    )[:1]
    for path in ADMIN_PAGES:
        response = page.goto(portal.url(f"/{lang}{path}"))
        assert response is not None, path
        assert response.status == 200, path
        _fits_and_passes(page)
    for href in [*people, *messages, *delegations]:
        page.goto(href)
        _fits_and_passes(page)
