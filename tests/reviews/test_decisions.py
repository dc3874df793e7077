import io
import re

from sqlalchemy import select

from portal.applications.models import Application
from portal.delegations.models import Membership
from portal.extensions import db
from portal.reviews.models import DecisionNotice
from portal.reviews.rules import decision_choices
from tests import factories
from tests.conftest import submit

BASE = "/en/manage/unesco/applications"


def _decide(client, application, status, note=""):
    return submit(
        client,
        f"{BASE}/{application.id}",
        {"to_status": status, "note": note, "confirmed": "1"},
        action=f"{BASE}/{application.id}/decide",
    )


def test_apply_review_interview_accept_then_the_volunteer_is_on_the_team(
    app, client, login, outbox, unesco
):
    # The volunteer applies through the form.
    volunteer = factories.user("vale@example.org", name="Valentina Rossi", locale="fr")
    applicant = app.test_client()
    login(volunteer, on=applicant)
    form = {
        "motivation": "Je veux porter la voix des mères à l'UNESCO. " * 4,
        "languages-0-language": "fr",
        "languages-0-level": "C2",
        "consent": "y",
        "submit_application": "Envoyer",
        "cv": (io.BytesIO(factories.pdf_bytes()), "cv.pdf"),
    }
    assert (
        submit(
            applicant, "/fr/roles/bilingual/apply", form, content_type="multipart/form-data"
        ).status_code
        == 302
    )
    application = db.session.scalars(select(Application)).one()

    # The lead sees it with its language match, reviews it, invites to an interview.
    login(unesco["lead"])
    listing = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Valentina Rossi" in listing
    assert "Meets the language requirements" in listing
    submit(
        client,
        f"{BASE}/{application.id}",
        {"score": "5", "comment": "Great"},
        action=f"{BASE}/{application.id}/review",
    )
    response = _decide(client, application, "interview", note="Call on Monday")
    notice = db.session.scalars(select(DecisionNotice)).one()
    assert response.headers["Location"] == f"{BASE}/messages/{notice.id}"
    assert notice.locale == "fr"
    assert notice.subject == "Invitation à un entretien : Bilingual volunteer [fr]"
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bonjour Valentina Rossi," in editor
    submit(
        client,
        response.headers["Location"],
        {
            "subject": notice.subject,
            "body": "Bonjour Valentina, rendez-vous lundi à 10 h.",
            "action": "send",
        },
    )
    [interview_mail] = [m for m in outbox(to="vale@example.org") if m.kind == "decision_interview"]
    assert "rendez-vous lundi à 10 h" in interview_mail.body_text

    # Accept with an edited e-mail; the subject says plainly what happened.
    response = _decide(client, application, "accepted")
    accepted = db.session.scalars(
        select(DecisionNotice).where(DecisionNotice.status == "accepted")
    ).one()
    assert accepted.subject == "Votre candidature est acceptée : Bilingual volunteer [fr]"
    submit(
        client,
        response.headers["Location"],
        {
            "subject": accepted.subject,
            "body": "Bienvenue ! Votre première réunion est le 3 mars.",
            "action": "send",
        },
    )
    [accept_mail] = [m for m in outbox(to="vale@example.org") if m.kind == "decision_accepted"]
    assert accept_mail.subject == "Votre candidature est acceptée : Bilingual volunteer [fr]"
    assert "3 mars" in accept_mail.body_text
    receipt = next(m for m in outbox(to="vale@example.org") if m.kind == "application_received")
    assert receipt.subject != accept_mail.subject

    # The volunteer is on the team; once shown publicly, on the delegation page too.
    membership = db.session.scalars(
        select(Membership).where(Membership.user_id == volunteer.id)
    ).one()
    assert membership.role == "member"
    assert membership.titles == {
        "en": "Bilingual volunteer [en]",
        "fr": "Bilingual volunteer [fr]",
    }
    team = client.get("/en/manage/unesco/team/").get_data(as_text=True)
    assert "Valentina Rossi" in team
    assert "Valentina Rossi" not in client.get("/en/delegations/unesco/").get_data(as_text=True)
    submit(
        client,
        f"/en/manage/unesco/team/members/{membership.id}",
        {"en-text": "Volunteer at UNESCO", "role": "member"},
    )
    # Being named on the public page is the volunteer's own choice.
    assert "details are saved" in client.get("/en/manage/unesco/team/").get_data(as_text=True)
    assert "Valentina Rossi" not in client.get("/en/delegations/unesco/").get_data(as_text=True)
    submit(
        applicant,
        "/fr/account/teams/",
        {f"m{membership.id}-listed": "yes"},
        action=f"/fr/account/teams/{membership.id}/listing",
    )
    public = client.get("/en/delegations/unesco/").get_data(as_text=True)
    assert "Valentina Rossi" in public
    assert "Volunteer at UNESCO" in public
    # history
    db.session.refresh(application)
    assert [c.to_status for c in application.history] == [
        "submitted",
        "in_review",
        "interview",
        "accepted",
    ]


