"""Interview scheduling: the lead offers times, the applicant books one in their own time
zone, both get a calendar invitation, reminders go the day before."""

import io
import json
import multiprocessing
import zipfile
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.core.models import OutboxEmail
from portal.extensions import db
from portal.interviews import services
from portal.interviews.models import InterviewSlot
from tests import factories
from tests.conftest import submit
from tests.live import Browser, served_portal

MANAGE = "/en/manage/unesco/interviews/"
# A Tuesday in March: Paris is UTC+1, New York UTC-5 (before the US change on 8 March).
DAY = date(2026, 3, 3)


@pytest.fixture
def unesco(clock):
    clock.set(datetime(2026, 2, 20, 9, 0))
    delegation = factories.delegation(slug="unesco", name="UNESCO")
    lead = factories.user("lead@example.org", name="Lena Lead", locale="en")
    factories.membership(lead, delegation)
    reviewer = factories.user("rev@example.org", name="Rémi Reviewer", locale="fr")
    factories.membership(reviewer, delegation, role="member", reviewer=True)
    opening = factories.opening(delegation, slug="bilingual", title="Bilingual volunteer")
    ana = factories.user("ana@example.org", name="Ana Lima", locale="fr")
    application = factories.application(opening, ana, status="interview")
    db.session.commit()
    return {
        "delegation": delegation,
        "lead": lead,
        "reviewer": reviewer,
        "opening": opening,
        "ana": ana,
        "application": application,
    }


def _offer(client, unesco, **fields):
    data = {
        "opening": str(unesco["opening"].id),
        "day": DAY.isoformat(),
        "times": "10:00, 11:00",
        "duration": "45",
        "location": "UNESCO, 7 place de Fontenoy, Paris",
        "video_url": "",
        "interviewers": [str(unesco["lead"].id), str(unesco["reviewer"].id)],
        **fields,
    }
    return submit(client, MANAGE, data, action=f"{MANAGE}offer")


def _slots():
    return db.session.scalars(select(InterviewSlot).order_by(InterviewSlot.starts_at)).all()


def test_a_lead_offers_a_set_of_times_in_the_delegations_time_zone(client, login, unesco):
    login(unesco["lead"])
    response = _offer(client, unesco)
    assert response.status_code == 302
    slots = _slots()
    assert [s.starts_at for s in slots] == [datetime(2026, 3, 3, 9, 0), datetime(2026, 3, 3, 10, 0)]
    assert {p.name for p in slots[0].interviewers} == {"Lena Lead", "Rémi Reviewer"}
    page = client.get(MANAGE).get_data(as_text=True)
    assert "Tuesday 3 March 2026, 10:00" in page
    assert "Times nobody booked yet" in page


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"times": "10:00, noon"}, "times", "“noon” is not a time"),
        ({"day": "2026-02-01"}, "day", "These times have passed"),
        ({"interviewers": []}, "interviewers", "Choose who attends"),
        ({"location": "", "video_url": ""}, "location", "Give a place or a video link."),
        ({"video_url": "javascript:alert(1)"}, "video_url", "Give the full link"),
        ({"video_url": 'https://exa mple.org/"><b>'}, "video_url", "Give the full link"),
        ({"duration": "0"}, "duration", "Between 5 and 480 minutes."),
        ({"day": "2026-03-29", "times": "02:30"}, "times", "02:30 does not exist that day"),
    ],
)
def test_wrong_offers_are_refused_beside_the_field(
    client, login, unesco, fields, field_id, message
):
    login(unesco["lead"])
    response = _offer(client, unesco, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field_id}-error"' in page
    assert message in page
    assert _slots() == []


def test_the_applicant_sees_the_times_in_their_own_time_zone(app, client, login, unesco):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    url = f"/en/account/applications/{unesco['application'].id}/interview"
    paris = applicant.get(url).get_data(as_text=True)
    assert "10:00\u201310:45" in paris
    assert "the delegation" in paris  # says whose zone it is until one is chosen
    new_york = applicant.get(f"{url}?tz=America/New_York").get_data(as_text=True)
    assert "04:00\u201304:45" in new_york
    assert "New York" in new_york
    for odd in ("Not/AZone", "Factory", "localtime", "../../etc/passwd", "x" * 3000):
        assert applicant.get(f"{url}?tz={odd}").status_code == 200  # the delegation's zone


