"""After confirming their address, people go on where they were heading, signed in; a
French page keeps the French site, the saved preference being offered; mails carry a
button as well as the address."""

from urllib.parse import quote

from portal.extensions import db
from portal.teams import services as team_services
from tests import factories
from tests.conftest import BASE_URL, link_in, submit

SIGN_UP = {
    "name": "Awa Diop",
    "email": "awa@example.org",
    "password": "baobab under the moon",
    "locale": "en",
    "accept_privacy": "y",
}
APPLY = "/fr/roles/bilingual/apply"


def test_a_new_volunteer_confirms_and_lands_on_the_form_they_wanted(client, outbox):
    factories.opening(factories.delegation(slug="unesco"), slug="bilingual")
    register = f"/fr/account/register?next={quote(APPLY)}"
    submit(client, register, SIGN_UP)
    confirm = link_in(outbox(to="awa@example.org")[0], "/account/confirm/")
    assert f"next={quote(APPLY, safe='')}" in confirm or f"next={APPLY}" in confirm
    response = submit(client, confirm, {})
    assert response.headers["Location"] == APPLY
    assert client.get(APPLY).status_code == 200  # signed in


def test_a_confirmation_link_used_again_does_not_sign_in(client, outbox):
    submit(client, "/en/account/register", SIGN_UP)
    confirm = link_in(outbox(to="awa@example.org")[0], "/account/confirm/")
    submit(client, confirm, {})
    submit(client, "/en/account/", {}, action="/en/account/logout")
    again = submit(client, confirm, {})
    assert again.headers["Location"].startswith("/en/account/login?")
    login = client.get(again.headers["Location"]).get_data(as_text=True)
    assert 'value="awa@example.org"' in login
    assert client.get("/en/account/").status_code == 302  # still signed out


def test_a_forged_next_in_a_confirmation_link_goes_nowhere_else(client, outbox):
    submit(client, "/en/account/register?next=https://evil.example/", SIGN_UP)
    confirm = link_in(outbox(to="awa@example.org")[0], "/account/confirm/")
    response = submit(client, confirm + "?next=//evil.example", {})
    assert response.headers["Location"] == "/en/account/"


def test_signing_in_from_a_french_page_keeps_french_and_offers_the_preference(client):
    person = factories.user("eva@example.org", locale="en")
    response = submit(
        client,
        "/fr/account/login?next=/fr/roles/",
        {"email": person.email, "password": factories.DEFAULT_PASSWORD},
        action="/fr/account/login?next=/fr/roles/",
    )
    assert response.headers["Location"] == "/fr/roles/"
    page = client.get("/fr/roles/").get_data(as_text=True)
    assert '<a href="/en/roles/" lang="en" hreflang="en">Continue in English</a>' in page


def test_mails_with_an_action_carry_a_button_and_the_address(client, outbox):
    submit(client, "/en/account/register", SIGN_UP)
    [message] = outbox(to="awa@example.org")
    confirm = link_in(message, "/account/confirm/")
    assert ">Confirm my address</a>" in message.body_html
    assert f">{BASE_URL}{confirm}</a>" in message.body_html


def test_an_invitee_without_an_account_signs_up_and_lands_on_the_invitation(app, outbox):
    unesco = factories.delegation(slug="unesco")
    lead = factories.user("lead@example.org")
    factories.membership(lead, unesco)
    team_services.invite(
        unesco, email="awa@example.org", role="member", titles={}, by=lead, locale="en"
    )
    db.session.commit()
    invitation = link_in(outbox(to="awa@example.org")[0], "/invitations/")
    browser = app.test_client()
    sign_in_page = browser.get(invitation).headers["Location"]
    next_part = sign_in_page.split("next=", 1)[1]
    submit(browser, f"/en/account/register?next={next_part}", SIGN_UP)
    confirm = link_in(outbox(to="awa@example.org")[-1], "/account/confirm/")
    response = submit(browser, confirm, {})
    assert response.headers["Location"] == invitation
    assert "Join the team" in browser.get(invitation).get_data(as_text=True)
