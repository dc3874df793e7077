"""The members' space: onboarding, accreditations and their reminders, sessions with
designations and calendar invitations, announcements, documents, the directory."""

import io
import multiprocessing
import re
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import pytest
from icalendar import Calendar
from PIL import Image
from sqlalchemy import select

from portal.core.models import AuditEvent, Document, OutboxEmail
from portal.core.uploads import CheckedFile, store
from portal.delegations.models import Membership
from portal.extensions import db
from portal.members import reminders
from portal.members.models import (
    Accreditation,
    AccreditationType,
    ChecklistItem,
    ChecklistTick,
    Meeting,
    MeetingTranslation,
    MeetingVolunteer,
)
from portal.news.models import NewsPost
from portal.privacy.erasure import erase_user
from portal.privacy.export import export_data
from portal.privacy.retention import purge
from tests import factories
from tests.conftest import csrf_token, link_in, submit
from tests.live import Browser, served_portal

SPACE = "/en/members/un"
MANAGE = "/en/manage/un"


@pytest.fixture
def un(clock):
    clock.set(datetime(2027, 1, 4, 9, 0))  # a Monday
    delegation = factories.delegation(slug="un", name="United Nations")
    lead = factories.user("lead@example.org", name="Lena Lead")
    factories.membership(lead, delegation)
    ana = factories.user("ana@example.org", name="Ana Lima", locale="fr")
    ana_membership = factories.membership(ana, delegation, role="member")
    bob = factories.user("bob@example.org", name="Bob Brown")
    bob_membership = factories.membership(bob, delegation, role="member")
    pass_type = AccreditationType(
        delegation_id=delegation.id,
        labels={"en": "UN grounds pass, Geneva", "fr": "Badge d'accès de l'ONU, Genève"},
        issuer="UNOG",
    )
    steps = [
        ChecklistItem(delegation_id=delegation.id, labels={"en": "Read the guide"}, position=1),
        ChecklistItem(
            delegation_id=delegation.id,
            labels={"en": "Sign the agreement", "fr": "Signer la convention"},
            position=2,
            lead_verifies=True,
        ),
    ]
    db.session.add_all([pass_type, *steps])
    db.session.flush()
    meeting = Meeting(
        delegation_id=delegation.id,
        starts_on=date(2027, 2, 22),
        ends_on=date(2027, 3, 5),
        accreditation_type_id=pass_type.id,
        designation_deadline=date(2027, 2, 10),
        places=2,
    )
    meeting.translations = [
        MeetingTranslation(
            locale="en",
            body="Human Rights Council",
            title="64th session",
            place="Palais des Nations, Geneva",
        ),
        MeetingTranslation(
            locale="fr",
            body="Conseil des droits de l'homme",
            title="64e session",
            place="Palais des Nations, Genève",
        ),
    ]
    db.session.add(meeting)
    db.session.commit()
    return {
        "delegation": delegation,
        "lead": lead,
        "ana": ana,
        "ana_membership": ana_membership,
        "bob": bob,
        "bob_membership": bob_membership,
        "pass_type": pass_type,
        "steps": steps,
        "meeting": meeting,
    }


def _accredit(person, kind, until, **extra):
    item = Accreditation(user_id=person.id, type_id=kind.id, valid_until=until, **extra)
    db.session.add(item)
    db.session.commit()
    return item


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


# Home and onboarding --------------------------------------------------------------------


def test_a_members_home_shows_progress_accreditations_sessions_and_announcements(client, login, un):
    _accredit(un["bob"], un["pass_type"], date(2027, 1, 20))
    login(un["bob"])
    page = client.get("/en/members/").get_data(as_text=True)
    assert "United Nations [en]" in page
    assert "0 of 2 steps done" in page
    assert "UN grounds pass, Geneva" in page
    assert "Expires soon" in page
    assert "Human Rights Council: 64th session" in page
    assert "Volunteers wanted" in page
    assert 'href="/en/members/"' in client.get("/en/account/").get_data(as_text=True)


