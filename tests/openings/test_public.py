import json
import re
from datetime import date, datetime

from portal.core import text as markdown_module
from portal.extensions import db
from portal.openings.models import closing_instant
from tests import factories


def test_roles_list_shows_only_roles_taking_applications(client):
    unesco = factories.delegation(slug="unesco")
    factories.opening(unesco, slug="open", title="Open role")
    factories.opening(unesco, slug="draft", title="Draft role", status="draft")
    factories.opening(unesco, slug="closed", title="Closed role", status="closed")
    factories.opening(unesco, slug="past", title="Past role", closes_on=date(2020, 1, 1))
    page = client.get("/en/roles/").get_data(as_text=True)
    assert "Open role [en]" in page
    for absent in ("Draft role", "Closed role", "Past role"):
        assert absent not in page


def test_roles_list_empty_state(client):
    page = client.get("/fr/roles/").get_data(as_text=True)
    assert "Aucune mission bénévole n'est ouverte pour le moment." in page


def test_role_page_and_its_fallback(client):
    unesco = factories.delegation(slug="unesco")
    factories.opening(unesco, slug="bilingual", title="Bilingual", locales=("fr",))
    page = client.get("/en/roles/bilingual/").get_data(as_text=True)
    assert "Bilingual [fr]" in page
    assert "This volunteer role is only described in French." in page
    factories.opening(unesco, slug="hidden", status="draft")
    assert client.get("/en/roles/hidden/").status_code == 404


def test_role_closes_at_the_end_of_its_closing_day_in_the_delegations_zone():
    # 31 March 2027 ends at midnight in Paris (UTC+2 in summer time) = 22:00 UTC.
    assert closing_instant(date(2027, 3, 31), "Europe/Paris") == datetime(2027, 3, 31, 22, 0)
    assert closing_instant(date(2027, 1, 15), "Europe/Paris") == datetime(2027, 1, 15, 23, 0)
    assert closing_instant(date(2027, 1, 15), "America/New_York") == datetime(2027, 1, 16, 5, 0)


def test_roles_can_be_filtered_by_delegation_location_language_and_remote(client):
    unesco = factories.delegation(slug="unesco")
    eu = factories.delegation(slug="eu")
    paris = factories.opening(unesco, title="Paris role", location="UNESCO, Paris")
    factories.requirement(paris, "fr", "C1")
    factories.opening(eu, title="Brussels role", location="Brussels", is_remote=True)
    page = lambda q: client.get(f"/en/roles/?{q}").get_data(as_text=True)  # noqa: E731
    assert "Paris role" in page("delegation=unesco")
    assert "Brussels role" not in page("delegation=unesco")
    assert "Brussels role" in page("location=Brussels")
    assert "Paris role" not in page("location=Brussels")
    assert "Paris role" in page("language=fr")
    assert "Brussels role" not in page("language=fr")
    assert "Brussels role" in page("remote=1")
    assert "Paris role" not in page("remote=1")
    assert "No volunteer role is open" in page("language=es")
    assert client.get("/en/roles/?delegation=nope").status_code == 404


def test_role_page_carries_job_posting_structured_data(client):

    unesco = factories.delegation(slug="unesco")
    opening = factories.opening(
        unesco, slug="bilingual", title="Bilingual </script><script>x", is_remote=True
    )
    factories.requirement(opening, "fr", "C1")
    page = client.get("/en/roles/bilingual/").get_data(as_text=True)
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "JobPosting"
    assert data["employmentType"] == "VOLUNTEER"
    assert data["title"] == "Bilingual </script><script>x [en]"
    assert data["hiringOrganization"]["name"] == "Make Mothers Matter"
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["validThrough"].endswith("Z")
    # The title could not open a script element: only the menu's file and the data.
    assert page.count("<script") == 2
    assert page.count('<script src="/static/js/menu.js') == 1


def test_role_page_invites_to_apply_and_sends_strangers_to_sign_in(client):
    unesco = factories.delegation(slug="unesco")
    factories.opening(unesco, slug="bilingual")
    page = client.get("/en/roles/bilingual/").get_data(as_text=True)
    assert 'href="/en/roles/bilingual/apply"' in page
    response = client.get("/en/roles/bilingual/apply")
    assert response.headers["Location"] == "/en/account/login?next=/en/roles/bilingual/apply"


def test_a_role_closes_by_itself_at_the_end_of_its_closing_day(client, clock):

    unesco = factories.delegation(slug="unesco")
    clock.set(datetime(2027, 1, 15, 12, 0))
    factories.opening(unesco, slug="closing", title="Closing soon", closes_on=date(2027, 1, 15))
    assert "Closing soon" in client.get("/en/roles/").get_data(as_text=True)
    clock.set(datetime(2027, 1, 15, 22, 59))  # 23:59 in Paris
    assert "Closing soon" in client.get("/en/roles/").get_data(as_text=True)
    clock.set(datetime(2027, 1, 15, 23, 0))  # midnight in Paris
    assert "Closing soon" not in client.get("/en/roles/").get_data(as_text=True)
    detail = client.get("/en/roles/closing/").get_data(as_text=True)
    assert "This volunteer role no longer takes applications." in detail
    assert "/apply" not in detail


def test_roles_list_query_count_does_not_grow_with_roles(client, count_queries):
    unesco = factories.delegation(slug="unesco")
    for _ in range(2):
        factories.requirement(factories.opening(unesco), "fr", "B2")
    client.get("/en/roles/")
    with count_queries() as small:
        client.get("/en/roles/")
    for i in range(30):
        factories.requirement(factories.opening(unesco, location=f"City {i}"), "en", "B1")
    with count_queries() as large:
        client.get("/en/roles/")
    assert small.count == large.count <= 7, large.statements


def test_a_long_description_is_rendered_once_when_saved_never_while_serving(client, monkeypatch):
    """A 20,000-character Markdown description cost 0.7 s per uncached view: the role and
    delegation pages now show the HTML stored at save time."""
    delegation = factories.delegation(slug="unesco")
    opening = factories.opening(delegation, slug="long")
    text = opening.translations[0]
    text.description = "**Mothers** at UNESCO. " * 900
    db.session.flush()
    assert text.description_html.startswith("<p><strong>Mothers</strong>")
    db.session.commit()

    def refuse_to_render(*_args, **_kwargs):
        raise AssertionError("Markdown rendered while serving a page")

    monkeypatch.setattr(markdown_module._markdown, "render", refuse_to_render)
    page = client.get("/en/roles/long/").get_data(as_text=True)
    assert page.count("<strong>Mothers</strong>") == 900
    assert client.get("/en/delegations/unesco/").status_code == 200
