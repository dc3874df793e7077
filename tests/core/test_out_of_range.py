"""Out-of-range dates, numbers, ids and images end as a message beside the field (or a
404 for an address), never as a server error."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from portal.extensions import db
from portal.news.models import NewsPost
from portal.openings.models import Opening
from tests import factories
from tests.conftest import submit

ROLE = {"en-title": "Volunteer", "places": "1", "status": "open"}
POST = {"en-title": "A post", "en-body": "Text."}
DATE_MESSAGE = "Enter a date between 1900 and 2199."


@pytest.fixture
def lead(client, login):
    delegation = factories.delegation(slug="unesco")
    person = factories.user()
    factories.membership(person, delegation)
    login(person)
    return person


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_a_role_closing_at_the_end_of_time_is_a_form_error(client, lead, day):
    response = submit(client, "/en/manage/unesco/roles/new", {**ROLE, "closes_on": day})
    assert response.status_code == 200
    assert DATE_MESSAGE in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Opening)).all() == []


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_scheduling_at_the_edges_of_time_is_a_form_error(client, lead, moment):
    response = submit(
        client,
        "/en/manage/unesco/news/new",
        {**POST, "publish_at": moment, "action": "schedule"},
    )
    assert response.status_code == 200
    assert DATE_MESSAGE in response.get_data(as_text=True)
    assert db.session.scalars(db.select(NewsPost)).all() == []


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 80)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_image_too_tall_for_the_webp_format_is_refused_with_a_message(client, lead):
    response = submit(
        client,
        "/en/manage/unesco/news/new",
        {**POST, "en-cover_alt": "A tall strip", "cover": (io.BytesIO(_png(1000, 20000)), "s.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "The image is too tall for its width." in response.get_data(as_text=True)
    assert db.session.scalars(db.select(NewsPost)).all() == []


@pytest.mark.parametrize("value", ["²", "1" * 24, "-3", "0", "١٢", " "])
def test_bulk_decline_ignores_what_is_not_an_id(client, lead, value):
    response = submit(
        client,
        "/en/manage/unesco/applications/",
        {"application_ids": value, "note": ""},
        action="/en/manage/unesco/applications/decline",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Select at least one application." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/en/account/applications/99999999999999999999999",
        "/en/account/applications/2147483648",
        "/en/applications/99999999999999999999999/cv",
        "/en/manage/unesco/applications/99999999999999999999999",
        "/en/manage/unesco/news/99999999999999999999999/edit",
        "/en/admin/users/99999999999999999999999",
    ],
)
def test_an_id_beyond_the_database_range_in_an_address_is_a_404(client, login, url):
    delegation = factories.delegation(slug="unesco")
    admin = factories.user(admin=True)
    factories.membership(admin, delegation)
    login(admin)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/en/manage/unesco/applications/?role=999999999999999999999999",
        "/en/manage/unesco/applications/?role=%C2%B2",
        "/en/admin/audit/?actor=999999999999999999999999",
        "/en/news/?page=999999999999999999999999",
    ],
)
def test_an_id_beyond_range_in_a_query_is_ignored(client, login, url):
    delegation = factories.delegation(slug="unesco")
    admin = factories.user(admin=True)
    factories.membership(admin, delegation)
    login(admin)
    assert client.get(url).status_code in (200, 404)
