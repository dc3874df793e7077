import io
import json
import zipfile
from datetime import date, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import LargeBinary, String, Text, func, select, text

from portal.accounts.models import Consent, User
from portal.applications.models import Application
from portal.applications.services import ApplicationInput, save_application
from portal.core.audit import AuditTrailIsAppendOnly
from portal.core.models import AuditEvent, Document, DocumentContent
from portal.delegations.models import Membership
from portal.extensions import db
from portal.privacy import notices
from portal.reviews.services import save_review
from tests import factories
from tests.conftest import submit


@pytest.fixture
def people():
    unesco = factories.delegation(slug="unesco", name="UNESCO")
    lead = factories.user("lead@example.org", name="Lena Lead")
    factories.membership(lead, unesco)
    opening = factories.opening(unesco, slug="bilingual")
    awa = factories.user("awa.unique@example.org", name="Awa Zyxwv", locale="fr")
    other = factories.user("other.person@example.org", name="Oscar Qwerty")
    mine = factories.application(opening, awa, motivation="AWA-MOTIVATION-MARKER " * 8)
    mine.answers = {"1": "AWA-ANSWER-MARKER"}
    theirs = factories.application(opening, other, motivation="OSCAR-MOTIVATION-MARKER " * 8)
    save_review(mine, lead, score=4, comment="LEAD-COMMENT-ABOUT-AWA")
    factories.membership(awa, unesco, role="member", title="Volunteer at UNESCO", public=True)
    db.session.add(Consent(user_id=awa.id, kind="privacy-notice", version="2026-11", locale="fr"))
    db.session.flush()
    return {
        "unesco": unesco,
        "lead": lead,
        "awa": awa,
        "other": other,
        "mine": mine,
        "theirs": theirs,
        "opening": opening,
    }


def _export(client):
    response = submit(client, "/en/account/data/", {}, action="/en/account/data/export")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.zip"'
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_export_holds_everything_of_the_person_and_nothing_of_anyone_else(client, login, people):
    login(people["awa"])
    archive = _export(client)
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "awa.unique@example.org"
    assert data["account"]["name"] == "Awa Zyxwv"
    assert [c["version"] for c in data["consents"]] == ["2026-11"]
    assert data["memberships"][0]["titles"] == {"en": "Volunteer at UNESCO"}
    [application] = data["applications"]
    assert "AWA-MOTIVATION-MARKER" in application["motivation"]
    assert application["answers"][0]["answer"] == "AWA-ANSWER-MARKER"
    assert [h["to"] for h in application["status_history"]] == ["submitted", "in_review"]
    assert application["reviews"] == [{"reviewed_at": application["reviews"][0]["reviewed_at"]}]
    documents = [n for n in archive.namelist() if n.startswith("documents/")]
    assert len(documents) == 1
    assert archive.read(documents[0]) == factories.pdf_bytes("Awa Zyxwv")
    everything = b"".join(archive.read(n) for n in archive.namelist())
    for foreign in (
        b"OSCAR-MOTIVATION-MARKER",
        b"other.person@example.org",
        b"Oscar Qwerty",
        b"LEAD-COMMENT-ABOUT-AWA",
        factories.pdf_bytes("Oscar Qwerty"),
    ):
        assert foreign not in everything
    assert (
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "account.exported"))
        .one()
        .actor_id
        == people["awa"].id
    )


def _every_text_value():
    """Every text, JSON and binary value in every table of the database."""
    for table in db.metadata.sorted_tables:
        columns = [
            c.name
            for c in table.columns
            if isinstance(c.type, (String, Text, LargeBinary))
            or c.type.__class__.__name__ == "JSON"
        ]
        if not columns:
            continue
        quoted = ", ".join(f'"{c}"' for c in columns)
        for row in db.session.execute(text(f'SELECT {quoted} FROM "{table.name}"')):
            for value in row:
                if value is not None:
                    yield (
                        table.name,
                        value
                        if isinstance(value, bytes)
                        else json.dumps(value, ensure_ascii=False).encode(),
                    )


