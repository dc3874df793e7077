import re

import pytest

from tests import factories
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


@pytest.mark.parametrize(
    "path", ["/en/", "/fr/news/", "/en/does-not-exist", "/healthz", "/static/css/portal.css"]
)
def test_every_response_carries_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client):

    factories.opening(factories.delegation())
    page = client.get("/en/").get_data(as_text=True)
    assert "<script>" not in page
    scripts = re.findall(r"<script [^>]*>", page)
    assert all(
        tag == '<script type="application/ld+json">' or 'src="/static/js/' in tag for tag in scripts
    ), scripts
    assert " style=" not in page
    assert "<style" not in page


def test_every_page_of_a_signed_in_person_is_never_stored(app, client, login, world):
    """After signing out on a shared computer, the back button must show nothing: every
    page a signed-in person gets says private, no-store (content-addressed files aside)."""
    login(factories.user(admin=True))
    for rule, method in _protected_routes(
        app, PUBLIC | SIGNED_IN | MEMBER | REVIEWER | LEAD | ADMIN
    ):
        if method != "GET":
            continue
        response = client.get(_url(rule, world))
        if rule.endpoint in ("static", "media.image") or response.status_code >= 300:
            continue
        assert response.headers["Cache-Control"] == "private, no-store", rule.endpoint


def test_anonymous_public_pages_stay_cacheable(client):
    factories.delegation()
    assert "no-store" not in client.get("/en/").headers.get("Cache-Control", "")
