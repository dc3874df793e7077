import io
import re

from sqlalchemy import func, select

from portal.accounts.models import Consent, User
from portal.accounts.rules import can_apply
from portal.extensions import db
from tests import factories
from tests.conftest import link_in, page_text, submit

GOOD = {
    "name": "Marie Curie",
    "email": "Marie@Example.org",
    "password": "radium and polonium",
    "locale": "fr",
    "accept_privacy": "y",
}


def _users():
    return db.session.scalar(select(func.count(User.id)))


def test_sign_up_creates_an_unconfirmed_account_and_mails_a_link_in_its_language(client, outbox):
    response = submit(client, "/en/account/register", GOOD)
    assert response.status_code == 200
    assert "Check your inbox" in response.get_data(as_text=True)
    user = db.session.scalars(select(User)).one()
    assert user.email == "marie@example.org"
    assert user.locale == "fr"
    assert not user.is_confirmed
    assert user.password_hash.startswith("$argon2id$")
    consent = db.session.scalars(select(Consent)).one()
    assert (consent.kind, consent.version, consent.user_id) == (
        "privacy-notice",
        "2026-11",
        user.id,
    )
    [message] = outbox()
    assert message.to_address == "marie@example.org"
    assert message.subject == "Confirmez votre adresse e-mail"
    assert "Bonjour Marie Curie," in message.body_text
    link = link_in(message, "/account/confirm/")
    assert link.startswith("/fr/account/confirm/")
    assert f'<a href="http://portal.test{link}">' in message.body_html


def test_confirmation_link_confirms_the_address_and_enables_applying(client, outbox):
    submit(client, "/en/account/register", GOOD)
    user = db.session.scalars(select(User)).one()
    assert not can_apply(user)
    link = link_in(outbox()[0], "/account/confirm/")
    page = client.get(link)  # what a mail scanner following the link does: nothing
    assert "marie@example.org est-elle bien votre adresse\u00a0?" in page.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.is_confirmed
    response = submit(client, link, {})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_confirmed
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre adresse e-mail marie@example.org est confirmée." in follow


def test_confirmation_link_expires_and_cannot_be_forged(client, outbox, clock):
    submit(client, "/en/account/register", GOOD)
    link = link_in(outbox()[0], "/account/confirm/")
    page = client.get(link).get_data(as_text=True)
    clock.advance(days=3)
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)
    client.post(link, data={"csrf_token": token})
    assert not db.session.scalars(select(User)).one().is_confirmed
    response = client.get(link[:-3] + "abc", follow_redirects=True)
    assert "invalide ou a expiré" in response.get_data(as_text=True)


def test_bad_input_comes_back_with_the_input_and_a_translated_error_at_the_field(client):
    data = {**GOOD, "email": "not-an-address", "password": "short", "accept_privacy": ""}
    response = submit(client, "/fr/account/register", data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'value="Marie Curie"' in page
    assert 'value="not-an-address"' in page
    assert "Il y a un problème" in page
    assert 'aria-invalid="true"' in page
    assert 'id="email-error">Saisissez une adresse e-mail comme nom@exemple.org.' in page
    assert 'id="password-error">Utilisez au moins 10 caractères.' in page
    assert 'id="accept_privacy-error">' in page
    assert _users() == 0


def test_common_passwords_are_refused(client):
    for common in ("password123", "1234567890", "Qwertyuiop"):
        page = submit(client, "/en/account/register", {**GOOD, "password": common}).get_data(
            as_text=True
        )
        assert "This password is too common" in page
    assert _users() == 0


def test_sign_up_with_a_taken_address_answers_the_same_and_tells_the_owner(client, outbox):
    owner = factories.user("taken@example.org", name="Owner", locale="fr")
    new = submit(client, "/en/account/register", {**GOOD, "email": "new@example.org"})
    taken = submit(client, "/en/account/register", {**GOOD, "email": "TAKEN@example.org"})
    assert new.status_code == taken.status_code == 200
    assert page_text(new, "new@example.org") == page_text(taken, "TAKEN@example.org")
    assert _users() == 2  # owner + new, no duplicate
    [notice] = outbox(to=owner.email)
    assert notice.subject == "Vous avez déjà un compte"


def test_signed_in_visitors_are_sent_to_their_account_from_sign_up(client, login):
    login(factories.user())
    assert client.get("/en/account/register").headers["Location"] == "/en/account/"


def test_a_name_is_one_line_and_its_links_never_become_links_in_mail(client, login, outbox):
    """A name with line breaks cannot write a paragraph into a lead's e-mail, and an
    address in it stays text: only the portal's own addresses are links."""
    pasted = "Jane\r\n\r\nYour account is blocked: https://evil.example/unlock\u2028Thanks"
    submit(client, "/en/account/register", {**GOOD, "name": pasted})
    user = db.session.scalars(select(User)).one()
    assert user.name == "Jane Your account is blocked: https://evil.example/unlock Thanks"
    user.email_confirmed_at = user.created_at
    delegation = factories.delegation(slug="unesco")
    factories.membership(factories.user("lead@example.org"), delegation)
    factories.opening(delegation, slug="role")
    login(user, password=GOOD["password"])
    submit(
        client,
        "/en/roles/role/apply",
        {
            "motivation": "I want to speak for mothers at UNESCO. " * 4,
            "languages-0-language": "fr",
            "languages-0-level": "C1",
            "consent": "y",
            "submit_application": "Submit",
            "cv": (io.BytesIO(factories.pdf_bytes()), "cv.pdf"),
        },
        content_type="multipart/form-data",
    )
    [notice] = outbox(to="lead@example.org")
    assert "https://evil.example/unlock" in notice.body_html
    assert 'href="https://evil.example' not in notice.body_html
    assert 'href="http://portal.test/en/manage/unesco/applications/' in notice.body_html