def test_erasure_leaves_no_personal_data_anywhere_but_keeps_the_statistics(client, login, people):
    awa = people["awa"]
    awa_cv = factories.pdf_bytes("Awa Zyxwv")
    login(awa)
    wrong = submit(
        client,
        "/en/account/data/",
        {"password": "not my password"},
        action="/en/account/data/delete",
    )
    assert "Your password is not correct." in wrong.get_data(as_text=True)
    response = submit(
        client,
        "/en/account/data/",
        {"password": factories.DEFAULT_PASSWORD},
        action="/en/account/data/delete",
    )
    assert response.status_code == 302
    db.session.expire_all()
    needles = [
        b"awa.unique@example.org",
        b"Awa Zyxwv",
        "Awa Zyxwv".encode("unicode_escape"),
        b"AWA-MOTIVATION-MARKER",
        b"AWA-ANSWER-MARKER",
        b"LEAD-COMMENT-ABOUT-AWA",
    ]
    for table, value in _every_text_value():
        for needle in needles:
            assert needle not in value, (table, needle)
        assert awa_cv not in value, table
    # statistics: both applications still count for the role, with their status
    count = db.session.scalar(
        select(func.count(Application.id)).where(Application.opening_id == people["opening"].id)
    )
    assert count == 2
    anonymous = db.session.get(Application, people["mine"].id)
    assert anonymous.user_id is None
    assert anonymous.status == "in_review"
    assert anonymous.submitted_at
    # memberships ended, the other person untouched, the erased account cannot sign in
    membership = db.session.scalars(select(Membership).where(Membership.user_id == awa.id)).one()
    assert membership.ended_on is not None
    assert not membership.is_listed
    assert "OSCAR-MOTIVATION-MARKER" in db.session.get(Application, people["theirs"].id).motivation
    again = submit(
        client,
        "/en/account/login",
        {"email": "awa.unique@example.org", "password": factories.DEFAULT_PASSWORD},
    )
    assert again.status_code == 200
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.erased")
    ).one()
    assert event.details["by_self"] is True


def test_admin_erases_on_request_with_a_reason(client, login, people):
    admin = factories.user(admin=True)
    login(admin)
    missing = submit(
        client,
        f"/en/admin/users/{people['awa'].id}",
        {"reason": ""},
        action=f"/en/admin/users/{people['awa'].id}/erase",
    )
    assert "Give the reason for the erasure." in missing.get_data(as_text=True)
    submit(
        client,
        f"/en/admin/users/{people['awa'].id}",
        {"reason": "E-mail request of 3 March", "confirmed": "1"},
        action=f"/en/admin/users/{people['awa'].id}/erase",
    )
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.erased")
    ).one()
    assert event.actor_id == admin.id
    assert event.details["reason"] == "E-mail request of 3 March"
    db.session.expire_all()
    assert db.session.get(User, people["awa"].id).name == "—"


def test_purge_with_and_without_dry_run_at_controlled_dates(app, clock, people):
    now = datetime(2028, 1, 1, 12, 0)
    clock.set(now)
    old = factories.application(people["opening"], factories.user(), status="declined")
    old.decided_at = now - timedelta(days=400)
    recent = factories.application(people["opening"], factories.user(), status="withdrawn")
    recent.decided_at = now - timedelta(days=100)
    accepted = factories.application(people["opening"], factories.user(), status="accepted")
    accepted.decided_at = now - timedelta(days=900)
    stale = factories.user("stale@example.org", confirmed=False)
    stale.created_at = now - timedelta(days=31)
    fresh = factories.user("fresh@example.org", confirmed=False)
    fresh.created_at = now - timedelta(days=5)
    db.session.commit()
    documents_before = db.session.scalar(select(func.count(Document.id)))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["portal", "purge", "--dry-run"])
    assert dry.exit_code == 0
    assert "Would remove:" in dry.output
    assert f"applications declined or withdrawn long ago: 1 (ids {old.id})" in dry.output
    assert "unconfirmed accounts older than 30 days: 1" in dry.output
    db.session.expire_all()
    assert db.session.get(Application, old.id) is not None
    real = runner.invoke(args=["portal", "purge"])
    assert "Removed:" in real.output
    db.session.expire_all()
    assert db.session.get(Application, old.id) is None
    assert db.session.get(Application, recent.id) is not None
    assert db.session.get(Application, accepted.id) is not None
    assert db.session.get(User, stale.id) is None
    assert db.session.get(User, fresh.id) is not None
    assert db.session.scalar(select(func.count(Document.id))) == documents_before - 1
    assert (
        db.session.scalar(select(func.count(DocumentContent.document_id))) == documents_before - 1
    )
    again = runner.invoke(args=["portal", "purge"])
    assert "applications declined or withdrawn long ago: 0" in again.output  # idempotent


