from datetime import date, datetime

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
