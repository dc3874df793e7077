import xml.etree.ElementTree as ET
from datetime import timedelta

from portal.core.clock import utcnow
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"


def _parse(response):
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_news_feed_is_valid_atom_with_published_posts(client):
    eu = factories.delegation(slug="eu")
    factories.post(
        eu, slug="visible", title='Visible <&> "quoted"', body="**strong** <script>x</script>"
    )
    factories.post(eu, slug="draft", status="draft")
    factories.post(eu, slug="scheduled", published_at=utcnow() + timedelta(hours=1))
    feed = _parse(client.get("/fr/news/feed.atom"))
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://portal.test/fr/news/feed.atom"
    )
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text == 'Visible <&> "quoted" [fr]'
    assert entry.find(f"{ATOM}link").get("href") == "http://portal.test/fr/news/visible/"
    assert entry.find(f"{ATOM}id").text == "http://portal.test/fr/news/visible/"
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<strong>strong</strong>" in content.text
    assert "<script" not in content.text
    assert entry.find(f"{ATOM}updated").text.endswith("Z")


def test_delegation_feed_has_only_that_delegations_posts(client):
    eu = factories.delegation(slug="eu")
    un = factories.delegation(slug="un")
    factories.post(eu, title="EU post")
    factories.post(un, title="UN post")
    feed = _parse(client.get("/en/delegations/eu/feed.atom"))
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["EU post [en]"]


def test_pages_link_to_their_feeds(client):
    factories.delegation(slug="eu")
    home = client.get("/en/").get_data(as_text=True)
    assert 'type="application/atom+xml"' in home
    assert 'href="/en/news/feed.atom"' in home
