from datetime import datetime, timedelta

from portal.core.clock import utcnow
from tests import factories


def _three_delegations():
    return [
        factories.delegation(slug=s, sort_order=i, name=n)
        for i, (s, n) in enumerate(
            [
                ("european-union", "European Union"),
                ("united-nations", "United Nations"),
                ("unesco", "UNESCO"),
            ]
        )
    ]


def test_home_shows_each_delegation_with_its_two_latest_posts(client):
    eu, un, _unesco = _three_delegations()
    now = utcnow()
    for i in range(3):
        factories.post(
            eu, slug=f"eu-{i}", title=f"EU news {i}", published_at=now - timedelta(days=i + 1)
        )
    factories.post(un, slug="un-0", title="UN news 0", published_at=now - timedelta(days=10))
    page = client.get("/en/").get_data(as_text=True)
    assert "Make Mothers Matter delegations to international institutions" in page
    for name in ("European Union", "United Nations", "UNESCO"):
        assert f"MMM at {name} [en]" in page
    eu_section = page.split('id="delegation-european-union"')[1].split("</section>")[0]
    assert "EU news 0 [en]" in eu_section
    assert "EU news 1 [en]" in eu_section
    assert "EU news 2 [en]" not in eu_section
    unesco_section = page.split('id="delegation-unesco"')[1].split("</section>")[0]
    assert "No news yet." in unesco_section
    assert "Read more" in eu_section


def test_home_recent_news_lists_the_six_latest_across_delegations(client):
    eu, un, _ = _three_delegations()
    now = utcnow()
    for i in range(8):
        factories.post(
            eu if i % 2 else un,
            slug=f"p{i}",
            title=f"Recent {i}",
            published_at=now - timedelta(hours=i + 1),
        )
    page = client.get("/en/").get_data(as_text=True)
    recent = page.split('id="recent-news-heading"')[1]
    titles = [f"Recent {i} [en]" for i in range(8)]
    positions = [recent.find(t) for t in titles[:6]]
    assert all(p > 0 for p in positions)
    assert positions == sorted(positions)
    assert titles[6] not in recent
    assert titles[7] not in recent


def test_home_band_lists_open_roles_or_an_empty_state(client):
    eu, _, unesco = _three_delegations()
    empty = client.get("/en/").get_data(as_text=True)
    assert "No volunteer role is open at the moment." in empty
    factories.opening(unesco, slug="bilingual", title="Bilingual volunteer")
    factories.opening(eu, slug="closed-one", title="Closed one", status="closed")
    page = client.get("/fr/").get_data(as_text=True)
    assert "Bilingual volunteer [fr]" in page
    assert 'href="/fr/roles/bilingual/"' in page
    assert "Closed one" not in page


def test_home_hides_drafts_scheduled_posts_and_inactive_delegations(client):
    eu, un, _ = _three_delegations()
    hidden = factories.delegation(slug="hidden", active=False, name="Hidden")
    factories.post(hidden, title="From hidden")
    factories.post(eu, title="A draft", status="draft")
    factories.post(eu, title="Tomorrow", published_at=utcnow() + timedelta(days=1))
    factories.post(un, title="Visible")
    page = client.get("/en/").get_data(as_text=True)
    assert "Visible [en]" in page
    for absent in ("From hidden", "Hidden [en]", "A draft", "Tomorrow"):
        assert absent not in page


def test_home_teaser_shows_date_dateline_and_falls_back_with_a_label(client):
    eu, _, _ = _three_delegations()
    factories.post(
        eu,
        title="English only",
        locales=("en",),
        dateline="Brussels",
        published_at=datetime(2026, 11, 28, 10, 0),
    )
    page = client.get("/fr/").get_data(as_text=True)
    assert "28\u00a0novembre\u00a02026" in page
    assert "Brussels" in page
    assert "English only [en]" in page
    assert "En anglais" in page
    assert 'lang="en"' in page


def test_home_runs_the_same_number_of_queries_for_3_or_60_posts(client, count_queries):
    delegations = _three_delegations()
    factories.opening(delegations[2])
    for i in range(3):
        factories.post(delegations[i % 3])
    client.get("/en/")  # warm-up
    with count_queries() as small:
        assert client.get("/en/").status_code == 200
    for i in range(57):
        factories.post(delegations[i % 3])
    for _ in range(4):
        factories.opening(delegations[0])
    with count_queries() as large:
        assert client.get("/en/").status_code == 200
    assert small.count == large.count
    assert large.count <= 6, large.statements
