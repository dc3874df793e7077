from datetime import timedelta

from portal.core.clock import utcnow
from tests import factories


def test_delegation_page_shows_description_news_and_open_roles(client):
    unesco = factories.delegation(slug="unesco", name="UNESCO")
    factories.post(unesco, title="Education")
    factories.opening(unesco, title="Bilingual volunteer")
    page = client.get("/en/delegations/unesco/").get_data(as_text=True)
    assert "<h1>MMM at UNESCO [en]</h1>" in page
    assert "Description of <strong>UNESCO</strong> [en]" in page
    assert "Education [en]" in page
    assert "Bilingual volunteer [en]" in page
    assert 'href="/en/delegations/unesco/feed.atom"' in page


def test_delegation_page_lists_only_its_own_news_paginated(client):
    unesco = factories.delegation(slug="unesco")
    other = factories.delegation(slug="other")
    factories.post(other, title="Elsewhere")
    now = utcnow()
    for i in range(12):
        factories.post(unesco, title=f"Item {i:02d}", published_at=now - timedelta(days=i + 1))
    first = client.get("/en/delegations/unesco/").get_data(as_text=True)
    assert "Item 00 [en]" in first
    assert "Item 09 [en]" in first
    assert "Item 10 [en]" not in first
    assert "Elsewhere" not in first
    assert 'href="/en/delegations/unesco/?page=2"' in first
    second = client.get("/en/delegations/unesco/?page=2").get_data(as_text=True)
    assert "Item 10 [en]" in second
    assert "Item 11 [en]" in second
    assert client.get("/en/delegations/unesco/?page=3").status_code == 404


def test_delegation_without_roles_says_so(client):
    factories.delegation(slug="eu")
    page = client.get("/fr/delegations/eu/").get_data(as_text=True)
    assert "Cette délégation n'a aucune mission bénévole ouverte pour le moment." in page


def test_delegation_text_falls_back_with_a_notice(client):
    factories.delegation(slug="eu", locales=("en",), name="EU")
    page = client.get("/fr/delegations/eu/").get_data(as_text=True)
    assert "MMM at EU [en]" in page
    assert "Ce texte n'est disponible qu'en anglais." in page


def test_unknown_or_inactive_delegation_is_404(client):
    factories.delegation(slug="asleep", active=False)
    assert client.get("/en/delegations/nope/").status_code == 404
    assert client.get("/en/delegations/asleep/").status_code == 404
    assert client.get("/en/delegations/asleep/feed.atom").status_code == 404


def test_delegation_page_query_count_does_not_grow(client, count_queries):
    unesco = factories.delegation(slug="unesco")
    for _ in range(3):
        factories.post(unesco)
    factories.opening(unesco)
    client.get("/en/delegations/unesco/")
    with count_queries() as small:
        client.get("/en/delegations/unesco/")
    for _ in range(57):
        factories.post(unesco)
    for _ in range(5):
        factories.opening(unesco)
    with count_queries() as large:
        client.get("/en/delegations/unesco/")
    # Its news list is counted ("Page 1 of 3"): one query more than an uncounted list.
    assert small.count == large.count <= 7, large.statements