def test_members_tick_their_steps_but_only_a_lead_ticks_a_verified_one(client, login, un):
    read, sign = un["steps"]
    login(un["bob"])
    token = csrf_token(client, f"{SPACE}/onboarding")
    client.post(f"{SPACE}/onboarding/{read.id}", data={"csrf_token": token, "done": "1"})
    client.post(f"{SPACE}/onboarding/{sign.id}", data={"csrf_token": token, "done": "1"})
    ticks = db.session.scalars(select(ChecklistTick)).all()
    assert [t.item_id for t in ticks] == [read.id]
    page = client.get(f"{SPACE}/onboarding").get_data(as_text=True)
    assert "A lead ticks this step once they have checked it." in page

    lead = factories.user()
    factories.membership(lead, un["delegation"])
    db.session.commit()
    browser = client.application.test_client()
    login(lead, on=browser)
    progress = f"{MANAGE}/onboarding/members/{un['bob_membership'].id}"
    response = submit(browser, progress, {"done": "1"}, action=f"{progress}/{sign.id}")
    assert response.status_code == 302
    assert "2 of 2" in browser.get(f"{MANAGE}/onboarding/").get_data(as_text=True)


def test_a_lead_builds_the_checklist_and_a_new_member_is_welcomed_with_it(
    client, login, un, outbox
):
    login(un["lead"])
    response = submit(
        client,
        f"{MANAGE}/onboarding/",
        {"en-text": "Request your UN grounds pass", "fr-text": "", "document": "0"},
        action=f"{MANAGE}/onboarding/steps",
    )
    assert response.status_code == 302
    response = submit(
        client,
        f"{MANAGE}/team/",
        {"email": "new@example.org", "role": "member", "en-text": "", "fr-text": ""},
        action=f"{MANAGE}/team/invite",
    )
    assert response.status_code == 302
    newcomer = factories.user("new@example.org", name="Nina New")
    db.session.commit()
    invitation = next(m for m in outbox(to="new@example.org") if m.kind == "invitation")
    path = link_in(invitation, "/invitations/")
    browser = client.application.test_client()
    login(newcomer, on=browser)
    response = submit(browser, path, {"listed": "no"})
    assert response.headers["Location"].endswith("/en/members/")
    welcome = [m for m in outbox(to="new@example.org") if m.kind == "member_welcome"]
    assert len(welcome) == 1
    assert "- Read the guide" in welcome[0].body_text
    assert "- Request your UN grounds pass" in welcome[0].body_text


# Accreditations -------------------------------------------------------------------------


def test_a_member_records_an_accreditation_with_a_scan_only_they_and_the_leads_download(
    client, login, un
):
    kind = un["pass_type"]
    login(un["bob"])
    url = f"{SPACE}/accreditations"
    data = {
        f"t{kind.id}-number": "G-1234",
        f"t{kind.id}-issuer": "UNOG",
        f"t{kind.id}-valid_from": "2026-06-01",
        f"t{kind.id}-valid_until": "2027-05-31",
        f"t{kind.id}-scan": (io.BytesIO(_png()), "pass.png"),
    }
    response = submit(
        client, url, data, action=f"{url}/{kind.id}", content_type="multipart/form-data"
    )
    assert response.status_code == 302
    accreditation = db.session.scalars(select(Accreditation)).one()
    assert accreditation.number == "G-1234"
    assert accreditation.scan is not None
    scan_url = f"{url}/{accreditation.id}/scan"
    assert client.get(scan_url).data == _png()

    other = client.application.test_client()
    login(un["ana"], on=other)
    assert other.get(scan_url).status_code == 404
    lead = client.application.test_client()
    login(un["lead"], on=lead)
    assert lead.get(scan_url).data == _png()
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "document.downloaded"))
    assert [e.details["accreditation_id"] for e in audit] == [accreditation.id]


