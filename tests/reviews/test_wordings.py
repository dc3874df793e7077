"""Each delegation words its decision messages in each language; the portal's wording
is the default, and the placeholders are checked."""

from sqlalchemy import select

from portal.extensions import db
from portal.reviews.models import DecisionNotice, MessageTemplate
from tests import factories
from tests.conftest import submit

WORDING = "/en/manage/unesco/applications/messages/wording/"


def _decide(client, application, status):
    base = "/en/manage/unesco/applications"
    return submit(
        client,
        f"{base}/{application.id}",
        {"to_status": status, "note": "", "confirmed": "1"},
        action=f"{base}/{application.id}/decide",
    )


def test_the_editor_starts_from_the_portals_wording_in_each_language(client, login, unesco):
    login(unesco["lead"])
    page = client.get(f"{WORDING}interview").get_data(as_text=True)
    assert "Interview invitation: {role}" in page
    assert "Hello {name}," in page
    assert "Invitation à un entretien" in page
    assert "{interview_details}" in page
    listing = client.get(WORDING).get_data(as_text=True)
    assert "The portal&#39;s" in listing or "The portal's" in listing


def test_a_delegation_wording_drafts_the_next_messages_in_that_language(client, login, unesco):
    login(unesco["lead"])
    page = client.get(f"{WORDING}declined").get_data(as_text=True)
    assert "fr-body" in page
    submit(
        client,
        f"{WORDING}declined",
        {
            "en-subject": "About {role}",
            "en-body": "Dear {name}, thank you. The UNESCO team.",
            # French left as the portal's: it stays the default
        },
    )
    rows = db.session.scalars(select(MessageTemplate)).all()
    assert [(row.status, row.locale) for row in rows] == [("declined", "en")]
    english = factories.application(unesco["opening"], factories.user(name="Ana", locale="en"))
    french = factories.application(unesco["opening"], factories.user(name="Zoé", locale="fr"))
    _decide(client, english, "declined")
    _decide(client, french, "declined")
    notices = {n.locale: n for n in db.session.scalars(select(DecisionNotice))}
    assert notices["en"].subject == "About Bilingual volunteer [en]"
    assert notices["en"].body == "Dear Ana, thank you. The UNESCO team."
    assert "Bonjour Zoé," in notices["fr"].body  # the portal's French wording


def test_unknown_placeholders_and_half_wordings_are_refused_beside_the_field(client, login, unesco):
    login(unesco["lead"])
    response = submit(
        client,
        f"{WORDING}interview",
        {"en-subject": "Interview", "en-body": "Hi {nom}, {interview_details}"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="en-body-error"' in page
    assert "The portal does not know {nom}." in page
    assert "Hi {nom}, {interview_details}" in page  # what was typed stays
    response = submit(client, f"{WORDING}interview", {"en-subject": "", "en-body": "Only a text"})
    assert 'id="en-subject-error"' in response.get_data(as_text=True)
    assert db.session.scalars(select(MessageTemplate)).all() == []


def test_going_back_to_the_portals_wording_asks_first(client, login, unesco):
    login(unesco["lead"])
    submit(client, f"{WORDING}accepted", {"en-subject": "Welcome", "en-body": "Welcome {name}"})
    assert len(db.session.scalars(select(MessageTemplate)).all()) == 1
    asked = submit(client, f"{WORDING}accepted", {}, action=f"{WORDING}accepted/default")
    assert "Go back to the portal" in asked.get_data(as_text=True)
    assert len(db.session.scalars(select(MessageTemplate)).all()) == 1
    submit(client, f"{WORDING}accepted", {"confirmed": "1"}, action=f"{WORDING}accepted/default")
    assert db.session.scalars(select(MessageTemplate)).all() == []


def test_only_leads_of_the_delegation_and_only_notified_decisions(app, client, login, unesco):
    reviewer = app.test_client()
    login(unesco["reviewer"], on=reviewer)
    assert reviewer.get(WORDING).status_code == 404
    login(unesco["lead"])
    assert client.get(f"{WORDING}submitted").status_code == 404
    other = factories.delegation(slug="eu")
    assert client.get(f"/en/manage/{other.slug}/applications/messages/wording/").status_code == 404


def test_a_browsers_line_ends_do_not_make_a_language_its_own(client, login, unesco):
    login(unesco["lead"])
    page = client.get(f"{WORDING}declined").get_data(as_text=True)
    import html  # noqa: PLC0415 - this test's only need
    import re  # noqa: PLC0415

    fields = {
        name: html.unescape(value)
        for name, value in re.findall(
            r'<textarea[^>]*name="([a-z]{2}-body)"[^>]*>\n?(.*?)</textarea>', page, re.S
        )
    }
    subjects = dict(re.findall(r'name="([a-z]{2}-subject)"[^>]*value="([^"]*)"', page))
    data = {**{k: html.unescape(v) for k, v in subjects.items()}}
    data.update({k: v.replace("\n", "\r\n") + "  " for k, v in fields.items()})
    data["fr-body"] = "Bonjour {name}, merci."
    submit(client, f"{WORDING}declined", data)
    rows = db.session.scalars(select(MessageTemplate)).all()
    assert [(row.locale, row.body) for row in rows] == [("fr", "Bonjour {name}, merci.")]


def test_the_interview_placeholder_belongs_to_the_interview_message(client, login, unesco):
    login(unesco["lead"])
    response = submit(
        client,
        f"{WORDING}declined",
        {"en-subject": "Sorry", "en-body": "Dear {name}, {interview_details}"},
    )
    assert "The portal does not know {interview_details}." in response.get_data(as_text=True)


def test_a_form_without_a_text_field_is_a_message_not_an_error(client, login, unesco):
    """A crafted POST (or an old form) that leaves out a language's text area."""
    login(unesco["lead"])
    response = submit(client, f"{WORDING}declined", {"en-subject": "Sorry"})
    assert response.status_code == 200
    assert 'id="en-body-error"' in response.get_data(as_text=True)
