from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.openings.models import Opening
from tests import factories
from tests.conftest import submit

ROLE = {
    "en-title": "Bilingual volunteer at UNESCO",
    "en-summary": "Represent us.",
    "en-description": "## Tasks",
    "fr-title": "Bénévole bilingue à l'UNESCO",
    "fr-summary": "Nous représenter.",
    "fr-description": "",
    "en-location": "UNESCO, Paris",
    "en-commitment": "2 days a month",
    "fr-location": "UNESCO, Paris",
    "fr-commitment": "2 jours par mois",
    "places": "1",
    "status": "open",
    "closes_on": (date.today() + timedelta(days=30)).isoformat(),
    "starts_on": (date.today() + timedelta(days=45)).isoformat(),
    "languages-0-language": "fr",
    "languages-0-min_level": "C1",
    "languages-1-language": "en",
    "languages-1-min_level": "C1",
    "questions-0-en-prompt": "Which bodies do you know?",
    "questions-0-fr-prompt": "Quelles instances connaissez-vous ?",
    "questions-0-kind": "choice",
    "questions-0-is_required": "y",
    "questions-0-en-options": "Executive Board\nGeneral Conference",
    "questions-0-fr-options": "Conseil exécutif\nConférence générale",
}


def _lead(login, slug="unesco"):
    delegation = factories.delegation(slug=slug)
    lead = factories.user()
    factories.membership(lead, delegation)
    login(lead)
    return delegation


def test_lead_publishes_a_bilingual_role_with_languages_and_a_question(client, login):
    _lead(login)
    response = submit(client, "/en/manage/unesco/roles/new", ROLE)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    opening = db.session.scalars(select(Opening)).one()
    assert opening.slug == "bilingual-volunteer-at-unesco"
    assert opening.required_levels == {"fr": "C1", "en": "C1"}
    [question] = opening.questions
    assert question.kind == "choice"
    assert question.is_required
    assert question.localized("fr").option_list == ["Conseil exécutif", "Conférence générale"]
    page = client.get("/fr/roles/bilingual-volunteer-at-unesco/").get_data(as_text=True)
    assert "Bénévole bilingue à l&#39;UNESCO" in page
    assert "Français (niveau C1 ou plus)" in page


def test_slug_is_stable_when_the_title_changes(client, login):
    _lead(login)
    submit(client, "/en/manage/unesco/roles/new", ROLE)
    opening = db.session.scalars(select(Opening)).one()
    submit(
        client, f"/en/manage/unesco/roles/{opening.id}/edit", {**ROLE, "en-title": "A new title"}
    )
    db.session.refresh(opening)
    assert opening.slug == "bilingual-volunteer-at-unesco"
    assert opening.localized("en").title == "A new title"


def test_role_form_refuses_bad_input_and_keeps_it(client, login):
    _lead(login)
    bad = {
        **ROLE,
        "en-title": "",
        "fr-title": "",
        "places": "0",
        "languages-2-language": "es",
        "closes_on": (date.today() + timedelta(days=90)).isoformat(),
    }
    page = submit(client, "/fr/manage/unesco/roles/new", bad)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Donnez un titre à la mission dans au moins une langue." in text
    assert "Choisissez une langue et un niveau." in text
    assert 'value="UNESCO, Paris"' in text
    assert db.session.scalars(select(Opening)).first() is None


def test_lead_of_another_delegation_and_plain_users_are_refused(client, login, app):
    unesco = factories.delegation(slug="unesco")
    opening = factories.opening(unesco)
    _lead(login, slug="eu")
    assert client.get("/en/manage/unesco/roles/").status_code == 404
    assert client.get("/en/manage/unesco/roles/new").status_code == 404
    assert client.get(f"/en/manage/unesco/roles/{opening.id}/edit").status_code == 404
    assert client.get(f"/en/manage/eu/roles/{opening.id}/edit").status_code == 404
    assert (
        submit(
            client, "/en/manage/eu/roles/new", ROLE, action="/en/manage/unesco/roles/new"
        ).status_code
        == 404
    )
    volunteer = app.test_client()
    login(factories.user(), on=volunteer)
    assert volunteer.get("/en/manage/").status_code == 403
    assert volunteer.get("/en/manage/unesco/roles/").status_code == 404


def test_admin_manages_every_delegation(client, login):
    factories.delegation(slug="unesco")
    login(factories.user(admin=True))
    listing = client.get("/en/manage/unesco/roles/")
    assert listing.status_code == 200
    assert "New volunteer role" in listing.get_data(as_text=True)
    assert submit(client, "/en/manage/unesco/roles/new", ROLE).status_code == 302


def test_workspace_lists_the_roles_with_missing_translations(client, login):
    delegation = _lead(login)
    factories.opening(delegation, title="English only", locales=("en",))
    page = client.get("/en/manage/unesco/roles/").get_data(as_text=True)
    assert "English only [en]" in page
    assert "translation missing" in page


def test_an_open_role_cannot_be_saved_with_a_closing_date_in_the_past(client, login):
    _lead(login)
    past = {**ROLE, "closes_on": (date.today() - timedelta(days=2)).isoformat()}
    past.pop("starts_on")
    response = submit(client, "/en/manage/unesco/roles/new", past)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This closing date has passed" in page
    assert 'value="Bilingual volunteer at UNESCO"' in page  # what was typed stays
    assert db.session.scalars(select(Opening)).all() == []
    closed = submit(client, "/en/manage/unesco/roles/new", {**past, "status": "closed"})
    assert closed.status_code == 302  # a closed role may keep its past date