def _book(browser, unesco, slot_id, tz="America/New_York"):
    base = f"/en/account/applications/{unesco['application'].id}/interview"
    return submit(browser, base, {"slot": str(slot_id), "tz": tz}, action=f"{base}/book")


def _calendars(to):
    messages = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.to_address == to).order_by(OutboxEmail.id)
    ).all()
    return [Calendar.from_ical(m.calendar) for m in messages if m.calendar]


def test_booking_sends_both_sides_an_invitation_that_calendars_read(app, client, login, unesco):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00", video_url="https://meet.example.org/unesco")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    slot = _slots()[0]
    response = _book(applicant, unesco, slot.id)
    assert response.status_code == 302
    assert "tz=America" in response.headers["Location"]
    db.session.refresh(slot)
    assert slot.application_id == unesco["application"].id
    [mine] = _calendars("ana@example.org")
    [theirs] = _calendars("rev@example.org")
    event = mine.walk("VEVENT")[0]
    assert mine["METHOD"] == "REQUEST"
    assert event["DTSTART"].dt == datetime(2026, 3, 3, 10, 0, tzinfo=event["DTSTART"].dt.tzinfo)
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert event["DTSTART"].dt.utcoffset() == timedelta(hours=1)
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(minutes=45)
    assert str(event["LOCATION"]) == "UNESCO, 7 place de Fontenoy, Paris"
    assert str(event["URL"]) == "https://meet.example.org/unesco"
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == [
        "mailto:ana@example.org",
        "mailto:lead@example.org",
        "mailto:rev@example.org",
    ]
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert mine.walk("VTIMEZONE")  # the zone travels with the event
    assert theirs.walk("VEVENT")[0]["UID"] == event["UID"]
    # Each in their own language: Ana and Rémi read French, whoever books.
    assert str(event["SUMMARY"]).startswith("Entretien\u00a0: ")
    assert str(theirs.walk("VEVENT")[0]["SUMMARY"]).startswith("Entretien avec Ana Lima")
    mail = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.to_address == "ana@example.org")
    ).first()
    assert mail.subject.startswith("Votre entretien est réservé")  # Ana reads French
    assert "mardi 3 mars 2026, 10:00" in mail.body_text


def test_cancelling_asks_first_then_calendars_drop_the_event(app, client, login, unesco):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    slot = _slots()[0]
    _book(applicant, unesco, slot.id)
    base = f"/en/account/applications/{unesco['application'].id}/interview"
    asked = submit(applicant, base, {}, action=f"{base}/cancel")
    assert "Cancel your interview?" in asked.get_data(as_text=True)
    db.session.refresh(slot)
    assert slot.application_id is not None
    submit(applicant, base, {"confirmed": "1"}, action=f"{base}/cancel")
    db.session.refresh(slot)
    assert slot.application_id is None
    booked, cancelled = _calendars("rev@example.org")
    assert cancelled["METHOD"] == "CANCEL"
    first, last = booked.walk("VEVENT")[0], cancelled.walk("VEVENT")[0]
    assert last["UID"] == first["UID"]
    assert last["SEQUENCE"] > first["SEQUENCE"]
    assert str(last["STATUS"]) == "CANCELLED"
    history = applicant.get(f"/en/account/applications/{unesco['application'].id}")
    text = history.get_data(as_text=True)
    assert "Interview booked for" in text
    assert "cancelled" in text


def test_a_lead_withdrawing_a_booked_time_tells_the_applicant(app, client, login, unesco):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    slot = _slots()[0]
    _book(applicant, unesco, slot.id)
    asked = submit(client, MANAGE, {}, action=f"{MANAGE}{slot.id}/withdraw")
    assert "Ana Lima booked it" in asked.get_data(as_text=True)
    submit(client, MANAGE, {"confirmed": "1"}, action=f"{MANAGE}{slot.id}/withdraw")
    db.session.refresh(slot)
    assert slot.withdrawn_at is not None
    assert slot.application_id is None
    assert _calendars("ana@example.org")[-1]["METHOD"] == "CANCEL"