def test_decide_several_then_send_their_emails_together(client, login, outbox, unesco):
    first = factories.application(unesco["opening"], factories.user(locale="fr"))
    second = factories.application(unesco["opening"], factories.user(locale="en"))
    login(unesco["lead"])
    for application in (first, second):
        response = _decide(client, application, "waitlisted")
        submit(
            client, response.headers["Location"], {"subject": "x", "body": "y", "action": "later"}
        )
    assert [m for m in outbox() if m.kind.startswith("decision_")] == []
    waiting = client.get(f"{BASE}/messages/").get_data(as_text=True)
    assert "Send the 2 messages" in waiting
    asked = submit(client, f"{BASE}/messages/", {}, action=f"{BASE}/messages/send-all")
    assert "Send the 2 messages?" in asked.get_data(as_text=True)
    assert [m for m in outbox() if m.kind.startswith("decision_")] == []
    submit(client, f"{BASE}/messages/", {"confirmed": "1"}, action=f"{BASE}/messages/send-all")
    sent = [m for m in outbox() if m.kind == "decision_waitlisted"]
    assert len(sent) == 2
    assert {m.locale for m in sent} == {"fr", "en"}


def test_choosing_not_to_send(client, login, outbox, unesco):
    application = factories.application(unesco["opening"], factories.user())
    login(unesco["lead"])
    response = _decide(client, application, "declined")
    submit(client, response.headers["Location"], {"subject": "s", "body": "b", "action": "discard"})
    assert db.session.scalars(select(DecisionNotice)).one().state == "discarded"
    assert [m for m in outbox() if m.kind.startswith("decision_")] == []


def test_a_forbidden_move_is_refused_with_a_message(client, login, unesco):
    application = factories.application(unesco["opening"], factories.user(), status="declined")
    login(unesco["lead"])
    page = _decide(client, application, "accepted")
    assert page.status_code == 302
    follow = client.get(page.headers["Location"]).get_data(as_text=True)
    assert "An application cannot go from “Declined” to “Accepted”." in follow


def test_reviewers_cannot_decide(client, login, unesco):
    application = factories.application(unesco["opening"], factories.user())
    login(unesco["reviewer"])
    assert _decide(client, application, "accepted").status_code == 404
    db.session.refresh(application)
    assert application.status == "submitted"


def test_bulk_decline_with_one_message(client, login, outbox, unesco):
    apps = [
        factories.application(unesco["opening"], factories.user(locale=loc))
        for loc in ("fr", "en", "en")
    ]
    accepted = factories.application(unesco["opening"], factories.user(), status="accepted")
    foreign = factories.application(
        factories.opening(factories.delegation(slug="eu")), factories.user()
    )
    login(unesco["lead"])
    ids = [str(a.id) for a in (*apps, accepted, foreign)]
    data = {"application_ids": ids, "note": "Role filled", "send_now": "y"}
    # First the count and the list, and nothing changes...
    asked = submit(client, f"{BASE}/", data, action=f"{BASE}/decline")
    page = asked.get_data(as_text=True)
    assert "Decline 3 applications?" in page
    assert page.count("<li>") >= 3
    assert "Each applicant is sent the decline e-mail now." in page
    db.session.refresh(apps[0])
    assert apps[0].status == "submitted"
    # ... then, confirmed, the three that can be declined are.
    submit(client, f"{BASE}/", {**data, "confirmed": "1"}, action=f"{BASE}/decline")
    for application in apps:
        db.session.refresh(application)
        assert application.status == "declined"
        assert application.history[-1].note == "Role filled"
    db.session.refresh(accepted)
    db.session.refresh(foreign)
    assert accepted.status == "accepted"
    assert foreign.status == "submitted"
    declined_mails = [m for m in outbox() if m.kind == "decision_declined"]
    assert sorted(m.subject for m in declined_mails)[0].startswith(
        "Votre candidature n'a pas été retenue"
    )
    assert len(declined_mails) == 3


