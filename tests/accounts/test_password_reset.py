import statistics
import time

from portal.accounts import services
from tests import factories
from tests.conftest import csrf_token, link_in, page_text, submit

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


def test_a_reset_link_dies_when_the_address_changes(client, outbox, login):
    """The link was sent to the old address: once the account moved to a new one,
    whoever still reads the old mailbox cannot take the account back."""
    user = factories.user("old@example.org")
    submit(client, "/en/account/password-reset", {"email": "old@example.org"})
    link = link_in(outbox(to="old@example.org")[0], "/password-reset/")
    login(user)
    submit(
        client,
        "/en/account/",
        {"email": "new@example.org", "password": factories.DEFAULT_PASSWORD},
        action="/en/account/email",
    )
    submit(client, link_in(outbox(to="new@example.org")[0], "/account/confirm/"), {})
    assert client.get(link).status_code == 400


def test_known_and_unknown_addresses_cost_the_same_work(app, client, monkeypatch):
    """Sign-up and reset do the same expensive work whether or not the address has an
    account (argon2 for sign-up, a token and an e-mail rendering for reset), so their
    timing tells nothing."""
    calls: list[str] = []
    hash_password, render_email = services.hash_password, services.render_email
    monkeypatch.setattr(
        services, "hash_password", lambda p: calls.append("hash") or hash_password(p)
    )
    monkeypatch.setattr(
        services, "render_email", lambda *a, **k: calls.append("render") or render_email(*a, **k)
    )
    monkeypatch.setattr(services, "queue_mail", lambda **k: calls.append("render") or None)
    factories.user("known@example.org")

    def work(path, data):
        calls.clear()
        submit(client, path, data)
        return sorted(calls)

    signup = {"name": "X", "password": "radium and polonium", "locale": "en", "accept_privacy": "y"}
    known = work("/en/account/register", {**signup, "email": "known@example.org"})
    unknown = work("/en/account/register", {**signup, "email": "fresh@example.org"})
    assert known == unknown == ["hash", "render"]
    known = work("/en/account/password-reset", {"email": "known@example.org"})
    unknown = work("/en/account/password-reset", {"email": "nobody@example.org"})
    assert known == unknown == ["render"]


def test_sign_up_takes_as_long_for_a_known_address(client):
    factories.user("known@example.org")
    signup = {"name": "X", "password": "radium and polonium", "locale": "en", "accept_privacy": "y"}
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(8):
        for kind, email in (("known", "known@example.org"), ("unknown", f"new{n}@example.org")):
            token = csrf_token(client, "/en/account/register")
            started = time.perf_counter()
            client.post(
                "/en/account/register", data={**signup, "email": email, "csrf_token": token}
            )
            timings[kind].append(time.perf_counter() - started)
    ratio = statistics.median(timings["known"]) / statistics.median(timings["unknown"])
    assert 0.6 < ratio < 1.6, timings
