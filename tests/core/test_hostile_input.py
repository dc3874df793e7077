"""What a stranger can put in an address or a header never turns a page into a server
error, never poisons a link, and error pages render even when the layout cannot."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from flask import Flask

from portal import create_app
from portal.core import errors
from portal.extensions import db
from portal.members.models import AnnouncementTranslation
from tests import factories
from tests.conftest import BASE_URL, IsolatedClient, csrf_token
from tests.test_permission_matrix import (
    ADMIN,
    LEAD,
    MEMBER,
    PUBLIC,
    REVIEWER,
    SIGNED_IN,
    _url,
    world,
)

__all__ = ["world"]

# url_for's own parameters, and names of parts of a path a query could try to override.
HOSTILE_ARGUMENTS = [
    "_scheme=javascript",
    "_anchor=x",
    "_method=POST",
    "_external=1",
    "_anything=1",
    "lang_code=de",
    "slug=somewhere-else",
    "page=%C2%B2",
    "page=999999999999999999999999",
    "delegation=%00",
    "status=%E2%80%A8",
]


def _get_routes(app, endpoints):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in endpoints and "GET" in rule.methods and rule.endpoint != "static":
            yield rule


def test_no_query_argument_turns_a_page_into_an_error(app, client, login, world):
    admin = app.test_client()
    login(factories.user(admin=True), on=admin)
    for browser, endpoints in (
        (client, PUBLIC),
        (admin, SIGNED_IN | MEMBER | REVIEWER | LEAD | ADMIN),
    ):
        for rule in _get_routes(app, endpoints):
            base = _url(rule, world)
            for argument in HOSTILE_ARGUMENTS:
                url = f"{base}{'&' if '?' in base else '?'}{argument}"
                response = browser.get(url)
                assert response.status_code < 500, url
                if not response.mimetype.startswith("text/"):
                    continue  # a download (a spreadsheet, an image): no links to follow
                page = response.get_data(as_text=True)
                for link in re.findall(r'href="([^"]*)"', page):
                    path = urlsplit(link).path
                    assert not link.startswith(("javascript", "//")), (url, link)
                    assert "somewhere-else" not in path, (url, link)
                    assert not path.startswith("/de/"), (url, link)


def test_a_host_header_that_cannot_be_encoded_gets_a_plain_400(client):
    response = client.get("/en/", headers={"Host": "a" * 64 + ".example.org"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<h1>Bad request</h1>" in page
    assert "Reference: " + response.headers["X-Request-ID"] in page
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_error_pages_render_even_when_the_layout_cannot(client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the layout is broken")

    monkeypatch.setattr(errors, "render_template", broken)
    response = client.get("/fr/no-such-page")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Request-ID"]


def test_an_unknown_address_under_fr_is_a_french_404(client):
    response = client.get("/fr/nulle-part", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Page introuvable" in page
    # The whole page: navigation and footer in French too.
    assert 'aria-label="Menu principal"' in page
    assert "Missions bénévoles" in page
    assert "Mentions légales" in page
    assert "Page not found" not in page


@pytest.fixture
def cached_app(database_url: str, tmp_path) -> Flask:
    """Public page caching on, and (the worst case) the forwarded host trusted."""
    cached = create_app(
        {
            "PORTAL_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path),
            "BASE_URL": BASE_URL,
            "PUBLIC_CACHE_SECONDS": 60,
            "PROXY_FIX_HOPS": 1,
        }
    )
    cached.test_client_class = IsolatedClient
    return cached


def test_a_forged_host_cannot_poison_a_cached_page(cached_app):
    factories.delegation(slug="unesco")
    browser = cached_app.test_client()
    forged = browser.get("/en/?_external=1", headers={"X-Forwarded-Host": "evil.example"})
    assert forged.status_code == 200
    assert "evil.example" not in forged.get_data(as_text=True)
    later = browser.get("/en/?_external=1").get_data(as_text=True)
    assert "evil.example" not in later
    assert browser.get("/en/").status_code == 200


def test_a_nul_character_never_reaches_the_database(app, client, login):
    """PostgreSQL refuses NUL in text (a server error, found by an attack on the
    members' space's text areas): the request class drops it from every form value and
    query argument, whatever the field."""
    delegation = factories.delegation(slug="un")
    lead = factories.user()
    factories.membership(lead, delegation)
    db.session.commit()
    login(lead)
    page = "/en/manage/un/announcements/new"
    token = csrf_token(client, page)
    response = client.post(
        page,
        data={"csrf_token": token, "en-title": "Brief\x00ing", "en-body": "a\x00b", "fr-title": ""},
    )
    assert response.status_code == 302
    text = db.session.scalars(db.select(AnnouncementTranslation)).one()
    assert (text.title, text.body) == ("Briefing", "ab")
    assert client.get("/en/news/?q=care%00work").status_code == 200