def test_a_scan_that_is_not_an_image_or_pdf_is_refused_beside_the_field(client, login, un):
    kind = un["pass_type"]
    login(un["bob"])
    url = f"{SPACE}/accreditations"
    data = {
        f"t{kind.id}-number": "G-99",
        f"t{kind.id}-valid_until": "2027-05-31",
        f"t{kind.id}-scan": (io.BytesIO(b"\x89PNG\r\n\x1a\nnot really"), "pass.png"),
    }
    response = submit(
        client, url, data, action=f"{url}/{kind.id}", content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This file is not a real PDF, JPEG or PNG file." in page
    assert 'value="G-99"' in page  # what was typed stays
    assert db.session.scalars(select(Accreditation)).all() == []


def test_the_leads_see_every_members_accreditation_soonest_expiry_first(client, login, un):
    _accredit(un["ana"], un["pass_type"], date(2027, 12, 1))
    _accredit(un["bob"], un["pass_type"], date(2026, 12, 31))
    login(un["lead"])
    page = client.get(f"{MANAGE}/accreditations/").get_data(as_text=True)
    assert page.index("Bob Brown") < page.index("Ana Lima")
    assert "Expired" in page
    page = client.get(f"{MANAGE}/accreditations/?sort=-expiry").get_data(as_text=True)
    assert page.index("Ana Lima") < page.index("Bob Brown")


def test_reminders_go_30_and_7_days_before_expiry_to_the_member_and_the_leads(clock, un, outbox):
    accreditation = _accredit(un["bob"], un["pass_type"], date(2027, 2, 20))
    clock.set(datetime(2027, 1, 20, 6, 0))  # 31 days before
    assert reminders.run_daily(clock.now).accreditations == 0
    clock.advance(days=1)  # 30 days before
    assert reminders.run_daily(clock.now).accreditations == 1
    db.session.commit()
    mails = {(m.to_address, m.kind) for m in outbox()}
    assert mails == {
        ("bob@example.org", "accreditation_expiring"),
        ("lead@example.org", "accreditation_expiring_lead"),
    }
    assert "30 days" in outbox(to="bob@example.org")[0].subject
    assert reminders.run_daily(clock.now).accreditations == 0  # once a day is enough
    clock.advance(days=22)  # 8 days before: nothing new
    assert reminders.run_daily(clock.now).accreditations == 0
    clock.advance(days=1)  # 7 days before
    assert reminders.run_daily(clock.now).accreditations == 1
    db.session.commit()
    assert "7 days" in outbox(to="bob@example.org")[-1].subject
    # Renewed: the reminders start afresh for the new date.
    accreditation.valid_until = date(2028, 2, 20)
    accreditation.reminded_days = None
    db.session.commit()
    assert reminders.run_daily(clock.now).accreditations == 0


def test_an_ended_membership_gets_no_reminder(clock, un, outbox):
    _accredit(un["bob"], un["pass_type"], date(2027, 1, 10))
    un["bob_membership"].ended_on = date(2027, 1, 4)
    db.session.commit()
    assert reminders.run_daily(clock.now).accreditations == 0


# Terms ----------------------------------------------------------------------------------


def test_leads_are_reminded_of_a_term_30_days_before_and_the_term_then_ends(
    client, login, clock, un, outbox
):
    un["bob_membership"].term_ends_on = date(2027, 2, 3)
    db.session.commit()
    assert reminders.run_daily(clock.now).terms == 1
    db.session.commit()
    (mail,) = outbox(to="lead@example.org")
    assert mail.kind == "term_ending"
    assert "Bob Brown" in mail.subject
    assert f"/team/members/{un['bob_membership'].id}" in mail.body_text
    assert reminders.run_daily(clock.now).terms == 0
    login(un["bob"])
    assert client.get(f"{SPACE}/sessions/").status_code == 200
    clock.set(datetime(2027, 2, 3, 20, 0))
    login(un["bob"])  # signed in on the term's last day
    clock.set(datetime(2027, 2, 4, 6, 0))
    assert reminders.run_daily(clock.now).ended == 1
    db.session.commit()
    assert db.session.get(Membership, un["bob_membership"].id).ended_on == date(2027, 2, 3)
    assert client.get(f"{SPACE}/sessions/").status_code == 404


# Sessions -------------------------------------------------------------------------------


def _volunteer(browser, meeting, note=""):
    url = f"{SPACE}/sessions/{meeting.id}"
    return submit(browser, url, {"note": note}, action=f"{url}/attend")


def _designate(browser, meeting, person, confirmed=False):
    row = db.session.scalars(
        select(MeetingVolunteer).where(
            MeetingVolunteer.meeting_id == meeting.id, MeetingVolunteer.user_id == person.id
        )
    ).one()
    url = f"{MANAGE}/sessions/{meeting.id}"
    data = {"confirmed": "1"} if confirmed else {}
    return submit(browser, url, data, action=f"{url}/volunteers/{row.id}/designate")


def _calendar(message):
    return Calendar.from_ical(message.calendar)


def test_a_member_volunteers_the_lead_designates_and_the_member_gets_the_invitation(
    client, login, un, outbox
):
    meeting = un["meeting"]
    _accredit(un["ana"], un["pass_type"], date(2027, 12, 31))
    ana = client.application.test_client()
    login(un["ana"], on=ana)
    assert _volunteer(ana, meeting, "First week only").status_code == 302
    login(un["lead"])
    page = client.get(f"{MANAGE}/sessions/{meeting.id}").get_data(as_text=True)
    assert "Ana Lima" in page
    assert "First week only" in page
    assert _designate(client, meeting, un["ana"]).status_code == 302  # no warning needed
    (mail,) = [m for m in outbox(to="ana@example.org") if m.kind == "session_designated"]
    assert mail.locale == "fr"
    assert "64e session" in mail.subject
    event = _calendar(mail).walk("VEVENT")[0]
    assert _calendar(mail)["METHOD"] == "REQUEST"
    assert event.decoded("DTSTART") == date(2027, 2, 22)
    assert event.decoded("DTEND") == date(2027, 3, 6)  # the day after the last day
    assert str(event["SUMMARY"]) == "Conseil des droits de l'homme\u00a0: 64e session"
    assert str(event["LOCATION"]) == "Palais des Nations, Genève"
    assert str(event["ATTENDEE"]) == "mailto:ana@example.org"
    assert int(event["SEQUENCE"]) == 0
    uid = str(event["UID"])
    home = ana.get("/fr/members/").get_data(as_text=True)
    assert "Vous êtes désigné·e" in home
    # The .ics of the page is the mailed event.
    download = ana.get(f"/fr/members/un/sessions/{meeting.id}/invitation.ics")
    assert download.mimetype == "text/calendar"
    assert str(Calendar.from_ical(download.data).walk("VEVENT")[0]["UID"]) == uid

    # The lead moves the dates: the invitation is updated (same UID, higher SEQUENCE).
    edit = f"{MANAGE}/sessions/{meeting.id}/edit"
    fields = {
        "en-body": "Human Rights Council",
        "en-title": "64th session",
        "en-place": "Palais des Nations, Geneva",
        "en-details": "",
        "fr-body": "Conseil des droits de l'homme",
        "fr-title": "64e session",
        "fr-place": "Palais des Nations, Genève",
        "fr-details": "",
        "starts_on": "2027-02-23",
        "ends_on": "2027-03-05",
        "accreditation_type": str(un["pass_type"].id),
        "designation_deadline": "2027-02-10",
        "places": "2",
    }
    assert submit(client, edit, fields).status_code == 302
    (update,) = [m for m in outbox(to="ana@example.org") if m.kind == "session_updated"]
    event = _calendar(update).walk("VEVENT")[0]
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == date(2027, 2, 23)

    # The lead withdraws the designation: the event is cancelled in her calendar.
    row = db.session.scalars(select(MeetingVolunteer)).one()
    url = f"{MANAGE}/sessions/{meeting.id}/volunteers/{row.id}/undesignate"
    assert "Withdraw Ana Lima" in submit(
        client, f"{MANAGE}/sessions/{meeting.id}", {}, action=url
    ).get_data(as_text=True)
    submit(client, f"{MANAGE}/sessions/{meeting.id}", {"confirmed": "1"}, action=url)
    (cancel,) = [m for m in outbox(to="ana@example.org") if m.kind == "session_cancelled"]
    assert _calendar(cancel)["METHOD"] == "CANCEL"
    event = _calendar(cancel).walk("VEVENT")[0]
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"


def test_designating_someone_whose_pass_expires_before_the_session_asks_first(
    client, login, un, outbox
):
    meeting = un["meeting"]
    _accredit(un["bob"], un["pass_type"], date(2027, 2, 28))  # ends mid-session
    bob = client.application.test_client()
    login(un["bob"], on=bob)
    _volunteer(bob, meeting)
    login(un["lead"])
    page = client.get(f"{MANAGE}/sessions/{meeting.id}").get_data(as_text=True)
    assert "Not valid for the whole session" in page
    response = _designate(client, meeting, un["bob"])
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Designate Bob Brown anyway?" in text
    assert "valid until 28 February 2027" in text.replace("\u00a0", " ")
    assert db.session.scalars(select(MeetingVolunteer)).one().designated_at is None
    assert _designate(client, meeting, un["bob"], confirmed=True).status_code == 302
    assert db.session.scalars(select(MeetingVolunteer)).one().designated_at is not None
    page = bob.get(f"{SPACE}/sessions/{meeting.id}").get_data(as_text=True)
    assert "not valid for the whole session (valid until 28 February 2027)" in page.replace(
        "\u00a0", " "
    )


def test_designations_stop_at_the_sessions_places(client, login, un):
    meeting = un["meeting"]
    meeting.places = 1
    meeting.accreditation_type_id = None
    db.session.commit()
    for person in (un["ana"], un["bob"]):
        browser = client.application.test_client()
        login(person, on=browser)
        _volunteer(browser, meeting)
    login(un["lead"])
    _designate(client, meeting, un["ana"])
    response = _designate(client, meeting, un["bob"])
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "All 1 places are taken" in page
    designated = db.session.scalars(
        select(MeetingVolunteer).where(MeetingVolunteer.designated_at.is_not(None))
    ).all()
    assert [row.user_id for row in designated] == [un["ana"].id]


def test_volunteering_closes_at_the_designation_deadline(client, login, clock, un):
    clock.set(datetime(2027, 2, 11, 9, 0))
    login(un["bob"])
    response = _volunteer(client, un["meeting"])
    assert "This session no longer takes volunteers." in response.get_data(as_text=True)
    assert db.session.scalars(select(MeetingVolunteer)).all() == []


def test_a_designated_member_who_withdraws_is_asked_first_and_the_leads_are_told(
    client, login, un, outbox
):
    meeting = un["meeting"]
    meeting.accreditation_type_id = None
    db.session.commit()
    login(un["bob"])
    _volunteer(client, meeting)
    lead = client.application.test_client()
    login(un["lead"], on=lead)
    _designate(lead, meeting, un["bob"])
    url = f"{SPACE}/sessions/{meeting.id}"
    response = submit(client, url, {}, action=f"{url}/withdraw")
    assert "Withdraw as a representative?" in response.get_data(as_text=True)
    submit(client, url, {"confirmed": "1"}, action=f"{url}/withdraw")
    assert db.session.scalars(select(MeetingVolunteer)).all() == []
    assert [m.kind for m in outbox(to="lead@example.org")] == ["session_withdrawn"]
    assert outbox(to="bob@example.org")[-1].kind == "session_cancelled"


def test_after_the_session_a_report_becomes_a_draft_news_post(client, login, clock, un):
    meeting = un["meeting"]
    login(un["lead"])
    url = f"{MANAGE}/sessions/{meeting.id}"
    early = submit(
        client,
        url,
        {"report": "Too soon", "locale": "en"},
        action=f"{url}/report",
        follow_redirects=True,
    )
    assert "Write the report once the session is over." in early.get_data(as_text=True)
    clock.set(datetime(2027, 3, 8, 9, 0))
    login(un["lead"])
    response = submit(
        client,
        url,
        {"report": "We spoke on **unpaid care**.", "locale": "en", "make_news": "1"},
        action=f"{url}/report",
    )
    post = db.session.scalars(select(NewsPost)).one()
    assert response.headers["Location"].endswith(f"/news/{post.id}/edit")
    assert post.status == "draft"
    (text,) = post.translations
    assert text.title == "64th session"
    assert "unpaid care" in text.body
    assert db.session.get(Meeting, meeting.id).news_post_id == post.id


# Announcements, documents, directory ----------------------------------------------------


def test_announcements_reach_members_as_each_chose(client, login, clock, un, outbox):
    un["bob_membership"].notify = "weekly"
    db.session.commit()
    login(un["lead"])
    response = submit(
        client,
        f"{MANAGE}/announcements/new",
        {
            "en-title": "Briefing on Monday",
            "en-body": "Bring *your* notes",
            "fr-title": "",
            "fr-body": "",
        },
    )
    assert response.status_code == 302
    assert [m.kind for m in outbox(to="ana@example.org")] == ["announcement"]
    assert outbox(to="bob@example.org") == []
    assert outbox(to="lead@example.org") == []  # the author
    clock.advance(days=6)  # Sunday: no digest
    assert reminders.run_daily(clock.now).digests == 0
    clock.advance(days=1)  # Monday
    assert reminders.run_daily(clock.now).digests == 1
    db.session.commit()
    (digest,) = outbox(to="bob@example.org")
    assert "Briefing on Monday" in digest.body_text
    assert reminders.run_daily(clock.now).digests == 0


def test_the_announcement_page_shows_sanitised_markdown(client, login, un):
    login(un["lead"])
    submit(
        client,
        f"{MANAGE}/announcements/new",
        {
            "en-title": "Hello",
            "en-body": "**Bold** <script>alert(1)</script>",
            "fr-title": "",
            "fr-body": "",
        },
    )
    browser = client.application.test_client()
    login(un["bob"], on=browser)
    listing = browser.get(f"{SPACE}/announcements/").get_data(as_text=True)
    (path,) = re.findall(rf'href="({SPACE}/announcements/\d+)"', listing)
    page = browser.get(path).get_data(as_text=True)
    assert "<strong>Bold</strong>" in page
    assert "<script>alert" not in page


def test_a_lead_adds_a_document_members_download_it(client, login, un):
    login(un["lead"])
    response = submit(
        client,
        f"{MANAGE}/documents/",
        {
            "en-text": "Position paper",
            "fr-text": "",
            "file": (io.BytesIO(factories.pdf_bytes()), "paper.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    browser = client.application.test_client()
    login(un["bob"], on=browser)
    page = browser.get(f"{SPACE}/documents/").get_data(as_text=True)
    (link,) = re.findall(rf'href="({SPACE}/documents/\d+)"', page)
    assert browser.get(link).data == factories.pdf_bytes()
    bad = submit(
        client,
        f"{MANAGE}/documents/",
        {"en-text": "Fake", "fr-text": "", "file": (io.BytesIO(b"<html>"), "fake.pdf")},
        content_type="multipart/form-data",
    )
    assert "This file is not a real PDF, DOCX or ODT document." in bad.get_data(as_text=True)


def test_the_directory_shows_only_the_contact_details_each_member_shares(client, login, un):
    login(un["ana"])
    page = client.get(f"{SPACE}/directory").get_data(as_text=True)
    assert "Bob Brown" in page
    assert "bob@example.org" not in page
    browser = client.application.test_client()
    login(un["bob"], on=browser)
    submit(browser, f"{SPACE}/preferences", {"shares_email": "y", "notify": "immediate"})
    page = client.get(f"{SPACE}/directory").get_data(as_text=True)
    assert "bob@example.org" in page


def test_the_members_home_runs_a_fixed_number_of_queries(client, login, un, count_queries):
    login(un["bob"])
    client.get("/en/members/")
    for n in range(6):
        meeting = Meeting(
            delegation_id=un["delegation"].id,
            starts_on=date(2027, 3, 10 + n),
            ends_on=date(2027, 3, 10 + n),
        )
        meeting.translations = [MeetingTranslation(locale="en", title=f"Meeting {n}")]
        db.session.add(meeting)
    db.session.commit()
    with count_queries() as few:
        client.get("/en/members/")
    for n in range(6, 20):
        meeting = Meeting(
            delegation_id=un["delegation"].id,
            starts_on=date(2027, 4, n),
            ends_on=date(2027, 4, n),
        )
        meeting.translations = [MeetingTranslation(locale="en", title=f"Meeting {n}")]
        db.session.add(meeting)
    db.session.commit()
    with count_queries() as many:
        client.get("/en/members/")
    assert len(many.statements) == len(few.statements)


# Personal data --------------------------------------------------------------------------


def test_export_and_erasure_cover_the_members_space(client, login, un):
    meeting = un["meeting"]
    _accredit(un["bob"], un["pass_type"], date(2027, 12, 31), number="G-1")
    db.session.add(ChecklistTick(membership_id=un["bob_membership"].id, item_id=un["steps"][0].id))
    db.session.add(MeetingVolunteer(meeting_id=meeting.id, user_id=un["bob"].id, note="Yes"))
    db.session.commit()
    data = export_data(un["bob"])
    assert data["accreditations"][0]["number"] == "G-1"
    assert data["onboarding_steps_done"][0]["step"] == "Read the guide"
    assert data["institutional_sessions"][0]["note"] == "Yes"
    erase_user(un["bob"], by=un["lead"])
    db.session.commit()
    assert db.session.scalars(select(Accreditation)).all() == []
    assert db.session.scalars(select(MeetingVolunteer)).all() == []
    assert db.session.scalars(select(ChecklistTick)).all() == []


def test_the_purge_removes_former_members_accreditations_and_old_scans(un):
    kept = _accredit(un["ana"], un["pass_type"], date(2027, 12, 31))
    old = _accredit(un["lead"], un["pass_type"], date(2026, 6, 30))
    old.scan = store(
        CheckedFile(data=_png(), content_type="image/png", original_name="p.png", sha256="0" * 64),
        owner_id=un["lead"].id,
        kind="scan",
    )
    _accredit(un["bob"], un["pass_type"], date(2027, 12, 31))
    un["bob_membership"].ended_on = date(2027, 1, 4)
    db.session.commit()
    report = purge(months=12, dry_run=False)
    db.session.commit()
    assert (report.accreditations, report.scans) == (1, 1)
    assert db.session.get(Accreditation, old.id).scan_id is None
    remaining = {a.user_id for a in db.session.scalars(select(Accreditation))}
    assert remaining == {kept.user_id, old.user_id}


def test_a_session_cannot_have_fewer_places_than_representatives(client, login, un):
    meeting = un["meeting"]
    meeting.accreditation_type_id = None
    db.session.add_all(
        [
            MeetingVolunteer(
                meeting_id=meeting.id, user_id=un["ana"].id, designated_at=datetime(2027, 1, 4)
            ),
            MeetingVolunteer(
                meeting_id=meeting.id, user_id=un["bob"].id, designated_at=datetime(2027, 1, 4)
            ),
        ]
    )
    db.session.commit()
    login(un["lead"])
    edit = f"{MANAGE}/sessions/{meeting.id}/edit"
    fields = {
        "en-title": "64th session",
        "en-body": "Human Rights Council",
        "fr-title": "",
        "starts_on": "2027-02-22",
        "ends_on": "2027-03-05",
        "accreditation_type": "0",
        "places": "1",
    }
    response = submit(client, edit, fields)
    assert response.status_code == 200
    assert "More people are designated already" in response.get_data(as_text=True)
    assert db.session.get(Meeting, meeting.id).places == 2


def test_a_scan_chosen_in_a_form_that_comes_back_is_kept(client, login, un):
    kind = un["pass_type"]
    login(un["bob"])
    url = f"{SPACE}/accreditations"
    data = {
        f"t{kind.id}-number": "G-7",
        f"t{kind.id}-valid_until": "",  # forgotten
        f"t{kind.id}-scan": (io.BytesIO(_png()), "pass.png"),
    }
    response = submit(
        client, url, data, action=f"{url}/{kind.id}", content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert "Give the last day it is valid." in page
    assert "Your file pass.png is kept" in page
    (kept,) = re.findall(rf'name="t{kind.id}-kept_scan" type="hidden" value="(\d+)"', page)
    response = submit(
        client,
        url,
        {
            f"t{kind.id}-number": "G-7",
            f"t{kind.id}-valid_until": "2027-06-30",
            f"t{kind.id}-kept_scan": kept,
        },
        action=f"{url}/{kind.id}",
    )
    assert response.status_code == 302
    accreditation = db.session.scalars(select(Accreditation)).one()
    assert accreditation.scan_id == int(kept)
    # Someone else's kept file cannot be claimed by its id.
    other = client.application.test_client()
    login(un["ana"], on=other)
    submit(
        other,
        url,
        {f"t{kind.id}-valid_until": "2027-06-30", f"t{kind.id}-kept_scan": kept},
        action=f"{url}/{kind.id}",
    )
    theirs = db.session.scalars(
        select(Accreditation).where(Accreditation.user_id == un["ana"].id)
    ).one()
    assert theirs.scan_id is None


def test_a_file_kept_for_a_form_and_never_used_goes_with_the_purge(client, login, clock, un):
    login(un["lead"])
    response = submit(
        client,
        f"{MANAGE}/documents/",
        {"en-text": "", "fr-text": "", "file": (io.BytesIO(factories.pdf_bytes()), "paper.pdf")},
        content_type="multipart/form-data",
    )
    assert "Your file paper.pdf is kept" in response.get_data(as_text=True)
    assert purge(months=12, dry_run=True).unused_uploads == 0  # not a day old yet
    clock.advance(days=2)
    assert purge(months=12, dry_run=False).unused_uploads == 1
    db.session.commit()
    assert db.session.scalars(select(Document)).all() == []


def _designate_at_once(browser, row_id, meeting_id, barrier, results):
    page = f"{MANAGE}/sessions/{meeting_id}"
    token = browser.token(page)
    barrier.wait()
    status, _headers, _body = browser.fetch(
        f"{page}/volunteers/{row_id}/designate",
        urlencode({"csrf_token": token, "confirmed": "1"}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    results.append(status)


def test_leads_designating_at_once_never_exceed_the_places(database_url, tmp_path, clock):
    """Six designations of three volunteers at once, for one place: one person is
    designated and gets one invitation (found by an attack on PostgreSQL)."""
    clock.set(None)  # the served portal runs on the real clock
    delegation = factories.delegation(slug="un")
    lead = factories.user("lead@example.org")
    factories.membership(lead, delegation)
    factories.enrol_totp(lead)
    meeting = Meeting(
        delegation_id=delegation.id,
        starts_on=date.today() + timedelta(days=30),
        ends_on=date.today() + timedelta(days=40),
        places=1,
    )
    meeting.translations = [MeetingTranslation(locale="en", title="Session")]
    db.session.add(meeting)
    db.session.flush()
    rows = []
    for n in range(3):
        person = factories.user(f"member{n}@example.org")
        factories.membership(person, delegation, role="member")
        row = MeetingVolunteer(meeting_id=meeting.id, user_id=person.id)
        db.session.add(row)
        db.session.flush()
        rows.append(row.id)
    meeting_id = meeting.id
    # Nothing is read after the commit: on SQLite that would hold the portal's writers off.
    db.session.commit()
    context = multiprocessing.get_context("fork")
    manager = context.Manager()
    results = manager.list()
    barrier = context.Barrier(6)
    with served_portal(database_url, tmp_path) as base:
        browser = Browser(base)  # one sign-in, shared: its code is taken once
        browser.sign_in("lead@example.org")
        workers = [
            context.Process(
                target=_designate_at_once, args=(browser, row_id, meeting_id, barrier, results)
            )
            for row_id in rows * 2
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
            assert worker.exitcode == 0
    assert sorted(results) == [302] * 6
    db.session.expire_all()
    designated = db.session.scalars(
        select(MeetingVolunteer).where(MeetingVolunteer.designated_at.is_not(None))
    ).all()
    assert len(designated) == 1
    invitations = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.kind == "session_designated")
    ).all()
    assert len(invitations) == 1


def test_the_edit_pages_open_with_what_was_written(client, login, un):
    """Found by a walk through the pages: the per-language texts of a session, an
    announcement and a step were empty when their edit page opened."""
    meeting, step = un["meeting"], un["steps"][1]
    login(un["lead"])
    submit(
        client,
        f"{MANAGE}/announcements/new",
        {"en-title": "Briefing", "en-body": "Notes", "fr-title": "Réunion", "fr-body": ""},
    )
    page = client.get(f"{MANAGE}/sessions/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="64th session"' in page
    assert 'value="64e session"' in page
    (path,) = re.findall(
        rf'href="({MANAGE}/announcements/\d+)"',
        client.get(f"{MANAGE}/announcements/").get_data(as_text=True),
    )
    page = client.get(path).get_data(as_text=True)
    assert 'value="Briefing"' in page
    assert 'value="Réunion"' in page
    page = client.get(f"{MANAGE}/onboarding/steps/{step.id}").get_data(as_text=True)
    assert 'value="Signer la convention"' in page
    assert (
        "checked"
        in page.split('name="lead_verifies"')[0][-200:] + page.split('name="lead_verifies"')[1][:60]
    )


def test_the_choices_page_speaks_the_readers_language(client, login, un):
    login(un["bob"])
    page = client.get("/fr/members/un/preferences").get_data(as_text=True)
    assert "Un récapitulatif chaque lundi" in page
    assert "A weekly digest" not in page


def _grow_team(un, start, stop):
    meeting, kind, step = un["meeting"], un["pass_type"], un["steps"][0]
    for n in range(start, stop):
        person = factories.user(f"grown{n}@example.org")
        membership = factories.membership(person, un["delegation"], role="member")
        db.session.add_all(
            [
                Accreditation(
                    user_id=person.id, type_id=kind.id, valid_until=date(2027, 6, n % 27 + 1)
                ),
                ChecklistTick(membership_id=membership.id, item_id=step.id),
                MeetingVolunteer(meeting_id=meeting.id, user_id=person.id, note=f"n{n}"),
            ]
        )
    db.session.commit()


@pytest.mark.parametrize(
    "path",
    [
        f"{MANAGE}/onboarding/",
        f"{MANAGE}/accreditations/",
        "SESSION",
        f"{SPACE}/directory",
        f"{SPACE}/sessions/",
    ],
)
def test_the_team_pages_run_a_fixed_number_of_queries(client, login, un, count_queries, path):
    path = f"{MANAGE}/sessions/{un['meeting'].id}" if path == "SESSION" else path
    login(un["lead"])
    _grow_team(un, 0, 2)
    client.get(path)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    _grow_team(un, 2, 14)
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert len(many.statements) == len(few.statements)
