"""Hundreds of random and mutated bodies posted to every form: not one server error.

The bodies mix the field names the portal's pages really use with hostile values
(out-of-range dates and numbers, non-ASCII digits, control characters, markup, huge
strings, duplicated keys, random files). The seed is fixed, so a failure repeats.
"""

from __future__ import annotations

import io
import os
import random
import re

from werkzeug.datastructures import MultiDict

from portal.accounts.models import User
from portal.extensions import db
from tests import factories
from tests.conftest import csrf_token
from tests.test_permission_matrix import (
    ADMIN,
    LEAD,
    MEMBER,
    PUBLIC,
    REVIEWER,
    SIGNED_IN,
    _protected_routes,
    _url,
    world,
)

__all__ = ["world"]

BODIES_PER_FORM = int(os.environ.get("FUZZ_BODIES", "12"))
NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "²",
    "١٢",
    "1" * 30,
    "9" * 400,
    "1e309",
    "NaN",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "2026-13-01T25:61",
    "9999-12-31T23:59",
    "\x00",
    "a\u2028b\u2029c\x85d",
    "\r\n\r\nBcc: x@example.org",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "%s%s%n",
    "{{ 7*7 }}",
    "../../etc/passwd",
    "javascript:alert(1)",
    "http://evil.example/",
    "é" * 5000,
    "a" * 60_000,
    "🙂" * 50,
    "y",
    "on",
    "en",
    "fr",
    "de",
    "lead",
    "member",
    "draft",
    "open",
    "submitted",
    "accepted",
    "declined",
    "withdrawn",
    "publish",
    "schedule",
    "unpublish",
    "send",
    "discard",
    "score",
    "mine",
    "person@example.org",
    "not-an-address",
]
FILES = [b"", b"%PDF-1.4\n%%EOF\n", b"PK\x03\x04" + bytes(100), b"\x89PNG\r\n\x1a\n", bytes(300)]


def _field_names(browser, urls) -> list[str]:
    names: set[str] = set()
    for url in urls:
        response = browser.get(url)
        if response.mimetype.startswith("text/"):  # not a download
            names.update(NAME.findall(response.get_data(as_text=True)))
    names.discard("csrf_token")
    return sorted(names)


def _body(rng: random.Random, names: list[str], token: str):
    body: list[tuple[str, object]] = [("csrf_token", token)]
    for name in rng.sample(names, k=min(len(names), rng.randint(1, 14))):
        for _ in range(rng.choice((1, 1, 1, 2))):  # sometimes a key twice
            if name in ("cv", "cover", "image") and rng.random() < 0.7:
                body.append((name, (io.BytesIO(rng.choice(FILES)), rng.choice(["a.pdf", "x"]))))
            else:
                body.append((name, rng.choice(VALUES)))
    return body


def _fuzz(client, posts, names, rng, *, session_page, relogin) -> int:
    sent = 0
    for rule, url in posts:
        for _ in range(BODIES_PER_FORM):
            if relogin is not None and client.get("/en/account/").status_code != 200:
                relogin()  # erased, deactivated or signed out by a previous body
            body = _body(rng, names, csrf_token(client, session_page))
            response = client.post(url, data=MultiDict(body), content_type="multipart/form-data")
            assert response.status_code < 500, (rule.endpoint, body)
            sent += 1
    return sent


def test_random_bodies_to_every_form_never_make_a_server_error(app, client, login, world):
    """Strangers post to the public forms, a volunteer to their own, an admin (who may
    use every workspace and admin form) to the rest."""
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "20261129")))
    everything = PUBLIC | SIGNED_IN | MEMBER | REVIEWER | LEAD | ADMIN
    admin = factories.user("fuzz-admin@example.org", admin=True)
    volunteer = factories.user("fuzz-volunteer@example.org")
    db.session.commit()
    admin_browser, volunteer_browser = app.test_client(), app.test_client()
    login(admin, on=admin_browser)
    gets = [
        _url(rule, world)
        for rule, method in _protected_routes(app, everything)
        if method == "GET" and rule.endpoint != "static"
    ]
    names = _field_names(admin_browser, [*gets, "/en/roles/role/apply"])
    assert len(names) > 40  # the pages' real fields were found

    def posts(endpoints, **values):
        return [
            (rule, _url(rule, {**world, **values}))
            for rule, method in _protected_routes(app, endpoints)
            if method == "POST" and rule.endpoint != "accounts.logout"
        ]

    def sign_in(person_id, browser):
        return lambda: login(db.session.get(User, person_id), on=browser)

    sent = _fuzz(client, posts(PUBLIC), names, rng, session_page="/en/account/login", relogin=None)
    login(volunteer, on=volunteer_browser)
    sent += _fuzz(
        volunteer_browser,
        posts(SIGNED_IN, slug="role"),
        names,
        rng,
        session_page="/en/account/data/",
        relogin=sign_in(volunteer.id, volunteer_browser),
    )
    sent += _fuzz(
        admin_browser,
        posts(MEMBER | REVIEWER | LEAD | ADMIN),
        names,
        rng,
        session_page="/en/account/data/",
        relogin=sign_in(admin.id, admin_browser),
    )
    assert sent >= 400