def test_the_buttons_and_the_service_share_one_rule_of_what_a_lead_may_choose(
    client, login, unesco
):
    application = factories.application(unesco["opening"], factories.user())
    login(unesco["lead"])
    page = client.get(f"{BASE}/{application.id}").get_data(as_text=True)
    buttons = set(re.findall(r'name="to_status" value="(\w+)"', page))
    with client.application.test_request_context():
        assert buttons == {s.value for s in decision_choices(unesco["lead"], application)}
    assert buttons == {"in_review", "interview", "accepted", "waitlisted", "declined"}

    # Withdrawing is the applicant's move: a forged POST is refused and changes nothing.
    response = _decide(client, application, "withdrawn")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "submitted"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "An application cannot go from “Submitted” to “Withdrawn”." in page
    assert "withdrawn" not in {
        c.to_status for c in db.session.get(Application, application.id).history
    }


def test_reviewers_who_do_not_lead_have_no_decision_to_choose(client, login, unesco):
    application = factories.application(unesco["opening"], factories.user())
    with client.application.test_request_context():
        assert decision_choices(unesco["reviewer"], application) == []
    login(unesco["reviewer"])
    assert 'name="to_status"' not in client.get(f"{BASE}/{application.id}").get_data(as_text=True)
    assert _decide(client, application, "accepted").status_code == 404


def test_an_interview_invitation_cannot_leave_with_its_details_unwritten(
    client, login, outbox, unesco
):
    application = factories.application(unesco["opening"], factories.user("a@example.org"))
    other = factories.application(unesco["opening"], factories.user("b@example.org"))
    db.session.commit()
    login(unesco["lead"])
    editor = _decide(client, application, "interview").headers["Location"]
    _decide(client, other, "declined")
    notice = db.session.scalars(
        select(DecisionNotice).where(DecisionNotice.application_id == application.id)
    ).one()
    assert "{interview_details}" in notice.body
    page = client.get(editor).get_data(as_text=True)
    assert "Replace each part in braces, such as {interview_details}" in page
    refused = submit(
        client, editor, {"subject": notice.subject, "body": notice.body, "action": "send"}
    )
    assert refused.status_code == 200
    text = refused.get_data(as_text=True)
    assert 'class="field__error"' in text
    assert "Replace {interview_details} with what the applicant needs to know" in text
    # "Send them all" sends the ready message and keeps the unfinished one, saying so.
    sent = submit(
        client, f"{BASE}/messages/", {"confirmed": "1"}, action=f"{BASE}/messages/send-all"
    )
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "1 message is on its way." in page
    assert "1 message is unfinished or out of date: it stays here." in page
    assert [m.to_address for m in outbox() if m.kind.startswith("decision_")] == ["b@example.org"]
    db.session.refresh(notice)
    assert notice.state == "draft"


def test_a_decision_is_confirmed_first_and_can_be_undone_until_its_message_leaves(
    client, login, outbox, unesco, clock
):
    application = factories.application(unesco["opening"], factories.user("a@example.org"))
    db.session.commit()
    login(unesco["lead"])
    asked = submit(
        client,
        f"{BASE}/{application.id}",
        {"to_status": "declined"},
        action=f"{BASE}/{application.id}/decide",
    )
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Confirm: Decline" in page
    assert "will be told by e-mail" in page
    db.session.refresh(application)
    assert application.status == "submitted"  # nothing changed yet

    _decide(client, application, "declined")
    db.session.refresh(application)
    assert application.status == "declined"
    detail = client.get(f"{BASE}/{application.id}").get_data(as_text=True)
    assert "Undo: back to Submitted" in detail
    submit(client, f"{BASE}/{application.id}", {}, action=f"{BASE}/{application.id}/undo")
    db.session.refresh(application)
    assert application.status == "submitted"
    assert db.session.scalars(select(DecisionNotice)).all() == []  # the draft went too
    assert "undid the move" in client.get(f"{BASE}/{application.id}").get_data(as_text=True)

    # Once the message has left, the decision stands.
    editor = _decide(client, application, "declined").headers["Location"]
    notice = db.session.scalars(select(DecisionNotice)).one()
    submit(client, editor, {"subject": notice.subject, "body": notice.body, "action": "send"})
    assert "Undo:" not in client.get(f"{BASE}/{application.id}").get_data(as_text=True)
    submit(client, f"{BASE}/{application.id}", {}, action=f"{BASE}/{application.id}/undo")
    db.session.refresh(application)
    assert application.status == "declined"


