"""Readers search the news in their language, filter by delegation and year, see where
they are in the list, and find how to follow the news in a feed reader."""

from datetime import datetime

from portal.extensions import db
from portal.news.models import NewsPostTranslation
from tests import factories


def _post(delegation, *, en=None, fr=None, published_at=None):
    post = factories.post(delegation, locales=(), published_at=published_at)
    for locale, text in (("en", en), ("fr", fr)):
        if text:
            title, body = text
            post.translations.append(
                NewsPostTranslation(locale=locale, title=title, body=body, body_html=body)
            )
    db.session.flush()
    return post


def test_words_are_looked_for_in_the_text_the_reader_reads(client):
    unesco = factories.delegation(slug="unesco")
    _post(unesco, en=("Peace education", "Mothers teach."), fr=("Éducation", "La paix."))
    _post(unesco, en=("Only in English", "Peace in Geneva."))
    _post(unesco, en=("Budget", "Numbers."), fr=("Budget", "Des chiffres."))
    db.session.commit()
    english = client.get("/en/news/?q=peace").get_data(as_text=True)
    assert "Peace education" in english
    assert "Only in English" in english
    assert "Budget" not in english
    assert "2 posts found." in english
    french = client.get("/fr/news/?q=paix").get_data(as_text=True)
    assert "Éducation" in french
    assert "Budget" not in french
    assert "1 article trouvé." in french
    # A French reader reads the English-only post in English: its words are found.
    assert "Only in English" in client.get("/fr/news/?q=Geneva").get_data(as_text=True)


def test_each_word_is_looked_for_on_its_own(client):
    unesco = factories.delegation(slug="unesco")
    _post(unesco, en=("Beijing at 30", "The platform of 1995 for mothers."))
    _post(unesco, en=("Other", "Only 1995."))
    db.session.commit()
    page = client.get("/en/news/?q=Beijing+1995").get_data(as_text=True)
    assert "1 post found." in page
    assert "Beijing at 30" in page


def test_search_words_are_text_not_patterns(client):
    unesco = factories.delegation(slug="unesco")
    _post(unesco, en=("100% for mothers", "Body."))
    _post(unesco, en=("Other", "Body."))
    db.session.commit()
    assert "1 post found." in client.get("/en/news/?q=100%25").get_data(as_text=True)
    page = client.get("/en/news/?q=_").get_data(as_text=True)
    assert "No news matches what you are looking for." in page
    assert client.get("/en/news/?q=" + "x" * 5000).status_code == 200


def test_filter_by_delegation_and_year(client):
    unesco, eu = factories.delegation(slug="unesco"), factories.delegation(slug="eu")
    _post(unesco, en=("Old UNESCO", "b"), published_at=datetime(2024, 5, 1))
    _post(unesco, en=("New UNESCO", "b"), published_at=datetime(2025, 5, 1))
    _post(eu, en=("New EU", "b"), published_at=datetime(2025, 6, 1))
    db.session.commit()
    page = client.get("/en/news/?delegation=unesco&year=2025").get_data(as_text=True)
    assert "New UNESCO" in page
    assert "Old UNESCO" not in page
    assert "New EU" not in page
    assert '<option value="2024"' in page
    # A year with no news, or not a year, is ignored rather than an error.
    assert "Old UNESCO" in client.get("/en/news/?year=1066").get_data(as_text=True)
    assert "Old UNESCO" in client.get("/en/news/?year=²").get_data(as_text=True)


def test_pagination_says_where_the_reader_is(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "NEWS_PER_PAGE", 2)  # the app is the session's
    unesco = factories.delegation(slug="unesco")
    for _ in range(5):
        factories.post(unesco)
    db.session.commit()
    assert "Page 2 of 3" in client.get("/en/news/?page=2").get_data(as_text=True)
    assert "Page 3 sur 3" in client.get("/fr/news/?page=3").get_data(as_text=True)
    assert client.get("/en/news/?page=4").status_code == 404


def test_the_follow_page_explains_feeds_and_gives_their_addresses(client):
    factories.delegation(slug="unesco")
    db.session.commit()
    page = client.get("/en/news/follow").get_data(as_text=True)
    assert "A news feed lets you follow our news" in page
    assert "/en/news/feed.atom</code>" in page
    assert "/en/delegations/unesco/feed.atom</code>" in page
    french = client.get("/fr/").get_data(as_text=True)
    assert 'href="/fr/news/follow"' in french
    assert 'href="/fr/legal"' in french
    assert 'href="/fr/contact"' in french
    assert "https://makemothersmatter.org/" in french


def test_contact_and_legal_notice_in_both_languages(client):
    assert "Mentions légales" in client.get("/fr/legal").get_data(as_text=True)
    assert "delegations@makemothersmatter.org" in client.get("/en/contact").get_data(as_text=True)
