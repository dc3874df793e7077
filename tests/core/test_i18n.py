from portal.core.i18n import localize
from tests import factories


class Row:
    def __init__(self, locale):
        self.locale = locale


def test_root_redirects_by_accept_language(client):
    french = client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert french.status_code == 302
    assert french.headers["Location"] == "/fr/"
    assert "Accept-Language" in french.headers["Vary"]
    assert client.get("/", headers={"Accept-Language": "en-GB"}).headers["Location"] == "/en/"
    assert client.get("/", headers={"Accept-Language": "de-DE"}).headers["Location"] == "/en/"
    assert client.get("/").headers["Location"] == "/en/"


def test_french_catalogue_is_served(client):
    factories.post(factories.delegation())
    page = client.get("/fr/").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Lire plus" in page
    assert "Aller au contenu principal" in page
    assert "Read more" not in page


def test_language_switch_keeps_the_page_and_query(client):
    delegation = factories.delegation(slug="unesco")
    factories.post(delegation, slug="a-post")
    page = client.get("/en/news/a-post/").get_data(as_text=True)
    assert (
        'href="/fr/news/a-post/" hreflang="fr" lang="fr"><span class="lang-long">Français</span>'
        in page
    )
    listing = client.get("/en/news/?delegation=unesco").get_data(as_text=True)
    assert 'href="/fr/news/?delegation=unesco"' in listing


def test_every_page_announces_its_translations_with_hreflang(client):
    factories.delegation(slug="unesco")
    page = client.get("/fr/delegations/unesco/").get_data(as_text=True)
    assert (
        '<link rel="alternate" hreflang="en" href="http://portal.test/en/delegations/unesco/">'
        in page
    )
    assert (
        '<link rel="alternate" hreflang="fr" href="http://portal.test/fr/delegations/unesco/">'
        in page
    )
    assert '<link rel="alternate" hreflang="x-default" href="http://portal.test/">' in page


def test_unknown_language_is_a_translated_404(client):
    response = client.get("/de/", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_unknown_page_is_404_in_the_page_language(client):
    response = client.get("/fr/news/does-not-exist/")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Page introuvable" in text
    assert '<html lang="fr">' in text


def test_localize_prefers_the_wanted_language_then_the_default(app):
    en, fr = Row("en"), Row("fr")
    assert localize([en, fr], "fr").text is fr
    assert not localize([en, fr], "fr").is_fallback
    only_fr = localize([fr], "en")
    assert only_fr.text is fr
    assert only_fr.is_fallback
    assert only_fr.locale == "fr"
    assert localize([en], "fr").text is en
    assert localize([], "fr") is None
