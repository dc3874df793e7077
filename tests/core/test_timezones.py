"""The time-zone field offers the current zones, grouped by region, in the reader's
language; deprecated aliases are not offered (but a stored one stays choosable)."""

from portal.core.timezones import current_zones, timezone_choices
from tests import factories
from tests.conftest import submit


def test_current_zones_only(app):
    zones = current_zones()
    assert "Europe/Paris" in zones
    assert "America/New_York" in zones
    for alias in ("US/Eastern", "Europe/Kiev", "GB", "Etc/GMT+5"):
        assert alias not in zones


def test_the_delegation_form_groups_zones_by_region_in_french(client, login):
    login(factories.user(admin=True))
    page = client.get("/fr/admin/delegations/new").get_data(as_text=True)
    assert '<optgroup label="Europe">' in page
    assert "Bruxelles (Europe/Brussels)" in page
    assert "US/Eastern" not in page


def test_a_stored_old_alias_stays_choosable(app):
    with app.test_request_context("/en/"):
        groups = timezone_choices(keep="Europe/Kiev")
    assert any(zone == "Europe/Kiev" for choices in groups.values() for zone, _ in choices)


def test_a_submitted_value_that_is_no_zone_is_a_form_error(client, login):
    login(factories.user(admin=True))
    response = submit(
        client,
        "/en/admin/delegations/new",
        {"slug": "x", "timezone": "0", "en-name": "X", "en-heading": "X"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