def test_consents_record_the_version_in_force(client, monkeypatch):

    data = {
        "name": "A",
        "email": "a@example.org",
        "password": "tall trees whisper",
        "locale": "fr",
        "accept_privacy": "y",
    }
    submit(client, "/en/account/register", data)
    monkeypatch.setattr(notices, "VERSIONS", [*notices.VERSIONS, ("2027-06", date(2027, 6, 1))])
    submit(client, "/en/account/register", {**data, "email": "b@example.org"})
    versions = dict(
        db.session.execute(
            select(User.email, Consent.version).join(Consent, Consent.user_id == User.id)
        ).all()
    )
    assert versions == {"a@example.org": "2026-11", "b@example.org": "2027-06"}
    assert "Version 2027-06, en vigueur depuis le 1er\u00a0juin\u00a02027" in client.get(
        "/fr/privacy"
    ).get_data(as_text=True)
    assert "Version 2027-06, in force since 1\u00a0June\u00a02027" in client.get(
        "/en/privacy"
    ).get_data(as_text=True)


def test_applying_records_a_consent_to_the_processing(people):

    volunteer = factories.user()

    with current_app.test_request_context(method="POST"):
        application = save_application(
            None,
            opening=people["opening"],
            user=volunteer,
            data=ApplicationInput(
                motivation="m" * 120, availability="", languages={"fr": "C1"}, answers={}, cv=None
            ),
            submit=True,
        )
    consent = db.session.scalars(select(Consent).where(Consent.user_id == volunteer.id)).one()
    assert (consent.kind, consent.version) == ("application-data", "2026-11")
    assert application.consent_version == "2026-11"


def test_the_audit_trail_cannot_be_edited(people):
    event = AuditEvent(action="test.event")
    db.session.add(event)
    db.session.commit()
    event.action = "tampered"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_nobody_exports_or_erases_someone_else(app, client, login, people):
    # There is no id in the export and delete addresses: they act on the signed-in person.
    login(people["other"])
    archive = _export(client)
    assert b"AWA-MOTIVATION-MARKER" not in archive.read("data.json")
    assert client.post("/en/account/data/export").status_code == 400  # CSRF
    outsider = app.test_client()
    login(factories.user(), on=outsider)
    response = submit(
        outsider,
        "/en/account/",
        {"reason": "x"},
        action=f"/en/admin/users/{people['awa'].id}/erase",
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, people["awa"].id).name == "Awa Zyxwv"
    anonymous = app.test_client()
    assert anonymous.post("/en/account/data/delete").status_code in (302, 400)


def test_erasure_also_removes_the_mails_about_the_person(client, login, outbox, people):
    """'Awa has applied' went to the lead: erasing Awa removes that message too (pending
    or sent), not only the ones addressed to her."""
    factories.opening(people["unesco"], slug="second-role")
    login(people["awa"])
    submit(
        client,
        "/en/roles/second-role/apply",
        {
            "motivation": "Je veux porter la voix des mères. " * 5,
            "languages-0-language": "fr",
            "languages-0-level": "C1",
            "consent": "y",
            "submit_application": "Envoyer",
            "cv": (io.BytesIO(factories.pdf_bytes()), "cv.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert any("Awa Zyxwv" in m.body_text for m in outbox(to="lead@example.org"))
    submit(
        client,
        "/en/account/data/",
        {"password": factories.DEFAULT_PASSWORD},
        action="/en/account/data/delete",
    )
    assert [m for m in outbox() if "Awa Zyxwv" in m.body_text + m.body_html + m.subject] == []
