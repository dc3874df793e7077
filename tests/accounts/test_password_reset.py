from tests import factories
from tests.conftest import link_in, page_text, submit

NEW = {"password": "a fresh long passphrase", "confirm": "a fresh long passphrase"}


def test_reset_answers_the_same_for_known_and_unknown_addresses(client, outbox):
    factories.user("known@example.org")
    known = submit(client, "/en/account/password-reset", {"email": "known@example.org"})
    unknown = submit(client, "/en/account/password-reset", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert page_text(known, "known@example.org") == page_text(unknown, "nobody@example.org")
    assert [m.to_address for m in outbox()] == ["known@example.org"]


def test_reset_link_works_once(client, outbox, login):
    user = factories.user(locale="fr")
    submit(client, "/en/account/password-reset", {"email": user.email})
    [message] = outbox()
    assert message.subject == "Choisissez un nouveau mot de passe"
    link = link_in(message, "/password-reset/")
    assert link.startswith("/fr/account/password-reset/")
    done = submit(client, link, NEW)
    assert done.status_code == 302
    assert done.headers["Location"] == "/fr/account/login"
    login(user, password=NEW["password"])
    again = client.get(link)
    assert again.status_code == 400
    assert "Ce lien de réinitialisation est invalide" in again.get_data(as_text=True)
    assert [m.kind for m in outbox()] == ["password_reset", "password_changed"]


def test_reset_link_expires_after_one_hour(client, outbox, clock):
    user = factories.user()
    submit(client, "/en/account/password-reset", {"email": user.email})
    link = link_in(outbox()[0], "/password-reset/")
    clock.advance(minutes=59)
    assert client.get(link).status_code == 200
    clock.advance(minutes=2)
    assert client.get(link).status_code == 400


def test_reset_form_keeps_rules_and_shows_errors(client, outbox):
    user = factories.user()
    submit(client, "/en/account/password-reset", {"email": user.email})
    link = link_in(outbox()[0], "/password-reset/")
    page = submit(client, link, {"password": "short", "confirm": "other"}).get_data(as_text=True)
    assert "Use at least 10 characters." in page
    assert "The two passwords are not the same." in page


def test_wrong_password_and_unknown_address_give_the_same_answer(client):
    factories.user("real@example.org")
    wrong = submit(
        client, "/en/account/login", {"email": "real@example.org", "password": "wrong password!"}
    )
    unknown = submit(
        client, "/en/account/login", {"email": "ghost@example.org", "password": "wrong password!"}
    )
    assert wrong.status_code == unknown.status_code == 200
    assert page_text(wrong, "real@example.org") == page_text(unknown, "ghost@example.org")
    assert "The e-mail address or the password is not correct." in wrong.get_data(as_text=True)
