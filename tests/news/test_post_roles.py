"""A post that calls for volunteers shows each role it points to, with its closing date
and an "Apply" button while the role takes applications."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.demo.seed import seed_demo_content
from portal.extensions import db
from portal.news.models import NewsPost
from portal.openings.enums import OpeningStatus
from tests import factories
from tests.conftest import submit

POST = {"en-title": "We are looking for you", "en-body": "Read on.", "action": "publish"}


def _lead(login, delegation):
    lead = factories.user()
    factories.membership(lead, delegation)
    login(lead)


def test_a_lead_points_a_post_to_roles_and_readers_can_apply_from_it(client, login):
    unesco = factories.delegation(slug="unesco")
    role = factories.opening(unesco, title="Bilingual volunteer", closes_on=date(2099, 3, 2))
    _lead(login, unesco)
    response = submit(client, "/en/manage/unesco/news/new", {**POST, "openings": [str(role.id)]})
    assert response.status_code == 302
    post = db.session.scalars(select(NewsPost)).one()
    assert [o.id for o in post.openings] == [role.id]

    page = client.get(f"/en/news/{post.slug}/").get_data(as_text=True)
    assert "The volunteer role" in page
    assert "Bilingual volunteer [en]" in page
    assert '<time datetime="2099-03-02">2\u00a0March\u00a02099</time>' in page
    assert f'href="/en/roles/{role.slug}/apply"' in page
    french = client.get(f"/fr/news/{post.slug}/").get_data(as_text=True)
    assert "La mission bénévole" in french
    assert "2\u00a0mars\u00a02099" in french
    assert ">Postuler<" in french


def test_a_closed_role_says_so_and_a_draft_is_not_shown(client):
    unesco = factories.delegation(slug="unesco")
    closed = factories.opening(unesco, title="Past role", status=OpeningStatus.CLOSED)
    draft = factories.opening(unesco, title="Secret role", status=OpeningStatus.DRAFT)
    expired = factories.opening(unesco, title="Late role", closes_on=date.today() - timedelta(2))
    post = factories.post(unesco)
    post.openings = [closed, draft, expired]
    db.session.commit()
    page = client.get(f"/en/news/{post.slug}/").get_data(as_text=True)
    assert "Past role [en]" in page
    assert "Late role [en]" in page
    assert "Secret role" not in page
    assert page.count("This role has closed: it no longer takes applications.") == 2
    assert "/apply" not in page


def test_a_post_cannot_point_to_another_delegations_role(client, login):
    unesco = factories.delegation(slug="unesco")
    factories.opening(unesco, title="Ours")
    other = factories.opening(factories.delegation(slug="eu"), title="Not yours")
    _lead(login, unesco)
    response = submit(client, "/en/manage/unesco/news/new", {**POST, "openings": [str(other.id)]})
    assert response.status_code == 200
    assert 'class="field__error"' in response.get_data(as_text=True)
    assert db.session.scalars(select(NewsPost)).all() == []


def test_the_post_page_costs_the_same_queries_with_one_role_or_five(client, count_queries):
    unesco = factories.delegation(slug="unesco")
    posts = []
    for size in (1, 5):
        post = factories.post(unesco)
        post.openings = [factories.opening(unesco) for _ in range(size)]
        posts.append(post.slug)
    db.session.commit()
    counts = []
    for slug in posts:
        with count_queries() as log:
            assert client.get(f"/en/news/{slug}/").status_code == 200
        counts.append(len(log.statements))
    assert counts[0] == counts[1]


def test_the_demo_call_for_a_unesco_volunteer_leads_to_the_role(client):
    seed_demo_content()
    db.session.commit()
    page = client.get("/en/news/support-for-our-unesco-team/").get_data(as_text=True)
    assert 'href="/en/roles/bilingual-volunteer-at-unesco/apply"' in page
    # The summary opens the text: it is shown once.
    assert 'class="article__summary"' not in page
    assert "To strengthen our advocacy team at UNESCO" in page
