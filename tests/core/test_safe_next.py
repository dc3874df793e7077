"""`next` after sign-in only ever leads to a page of this site."""

import pytest

from portal.core.security import safe_next_url
from tests import factories
from tests.conftest import submit

OPEN_REDIRECTS = [
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http://evil.example",
    "HTTPS://evil.example",
    "https:evil.example",
    "http:evil.example",
    "https:/evil.example",
    "http:/\\evil.example",
    "//evil.example@good",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,x",
    "vbscript:msgbox(1)",
    "ftp://evil.example",
    "mailto:x@evil.example",
    "evil.example",
    "@evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    " //evil.example",
    "\x00//evil.example",
    "/\x00/evil.example",
    "//evil.example%2f..",
    "//%65vil.example",
    "/%09/evil.example",
    "/%5Cevil.example\\",
    "https://good.example.evil.example",
    "//good.example@evil.example",
    "/\\\\evil.example",
    "\\evil.example",
    "/ /evil.example".replace(" ", "\\"),
    "//\\evil.example",
    "https:\\\\evil.example",
    "http:\\\\evil.example",
    "//evil.example:80",
    "//1.2.3.4",
    "//[::1]/",
    "//0x7f.1",
    "https://127.0.0.1",
    "//evil.example#/safe",
    "//evil.example?/safe",
    "/\u2028/evil.example",
    "\u3002evil.example",
    "//evil。example",
    "x://evil.example",
    "/" + "a" * 2100,
    "",
    None,
    "https%3A%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "./relative",
    "../relative",
    "relative/path",
]


def test_there_are_at_least_sixty_vectors():
    assert len(OPEN_REDIRECTS) >= 60


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_open_redirect_vectors_are_refused(target):
    result = safe_next_url(target)
    assert result is None or (result.startswith("/") and not result.startswith(("//", "/\\")))
    # Only plain site paths survive; these vectors are not such paths (percent-encoded
    # forms stay inert paths on this site if they pass).
    if result is not None:
        assert target.startswith("/%") or target.startswith("/a")


@pytest.mark.parametrize("target", ["/en/account/", "/fr/roles/unesco/?page=2", "/en/news/#top"])
def test_site_paths_are_kept(target):
    assert safe_next_url(target) == target


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
    ],
)
def test_sign_in_never_redirects_off_site(client, target):
    user = factories.user()
    response = submit(
        client,
        "/en/account/login",
        {"email": user.email, "password": factories.DEFAULT_PASSWORD},
        action="/en/account/login",
        query_string={"next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/account/"