def test_the_reminder_goes_the_day_before_and_once(app, client, login, unesco, clock):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    _book(applicant, unesco, _slots()[0].id)

    def reminders():
        return db.session.scalars(
            select(OutboxEmail.to_address).where(OutboxEmail.kind == "interview_reminder")
        ).all()

    with app.test_request_context(method="POST"):  # as the worker: a writing context
        clock.set(datetime(2026, 3, 2, 8, 30))  # 24 h 30 min before (09:00 UTC)
        services.send_reminders()
        db.session.commit()
        assert reminders() == []
        clock.set(datetime(2026, 3, 2, 9, 15))
        assert services.send_reminders() == 1
        db.session.commit()
        assert sorted(reminders()) == ["ana@example.org", "lead@example.org", "rev@example.org"]
        clock.set(datetime(2026, 3, 2, 9, 30))
        assert services.send_reminders() == 0


def test_the_decision_message_links_to_the_free_times(client, login, unesco):
    other = factories.application(unesco["opening"], factories.user(locale="en"))
    db.session.commit()
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    base = "/en/manage/unesco/applications"
    response = submit(
        client,
        f"{base}/{other.id}",
        {"to_status": "interview", "note": "", "confirmed": "1"},
        action=f"{base}/{other.id}/decide",
    )
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "{interview_details}" not in editor
    assert f"/en/account/applications/{other.id}/interview" in editor


def test_only_the_applicant_at_the_interview_stage_books(app, client, login, unesco):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    slot = _slots()[0]
    stranger = app.test_client()
    login(factories.user("eve@example.org"), on=stranger)
    base = f"/en/account/applications/{unesco['application'].id}/interview"
    assert stranger.get(base).status_code == 404
    late = factories.application(unesco["opening"], factories.user("late@example.org"))
    db.session.commit()
    late_browser = app.test_client()
    login(late.user, on=late_browser)
    url = f"/en/account/applications/{late.id}/interview"
    page = late_browser.get(url).get_data(as_text=True)
    assert "not at the interview stage" in page
    response = submit(late_browser, url, {"slot": str(slot.id)}, action=f"{url}/book")
    assert response.status_code == 200
    db.session.refresh(slot)
    assert slot.application_id is None


def test_how_the_interview_went_is_recorded_after_it(app, client, login, unesco, clock):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    slot = _slots()[0]
    _book(applicant, unesco, slot.id)
    early = submit(client, MANAGE, {"outcome": "no_show"}, action=f"{MANAGE}{slot.id}/outcome")
    assert early.status_code == 302
    db.session.refresh(slot)
    assert slot.outcome is None  # not yet
    clock.set(datetime(2026, 3, 3, 12, 0))
    later = app.test_client()  # eleven days on, a new session
    login(unesco["lead"], on=later)
    client = later
    page = client.get(MANAGE).get_data(as_text=True)
    assert "How did it go?" in page
    submit(client, MANAGE, {"outcome": "no_show"}, action=f"{MANAGE}{slot.id}/outcome")
    db.session.refresh(slot)
    assert slot.outcome == "no_show"


