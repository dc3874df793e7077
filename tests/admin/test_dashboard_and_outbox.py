"""The admin overview says what needs attention; the outbox is searchable and groups
identical messages."""

from datetime import date, datetime, timedelta

import pytest

from portal.core.models import OutboxEmail
from portal.extensions import db
from tests import factories


@pytest.fixture
def admin(app, login):
    browser = app.test_client()
    login(factories.user("admin@example.org", name="Ada Admin", admin=True), on=browser)
    return browser


def _message(to, subject, status="pending", created_at=None):
    message = OutboxEmail(
        kind="x",
        to_address=to,
        locale="en",
        subject=subject,
        body_text="t",
        body_html="h",
        status=status,
        created_at=created_at or datetime(2026, 3, 3, 14, 5),
    )
    db.session.add(message)
    return message


def test_the_dashboard_lists_what_needs_attention(admin, clock):
    led = factories.delegation(slug="led", name="Led")
    factories.membership(factories.user(), led)
    factories.delegation(slug="eu", name="European Union")
    factories.delegation(slug="hidden", name="Hidden", active=False)
    factories.opening(led, title="Old role", closes_on=date.today() - timedelta(days=3))
    factories.opening(led, title="Current role")
    _message("ana@example.org", "Your application", status="failed")
    _message("bob@example.org", "Stuck", created_at=datetime.now() - timedelta(hours=3))
    db.session.commit()
    page = admin.get("/en/admin/").get_data(as_text=True)
    attention = page.split('id="attention-heading"')[1].split("</section>")[0]
    leaderless = attention.split("Delegations without a lead")[1].split("<h3>")[0]
    assert "European Union [en]" in leaderless
    assert "Led [en]" not in leaderless
    assert "Hidden" not in leaderless  # not shown on the site: nobody is waiting for it
    assert "Your application" in attention
    assert "1 message has been waiting for more than an hour" in attention
    assert "Old role [en]" in attention
    assert "Current role" not in attention


def test_a_calm_dashboard_says_so(admin):
    page = admin.get("/fr/admin/").get_data(as_text=True)
    assert "Rien ne vous attend" in page


def test_the_outbox_searches_recipient_and_subject_and_groups_twins(admin):
    for _ in range(3):
        _message("ana@example.org", "Confirm your address")
    _message("bob@example.org", "Your application")
    db.session.commit()

    def rows(query=""):
        page = admin.get(f"/en/admin/outbox/?{query}").get_data(as_text=True)
        return page.split("<tbody>")[1].split("</tbody>")[0]

    grouped = rows()
    assert grouped.count("Confirm your address</a>") == 1
    assert "3 identical messages" in grouped
    assert rows("all=1").count("Confirm your address</a>") == 3
    assert "bob@example.org" in rows("q=BOB")
    assert "ana@example.org" not in rows("q=BOB")
    assert "bob@example.org" in rows("q=application")
    assert "No message." in rows("q=%25")  # a LIKE wildcard is a plain character
    assert "3 March 2026 15:05" in grouped.replace("\u00a0", " ")  # Paris time
