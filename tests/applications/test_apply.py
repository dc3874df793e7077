import io
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.applications.models import Application, StatusChange
from portal.core.models import Document, DocumentContent
from portal.extensions import db
from tests import factories
from tests.applications.conftest import form_data
from tests.conftest import submit

APPLY = "/{lang}/roles/bilingual/apply"


def _cv(name="cv.pdf", data=None):
    return (io.BytesIO(data if data is not None else factories.pdf_bytes()), name)


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_volunteer_applies_with_a_pdf_cv_and_everyone_is_told(
    client, login, outbox, unesco_role, lang
):
    volunteer = factories.user("awa@example.org", name="Awa", locale=lang)
    login(volunteer)
    page = client.get(APPLY.format(lang=lang)).get_data(as_text=True)
    assert ("Déjà allé à l&#39;ONU ?" if lang == "fr" else "Been to UN meetings?") in page
    assert ("Français C1" if lang == "fr" else "French C1") in page
    response = submit(
        client,
        APPLY.format(lang=lang),
        form_data(unesco_role, cv=_cv()),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    application = db.session.scalars(select(Application)).one()
    assert response.headers["Location"] == f"/{lang}/account/applications/{application.id}"
    assert application.status == "submitted"
    assert application.meets_languages
    assert application.consent_version == "2026-11"
    assert application.consent_at is not None
    assert application.cv.original_name == "cv.pdf"
    assert application.cv.content_type == "application/pdf"
    assert [(c.from_status, c.to_status) for c in db.session.scalars(select(StatusChange))] == [
        ("draft", "submitted")
    ]
    [receipt] = outbox(to="awa@example.org")
    assert receipt.subject == (
        "Nous avons bien reçu votre candidature : Bilingual volunteer [fr]"
        if lang == "fr"
        else "We have received your application: Bilingual volunteer [en]"
    )
    [notice] = outbox(to="lead@example.org")
    assert (
        notice.subject == "Nouvelle candidature : Bilingual volunteer [fr]"
    )  # the lead reads French
    mine = client.get(f"/{lang}/account/applications/").get_data(as_text=True)
    assert "Bilingual volunteer" in mine
    assert ("Envoyée" if lang == "fr" else "Submitted") in mine


def test_unconfirmed_address_cannot_submit_and_keeps_the_input(client, login, unesco_role):
    login(factories.user(confirmed=False))
    response = submit(
        client,
        APPLY.format(lang="en"),
        form_data(unesco_role, motivation="My special motivation " * 8, cv=_cv()),
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Confirm your e-mail address before you apply" in text
    assert "My special motivation" in text
    assert _count(Application) == 0
    assert _count(Document) == 0


def test_missing_fields_save_a_draft_and_show_what_is_needed(client, login, unesco_role):
    login(factories.user())
    data = form_data(unesco_role, motivation="Too short", consent=None, cv=_cv())
    data.pop("languages-0-language"), data.pop("languages-0-level")
    data.pop("languages-1-language"), data.pop("languages-1-level")
    text = submit(
        client, "/fr/roles/bilingual/apply", data, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "Il manque encore quelques éléments" in text
    assert "Écrivez au moins 100 caractères." in text
    assert "Indiquez au moins une langue que vous parlez." in text
    assert "Vous devez accepter le traitement de vos données pour postuler." in text
    assert "Too short</textarea>" in text
    application = db.session.scalars(select(Application)).one()
    assert application.status == "draft"
    assert application.cv is not None


def test_draft_then_submit_later_without_sending_the_cv_again(client, login, unesco_role, outbox):
    login(factories.user())
    draft = form_data(unesco_role, cv=_cv(), submit_application=None, save_draft="Save")
    assert (
        submit(
            client, APPLY.format(lang="en"), draft, content_type="multipart/form-data"
        ).status_code
        == 302
    )
    assert db.session.scalars(select(Application)).one().status == "draft"
    assert outbox() == []
    page = client.get(APPLY.format(lang="en")).get_data(as_text=True)
    assert "Saved: cv.pdf" in page
    assert "Meets the language requirements" in page
    response = submit(
        client, APPLY.format(lang="en"), form_data(unesco_role), content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert db.session.scalars(select(Application)).one().status == "submitted"


def test_the_language_hint_says_when_requirements_are_not_met(client, login, unesco_role):
    login(factories.user())
    data = form_data(
        unesco_role,
        cv=_cv(),
        submit_application=None,
        save_draft="Save",
        **{"languages-1-level": "B1"},
    )
    submit(client, APPLY.format(lang="en"), data, content_type="multipart/form-data")
    page = client.get(APPLY.format(lang="en")).get_data(as_text=True)
    assert "Does not meet every language requirement" in page


def test_applying_twice_is_refused_with_a_clear_message(client, login, unesco_role):
    login(factories.user())
    submit(
        client,
        APPLY.format(lang="en"),
        form_data(unesco_role, cv=_cv()),
        content_type="multipart/form-data",
    )
    again = client.get(APPLY.format(lang="en"), follow_redirects=True).get_data(as_text=True)
    assert "You have already applied for this role." in again
    assert _count(Application) == 1


def test_a_closed_role_takes_no_application(client, login, unesco_role):
    unesco_role.status = "closed"
    login(factories.user())
    closed = client.get(APPLY.format(lang="en"))
    assert closed.headers["Location"] == "/en/roles/bilingual/"
    unesco_role.status = "open"

    unesco_role.set_closing_date(date(2020, 1, 1), "Europe/Paris")
    response = submit(
        client,
        "/en/account/",
        form_data(unesco_role, cv=_cv()),
        action=APPLY.format(lang="en"),
        content_type="multipart/form-data",
    )
    assert "This volunteer role no longer takes applications." in response.get_data(as_text=True)
    assert _count(Application) == 0


def test_withdrawing_an_undecided_application(client, login, unesco_role):
    volunteer = factories.user()
    application = factories.application(unesco_role, volunteer)
    login(volunteer)
    page = client.get(f"/en/account/applications/{application.id}").get_data(as_text=True)
    assert "Withdraw my application" in page
    submit(
        client,
        f"/en/account/applications/{application.id}",
        {},
        action=f"/en/account/applications/{application.id}/withdraw",
    )
    db.session.refresh(application)
    assert application.status == "withdrawn"
    assert application.decided_at is not None
    page = client.get(f"/en/account/applications/{application.id}").get_data(as_text=True)
    assert "Withdraw my application" not in page


def test_a_decided_application_cannot_be_withdrawn(client, login, unesco_role):
    volunteer = factories.user()
    application = factories.application(unesco_role, volunteer, status="accepted")
    login(volunteer)
    page = submit(
        client,
        f"/en/account/applications/{application.id}",
        {},
        action=f"/en/account/applications/{application.id}/withdraw",
        follow_redirects=True,
    )
    assert "An application cannot go from “Accepted” to “Withdrawn”." in page.get_data(as_text=True)


def test_nobody_sees_or_withdraws_someone_elses_application(client, login, unesco_role):
    application = factories.application(unesco_role, factories.user())
    login(factories.user())
    assert client.get(f"/en/account/applications/{application.id}").status_code == 404
    response = submit(
        client, "/en/account/", {}, action=f"/en/account/applications/{application.id}/withdraw"
    )
    assert response.status_code == 404
    db.session.refresh(application)
    assert application.status == "submitted"


def test_my_applications_query_count_does_not_grow(client, login, count_queries, unesco_role):
    volunteer = factories.user()
    delegation = unesco_role.delegation
    factories.application(unesco_role, volunteer)
    login(volunteer)
    client.get("/en/account/applications/")
    with count_queries() as small:
        client.get("/en/account/applications/")
    for _ in range(15):
        factories.application(factories.opening(delegation), volunteer)
    with count_queries() as large:
        client.get("/en/account/applications/")
    assert small.count == large.count, large.statements
    assert _count(DocumentContent) == 16  # bytes exist but were not loaded:
    assert not any("document_contents" in s for s in large.statements)