def _race(base, email, slot_id, application_id, barrier, results):
    browser = Browser(base)
    browser.sign_in(email)
    page = f"/en/account/applications/{application_id}/interview"
    token = browser.token(page)
    barrier.wait()
    status, _headers, body = browser.fetch(
        f"{page}/book",
        urlencode({"csrf_token": token, "slot": str(slot_id)}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    results.append((email, status, "just taken" in body.decode()))


def test_two_applicants_picking_one_time_at_once_get_one_booking(database_url, tmp_path, clock):
    clock.set(None)  # the served portal runs on the real clock
    delegation = factories.delegation(slug="unesco")
    lead = factories.user("lead@example.org")
    factories.membership(lead, delegation)
    opening = factories.opening(delegation, slug="bilingual")
    slot = InterviewSlot(
        delegation_id=delegation.id,
        opening_id=opening.id,
        starts_at=datetime.now() + timedelta(days=3),
        duration_minutes=45,
        location="Paris",
        interviewers=[lead],
    )
    db.session.add(slot)
    db.session.flush()
    slot_id = slot.id
    people = []
    for n in range(6):
        person = factories.user(f"racer{n}@example.org")
        people.append((person.email, factories.application(opening, person, status="interview").id))
    # Nothing is read after the commit: on SQLite that would open a transaction here
    # and hold the served portal's writers off.
    db.session.commit()
    context = multiprocessing.get_context("fork")
    manager = context.Manager()
    results = manager.list()
    barrier = context.Barrier(len(people))
    with served_portal(database_url, tmp_path) as base:
        workers = [
            context.Process(target=_race, args=(base, email, slot_id, app_id, barrier, results))
            for email, app_id in people
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
            assert worker.exitcode == 0
    outcomes = sorted((status, taken) for _, status, taken in results)
    assert outcomes == [(200, True)] * 5 + [(302, False)]
    db.session.expire_all()
    assert db.session.get(InterviewSlot, slot_id).application_id is not None


def test_the_applicants_list_shows_each_interview_state(app, client, login, unesco):
    waiting = factories.application(
        unesco["opening"], factories.user(name="Wanda Waiting"), status="interview"
    )
    db.session.commit()
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    _book(applicant, unesco, _slots()[0].id)
    page = client.get("/en/manage/unesco/applications/").get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    ana = rows[rows.index("Ana Lima") :]
    assert "Interview: 3 Mar, 10:00" in ana.split("</tr>")[0]
    wanda = rows[rows.index("Wanda Waiting") :]
    assert "No time booked yet" in wanda.split("</tr>")[0]
    assert waiting.id


def test_the_interview_is_in_the_persons_data_export(app, client, login, unesco):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    _book(applicant, unesco, _slots()[0].id)
    exported = submit(applicant, "/en/account/data/", {}, action="/en/account/data/export")
    data = json.loads(zipfile.ZipFile(io.BytesIO(exported.data)).read("data.json"))
    [application] = data["applications"]
    assert application["interview"]["booked"]["starts_at_utc"] == "2026-03-03T09:00:00"
    assert [e["what"] for e in application["interview"]["events"]] == ["booked"]


def test_no_other_time_once_the_interview_has_taken_place(app, client, login, unesco, clock):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00, 11:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    first, second = _slots()
    _book(applicant, unesco, first.id)
    clock.set(datetime(2026, 3, 3, 10, 30))  # during the first interview (09:00-09:45 UTC)
    later = app.test_client()
    login(unesco["ana"], on=later)
    url = f"/en/account/applications/{unesco['application'].id}/interview"
    assert "Book this time" not in later.get(url).get_data(as_text=True)
    refused = submit(later, url, {"slot": str(second.id)}, action=f"{url}/book")
    assert refused.status_code == 200
    db.session.refresh(first)
    assert first.application_id == unesco["application"].id


def test_the_applicant_downloads_the_same_event_from_their_page(app, client, login, unesco):
    login(unesco["lead"])
    _offer(client, unesco, times="10:00")
    applicant = app.test_client()
    login(unesco["ana"], on=applicant)
    url = f"/en/account/applications/{unesco['application'].id}/interview"
    assert applicant.get(f"{url}.ics").status_code == 404  # nothing booked yet
    _book(applicant, unesco, _slots()[0].id)
    response = applicant.get(f"{url}.ics")
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "private, no-store"
    downloaded = Calendar.from_ical(response.data).walk("VEVENT")[0]
    mailed = _calendars("ana@example.org")[0].walk("VEVENT")[0]
    assert downloaded["UID"] == mailed["UID"]
    assert downloaded["SEQUENCE"] == mailed["SEQUENCE"]
    assert str(downloaded["SUMMARY"]) == "Interview: Bilingual volunteer [en]"  # the page's
