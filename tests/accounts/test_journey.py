"""The whole account journey through the test client, links read from the outbox."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from tests import factories
from tests.conftest import link_in, submit


def test_sign_up_confirm_sign_in_reset_sign_in_again_and_change_language(client, outbox):
    # Sign up in French
    page = submit(
        client,
        "/fr/account/register",
        {
            "name": "Awa Diop",
            "email": "awa@example.org",
            "password": "baobab under the moon",
            "locale": "fr",
            "accept_privacy": "y",
        },
    )
    assert "Consultez votre messagerie" in page.get_data(as_text=True)

    # Confirm from the e-mail: the first confirmation signs the person in
    confirm = link_in(outbox(to="awa@example.org")[0], "/account/confirm/")
    assert submit(client, confirm, {}).headers["Location"] == "/fr/account/"
    submit(client, "/fr/account/", {}, action="/fr/account/logout")

    # Sign in, back to the page asked for first
    asked = client.get("/fr/account/")
    assert asked.headers["Location"] == "/fr/account/login?next=/fr/account/"
    signed_in = submit(
        client,
        "/fr/account/login?next=/fr/account/",
        {"email": "AWA@example.org", "password": "baobab under the moon"},
        action="/fr/account/login?next=/fr/account/",
    )
    assert signed_in.headers["Location"] == "/fr/account/"
    account = client.get("/fr/account/").get_data(as_text=True)
    assert "Mon compte" in account
    assert "n'est pas encore confirmée" not in account
    submit(client, "/fr/account/", {}, action="/fr/account/logout")

    # Forget the password and reset it
    submit(client, "/fr/account/password-reset", {"email": "awa@example.org"})
    reset = link_in(outbox(to="awa@example.org")[-1], "/password-reset/")
    submit(
        client, reset, {"password": "a new baobab passphrase", "confirm": "a new baobab passphrase"}
    )
    old = submit(
        client,
        "/fr/account/login",
        {"email": "awa@example.org", "password": "baobab under the moon"},
    )
    assert old.status_code == 200
    new = submit(
        client,
        "/fr/account/login",
        {"email": "awa@example.org", "password": "a new baobab passphrase"},
    )
    assert new.status_code == 302

    # Change the preferred language: the account page follows it
    changed = submit(
        client, "/fr/account/", {"name": "Awa Diop", "locale": "en"}, action="/fr/account/profile"
    )
    assert changed.headers["Location"] == "/en/account/"
    assert "Your details are saved." in client.get("/en/account/").get_data(as_text=True)
    assert db.session.scalars(select(User)).one().locale == "en"


def test_changing_the_email_needs_the_password_and_the_new_address_confirmed(client, login, outbox):

    user = factories.user("old@example.org", locale="fr")
    login(user)
    refused = submit(
        client,
        "/en/account/",
        {"email": "new@example.org", "password": "nope nope nope"},
        action="/en/account/email",
    )
    assert "Your password is not correct." in refused.get_data(as_text=True)
    submit(
        client,
        "/en/account/",
        {"email": "new@example.org", "password": factories.DEFAULT_PASSWORD},
        action="/en/account/email",
    )
    db.session.refresh(user)
    assert user.email == "old@example.org"
    assert user.pending_email == "new@example.org"
    submit(client, link_in(outbox(to="new@example.org")[0], "/account/confirm/"), {})
    db.session.refresh(user)
    assert user.email == "new@example.org"
    assert user.pending_email is None
    [notice] = outbox(to="old@example.org")
    assert notice.subject == "Votre adresse e-mail a été changée"
