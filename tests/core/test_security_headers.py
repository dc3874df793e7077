import pytest

from tests import factories


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
    assert "<script " not in page.replace('<script type="application/ld+json">', "")
    assert " style=" not in page
    assert "<style" not in page