def test_undoing_an_acceptance_takes_the_new_member_off_the_team(client, login, unesco, clock):
    person = factories.user("a@example.org")
    application = factories.application(unesco["opening"], person)
    db.session.commit()
    login(unesco["lead"])
    _decide(client, application, "accepted")
    assert db.session.scalars(select(Membership).where(Membership.user_id == person.id)).one()
    submit(client, f"{BASE}/{application.id}", {}, action=f"{BASE}/{application.id}/undo")
    assert db.session.scalars(select(Membership).where(Membership.user_id == person.id)).all() == []


def test_an_old_decision_cannot_be_undone(client, login, unesco, clock):
    application = factories.application(unesco["opening"], factories.user("a@example.org"))
    db.session.commit()
    login(unesco["lead"])
    _decide(client, application, "in_review")
    clock.advance(minutes=31)
    assert "Undo:" not in client.get(f"{BASE}/{application.id}").get_data(as_text=True)


def test_not_sending_the_message_says_the_decision_stands(client, login, unesco):
    application = factories.application(unesco["opening"], factories.user("a@example.org"))
    db.session.commit()
    login(unesco["lead"])
    editor = _decide(client, application, "declined").headers["Location"]
    response = submit(client, editor, {"action": "discard"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The message will not be sent. The decision stands: Declined." in page


def test_filling_the_last_place_offers_to_close_the_role(client, login, unesco):
    unesco["opening"].places = 1
    application = factories.application(unesco["opening"], factories.user("a@example.org"))
    db.session.commit()
    login(unesco["lead"])
    response = _decide(client, application, "accepted")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This role&#39;s 1 place is filled." in page or "This role's 1 place is filled." in page
    assert f'/en/manage/unesco/roles/{unesco["opening"].id}/edit">Close the role</a>' in page


def test_answers_to_a_decision_go_to_the_lead_or_the_delegations_address(
    client, login, outbox, unesco
):
    first = factories.application(unesco["opening"], factories.user())
    login(unesco["lead"])
    response = _decide(client, first, "waitlisted")
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Answers go to" in editor
    assert "lead@example.org" in editor
    submit(client, response.headers["Location"], {"subject": "s", "body": "b", "action": "send"})
    [message] = [m for m in outbox() if m.kind == "decision_waitlisted"]
    assert message.reply_to == "lead@example.org"

    unesco["delegation"].contact_email = "unesco@mmm.example.org"
    db.session.commit()
    second = factories.application(unesco["opening"], factories.user())
    response = _decide(client, second, "waitlisted")
    submit(client, response.headers["Location"], {"subject": "s", "body": "b", "action": "send"})
    latest = [m for m in outbox() if m.kind == "decision_waitlisted"][-1]
    assert latest.reply_to == "unesco@mmm.example.org"


def test_the_message_editor_offers_to_undo_the_decision_until_it_leaves(client, login, unesco):
    application = factories.application(unesco["opening"], factories.user())
    login(unesco["lead"])
    editor = _decide(client, application, "declined").headers["Location"]
    page = client.get(editor).get_data(as_text=True)
    assert "Undo: back to Submitted" in page
    submit(client, editor, {"subject": "Your application", "body": "b", "action": "send"})
    assert "Undo: back to" not in client.get(editor).get_data(as_text=True)
    detail = client.get(f"{BASE}/{application.id}").get_data(as_text=True)
    assert "Message sent to the applicant: Your application" in detail


def test_a_new_decision_drops_the_message_drafted_for_the_previous_one(client, login, unesco):
    application = factories.application(unesco["opening"], factories.user())
    login(unesco["lead"])
    first = _decide(client, application, "interview").headers["Location"]
    submit(client, first, {"subject": "s", "body": "b {interview_details}", "action": "later"})
    _decide(client, application, "accepted")
    states = {
        n.status: n.state
        for n in db.session.scalars(
            select(DecisionNotice).where(DecisionNotice.application_id == application.id)
        )
    }
    assert states == {"interview": "discarded", "accepted": "draft"}
    waiting = client.get(f"{BASE}/messages/").get_data(as_text=True)
    assert "Send 1 message" in waiting
