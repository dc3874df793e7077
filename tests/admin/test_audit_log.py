"""The audit trail as admins read it: sentences, links, filters and the export."""

import csv
import io
from datetime import datetime

import pytest
from sqlalchemy import select

from portal.applications import workflow
from portal.core.audit import record
from portal.core.models import AuditEvent
from portal.extensions import db
from tests import factories


@pytest.fixture
def trail(app, login, clock):
    """Camille (lead of UNESCO) accepts Ana's application on 3 March; Sofía, of the EU
    delegation, signs in on 5 March; the admin is signed in."""
    unesco = factories.delegation(slug="unesco", name="UNESCO")
    eu = factories.delegation(slug="eu", name="European Union")
    camille = factories.user("camille@example.org", name="Camille Martin")
    sofia = factories.user("sofia@example.org", name="Sofía García")
    factories.membership(camille, unesco)
    factories.membership(sofia, eu)
    ana = factories.user("ana@example.org", name="Ana Lima")
    application = factories.application(factories.opening(unesco), ana)
    clock.set(datetime(2026, 3, 3, 10, 0))
    workflow.transition(application, "accepted", by=camille)
    clock.set(datetime(2026, 3, 5, 9, 30))
    record("auth.sign_in", actor=sofia, subject=sofia, method="link")
    db.session.commit()
    clock.set(datetime(2026, 3, 6, 12, 0))
    admin = app.test_client()
    login(factories.user("admin@example.org", name="Ada Admin", admin=True), on=admin)
    return {
        "admin": admin,
        "unesco": unesco,
        "eu": eu,
        "camille": camille,
        "sofia": sofia,
        "ana": ana,
        "application": application,
    }


def _rows(page: str) -> str:
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_events_read_as_sentences_with_links_in_both_languages(trail):
    page = trail["admin"].get("/en/admin/audit/").get_data(as_text=True)
    rows = _rows(page)
    assert "Sofía García</a> signed in with an e-mail link" in rows
    assert (
        f'<a href="/en/admin/users/{trail["camille"].id}">Camille Martin</a> moved '
        f'<a href="/en/manage/unesco/applications/{trail["application"].id}">'
        "Ana Lima&#39;s application</a> from Submitted to Accepted"
    ) in rows
    assert "status_changed" not in rows
    assert "from_status" not in rows
    french = _rows(trail["admin"].get("/fr/admin/audit/").get_data(as_text=True))
    assert "Camille Martin</a> a fait passer" in french
    assert "la candidature de Ana Lima</a>" in french
    assert "Connexion de <a href=" in french
    assert "avec un lien reçu par e-mail" in french


def test_filters_by_person_action_delegation_and_dates(trail):
    admin = trail["admin"]

    def rows(query):
        response = admin.get(f"/en/admin/audit/?{query}")
        assert response.status_code == 200
        return _rows(response.get_data(as_text=True))

    assert "Sofía" in rows("person=sofia")
    assert "Camille" not in rows("person=sofia")
    assert "Camille" in rows(f"person_id={trail['camille'].id}")
    assert "Sofía" not in rows(f"person_id={trail['camille'].id}")
    assert "Ana Lima" in rows("person=ana%40example")  # what was done to her application
    assert "Excel (.xlsx)" not in admin.get(
        "/en/admin/audit/?since=2026-03-05&until=2026-03-01"
    ).get_data(as_text=True)
    assert "Sofía" not in rows("action=application.status_changed")
    assert "Camille" in rows(f"delegation={trail['unesco'].id}")
    assert "Sofía" not in rows(f"delegation={trail['unesco'].id}")
    assert "No entry matches" in rows(f"delegation={trail['eu'].id}")  # a sign-in is no team's
    assert "Camille" in rows("since=2026-03-03&until=2026-03-03")
    assert "Sofía" not in rows("since=2026-03-03&until=2026-03-03")
    assert "Camille" not in rows("since=2026-03-04")
    assert "No entry matches" in rows("person=nobody-by-that-name")


def test_a_wrong_filter_is_a_message_beside_the_field(trail):
    response = trail["admin"].get("/fr/admin/audit/?since=2026-03-05&until=2026-03-01")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "La date de fin précède la date de début." in page
    assert 'value="2026-03-05"' in page  # what was typed stays
    assert "Aucune entrée" in page
    assert trail["admin"].get("/en/admin/audit/?action=nope&since=0001-01-01").status_code == 200


def test_the_export_holds_the_filtered_rows_with_their_identifiers(trail):
    admin = trail["admin"]
    response = admin.get(f"/en/admin/audit/export.csv?delegation={trail['unesco'].id}")
    assert response.headers["Cache-Control"] == "private, no-store"
    header, *rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Action code"] == "application.status_changed"
    assert row["Who (id)"] == str(trail["camille"].id)
    assert row["Object"] == "Application"
    assert row["Object (id)"] == str(trail["application"].id)
    assert (
        row["What happened"]
        == "Camille Martin moved Ana Lima's application from Submitted to Accepted"
    )
    assert '"to_status": "accepted"' in row["Details"]
    exported = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.exported"))
    assert exported.details == {"count": 1}
    assert admin.get("/en/admin/audit/export.xlsx").status_code == 200


def test_the_page_costs_the_same_queries_for_5_and_60_events(trail, count_queries):
    def cost():
        with count_queries() as log:
            assert trail["admin"].get("/en/admin/audit/").status_code == 200
        return log.count

    small = cost()
    for n in range(55):
        person = factories.user(f"p{n}@example.org")
        record("auth.sign_in", actor=person, subject=person)
    db.session.commit()
    assert cost() <= small  # one query per kind of thing named, whatever the number


def test_only_admins_read_the_trail(app, trail, login):
    lead = app.test_client()
    login(trail["camille"], on=lead)
    assert lead.get("/en/admin/audit/").status_code == 403
    assert lead.get("/en/admin/audit/export.csv").status_code == 403


def test_what_was_done_to_a_persons_memberships_is_theirs_too(trail):
    from portal.delegations.models import Membership  # noqa: PLC0415 - this test's need

    membership = db.session.scalars(
        select(Membership).where(Membership.user_id == trail["sofia"].id)
    ).one()
    record("membership.lead_removed", actor=trail["camille"], subject=membership)
    db.session.commit()
    page = trail["admin"].get(f"/en/admin/audit/?person_id={trail['sofia'].id}")
    rows = _rows(page.get_data(as_text=True))
    assert "removed <a" in rows
    assert "Sofía García</a> as lead of" in rows
