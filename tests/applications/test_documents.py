"""A CV is served only to its owner and to the reviewers of the role's delegation."""

from portal.accounts.services import find_by_email
from tests import factories


def _setup(unesco_role, name="cv.pdf"):
    owner = factories.user()
    application = factories.application(unesco_role, owner)
    application.cv.original_name = name
    return owner, application


def test_owner_downloads_their_cv_as_a_safe_attachment(client, login, unesco_role):
    owner, application = _setup(unesco_role, name='CV Élodie "final".pdf')
    login(owner)
    response = client.get(f"/en/applications/{application.id}/cv")
    assert response.status_code == 200
    assert response.data == factories.pdf_bytes(owner.name)
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="CV Elodie _final_.pdf"')
    assert "filename*=UTF-8''CV%20%C3%89lodie%20%22final%22.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_delegations_lead_downloads_the_cv(client, login, unesco_role):

    owner, application = _setup(unesco_role)
    login(find_by_email("lead@example.org"))
    response = client.get(f"/en/applications/{application.id}/cv")
    assert response.status_code == 200
    assert response.data == factories.pdf_bytes(owner.name)


def test_others_cannot_download_the_cv(client, login, app, unesco_role):
    _, application = _setup(unesco_role)
    url = f"/en/applications/{application.id}/cv"
    assert client.get(url).headers["Location"].startswith("/en/account/login")
    login(factories.user())
    assert client.get(url).status_code == 404
    other_lead = factories.user()
    factories.membership(other_lead, factories.delegation(slug="eu"))
    browser = app.test_client()
    login(other_lead, on=browser)
    assert browser.get(url).status_code == 404
    member = factories.user()
    factories.membership(member, unesco_role.delegation, role="member", reviewer=False)
    browser = app.test_client()
    login(member, on=browser)
    assert browser.get(url).status_code == 404


def test_a_drafts_cv_is_not_shown_to_the_delegation(client, login, unesco_role):

    owner = factories.user()
    application = factories.application(unesco_role, owner, status="draft")
    login(find_by_email("lead@example.org"))
    assert client.get(f"/en/applications/{application.id}/cv").status_code == 404


def test_documents_are_never_served_from_static(client):
    assert client.get("/static/../instance/portal.db").status_code == 404
