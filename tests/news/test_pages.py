from datetime import datetime, timedelta

from portal.core.clock import utcnow
from tests import factories


def test_news_list_is_newest_first_and_paginated(client):
    eu = factories.delegation(slug="eu")
    now = utcnow()
    for i in range(15):
        factories.post(eu, title=f"N{i:02d}", published_at=now - timedelta(days=i + 1))
    first = client.get("/en/news/").get_data(as_text=True)
    positions = [first.find(f"N{i:02d} [en]") for i in range(10)]
    assert all(p > 0 for p in positions)
    assert positions == sorted(positions)
    assert "N10 [en]" not in first
    assert 'rel="next" href="/en/news/?page=2"' in first
    second = client.get("/en/news/?page=2").get_data(as_text=True)
    assert "N10 [en]" in second
    assert "N14 [en]" in second
    assert 'rel="prev" href="/en/news/?page=1"' in second
    assert client.get("/en/news/?page=3").status_code == 404
    assert client.get("/en/news/?page=abc").status_code == 200


def test_news_list_filters_by_delegation(client):
    eu = factories.delegation(slug="eu", name="EU")
    un = factories.delegation(slug="un", name="UN")
    factories.post(eu, title="From EU")
    factories.post(un, title="From UN")
    page = client.get("/fr/news/?delegation=un").get_data(as_text=True)
    assert "From UN [fr]" in page
    assert "From EU" not in page
    assert '<option value="un" selected>' in page
    assert client.get("/fr/news/?delegation=unknown").status_code == 404


def test_post_page_shows_delegation_date_and_body_in_each_language(client):
    un = factories.delegation(slug="un", name="United Nations")
    factories.post(
        un,
        slug="hrc58",
        title="HRC58",
        dateline="UN Geneva",
        published_at=datetime(2026, 11, 28, 10, 0),
        body="## Heading\n\nText **bold**",
    )
    english = client.get("/en/news/hrc58/").get_data(as_text=True)
    assert "<h1>HRC58 [en]</h1>" in english
    assert "28\u00a0November\u00a02026" in english
    assert "UN Geneva" in english
    assert "United Nations [en]" in english
    assert "<h2>Heading</h2>" in english
    assert "<strong>bold</strong>" in english
    french = client.get("/fr/news/hrc58/").get_data(as_text=True)
    assert "<h1>HRC58 [fr]</h1>" in french
    assert "28\u00a0novembre\u00a02026" in french
    assert "disponible qu'en" not in french


def test_post_only_in_english_shows_a_notice_in_french(client):
    eu = factories.delegation(slug="eu")
    factories.post(eu, slug="en-only", title="Only English", locales=("en",))
    page = client.get("/fr/news/en-only/").get_data(as_text=True)
    assert "Cet article n'est disponible qu'en anglais." in page
    assert '<h1 lang="en">Only English [en]</h1>' in page


def test_post_only_in_french_shows_a_notice_in_english(client):
    eu = factories.delegation(slug="eu")
    factories.post(eu, slug="fr-only", title="Seulement", locales=("fr",))
    page = client.get("/en/news/fr-only/").get_data(as_text=True)
    assert "This article is only available in French." in page
    assert "Seulement [fr]" in page


def test_post_links_to_previous_and_next(client):
    eu = factories.delegation(slug="eu")
    now = utcnow()
    factories.post(eu, slug="old", title="Old", published_at=now - timedelta(days=3))
    factories.post(eu, slug="middle", title="Middle", published_at=now - timedelta(days=2))
    factories.post(eu, slug="new", title="New", published_at=now - timedelta(days=1))
    factories.post(eu, slug="draft", title="Draft", status="draft")
    page = client.get("/en/news/middle/").get_data(as_text=True)
    assert 'rel="prev" href="/en/news/old/"' in page
    assert 'rel="next" href="/en/news/new/"' in page
    newest = client.get("/en/news/new/").get_data(as_text=True)
    assert 'rel="next"' not in newest
    assert 'rel="prev" href="/en/news/middle/"' in newest


def test_drafts_and_scheduled_posts_are_not_public(client):
    eu = factories.delegation(slug="eu")
    factories.post(eu, slug="draft", status="draft")
    factories.post(eu, slug="later", published_at=utcnow() + timedelta(minutes=5))
    assert client.get("/en/news/draft/").status_code == 404
    assert client.get("/en/news/later/").status_code == 404
    assert "later" not in client.get("/en/news/").get_data(as_text=True)


def test_news_pages_query_count_does_not_grow(client, count_queries):
    delegations = [factories.delegation() for _ in range(3)]
    for i in range(3):
        factories.post(delegations[i], slug=f"first-{i}")
    client.get("/en/news/")
    with count_queries() as small_list:
        client.get("/en/news/")
    with count_queries() as small_post:
        client.get("/en/news/first-1/")
    for i in range(57):
        factories.post(delegations[i % 3])
    with count_queries() as large_list:
        client.get("/en/news/")
    with count_queries() as large_post:
        client.get("/en/news/first-1/")
    # The list also counts its posts ("Page 2 of 14") and lists the years of news.
    assert small_list.count == large_list.count <= 8, large_list.statements
    # The post, its texts, its delegation's texts, its roles, the two neighbours...: 7 at most.
    assert small_post.count == large_post.count <= 7, large_post.statements
