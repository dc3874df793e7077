"""A volunteer profile kept once and reused: it fills each new application (which can
change anything), and goes with the person's data when exported or erased."""

import io
import json
import zipfile

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.applications.models import Application, ProfileLanguage, VolunteerProfile
from portal.core.models import Document
from portal.extensions import db
from tests import factories
from tests.applications.conftest import form_data
from tests.conftest import submit

PROFILE = "/en/account/volunteer-profile"


def _profile(client, **overrides):
    data = {
        "phone": "+33 6 12 34 56 78",
        "city": "Lyon",
        "availability": "Two days a month, Tuesdays.",
        "languages-0-language": "fr",
        "languages-0-level": "C2",
        "languages-1-language": "en",
        "languages-1-level": "C1",
        "cv": (io.BytesIO(factories.pdf_bytes()), "profile-cv.pdf"),
        **overrides,
    }
    return submit(client, PROFILE, data, content_type="multipart/form-data")


def test_a_volunteer_keeps_a_profile_and_bad_input_comes_back(client, login):
    login(factories.user())
    bad = _profile(client, phone="call me <maybe>", **{"languages-2-language": "it"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "Write a phone number with digits" in page
    assert "Choose both a language and your level." in page
    assert 'value="Lyon"' in page
    assert db.session.scalar(select(func.count()).select_from(VolunteerProfile)) == 0
    assert _profile(client).status_code == 302
    profile = db.session.scalars(select(VolunteerProfile)).one()
    assert (profile.phone, profile.city) == ("+33 6 12 34 56 78", "Lyon")
    assert profile.spoken_levels == {"fr": "C2", "en": "C1"}
    assert profile.cv.original_name == "profile-cv.pdf"


def test_a_new_application_starts_from_the_profile_and_takes_its_cv(client, login, unesco_role):
    login(factories.user())
    _profile(client)
    page = client.get("/en/roles/bilingual/apply").get_data(as_text=True)
    assert "Filled in from your volunteer profile" in page
    assert "Two days a month, Tuesdays." in page
    assert "The CV of your volunteer profile, profile-cv.pdf, goes with this application" in page
    data = form_data(unesco_role, availability="Only in March")
    data.pop("cv", None)
    response = submit(client, "/en/roles/bilingual/apply", data, content_type="multipart/form-data")
    assert response.status_code == 302
    application = db.session.scalars(select(Application)).one()
    assert application.status == "submitted"
    assert application.availability == "Only in March"  # changed for this application
    assert application.cv.original_name == "profile-cv.pdf"
    profile = db.session.scalars(select(VolunteerProfile)).one()
    assert application.cv_id != profile.cv_id  # its own copy: the profile may change
    assert profile.availability == "Two days a month, Tuesdays."


def test_the_profile_is_exported_and_erased_with_the_person(client, login):
    person = factories.user(password="correct horse battery staple")
    login(person)
    _profile(client)
    export = submit(client, "/en/account/data/", {}, action="/en/account/data/export")
    archive = zipfile.ZipFile(io.BytesIO(export.data))
    data = json.loads(archive.read("data.json"))
    assert data["volunteer_profile"]["city"] == "Lyon"
    assert data["volunteer_profile"]["languages"] == {"fr": "C2", "en": "C1"}
    assert any(name.endswith("profile-cv.pdf") for name in archive.namelist())
    response = submit(
        client,
        "/en/account/data/",
        {"password": "correct horse battery staple"},
        action="/en/account/data/delete",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(VolunteerProfile)) == 0
    assert db.session.scalar(select(func.count()).select_from(ProfileLanguage)) == 0
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0


def test_reviewers_see_how_to_reach_the_applicant(client, login, unesco_role):
    volunteer = factories.user()
    login(volunteer)
    _profile(client)
    submit(
        client,
        "/en/roles/bilingual/apply",
        form_data(unesco_role),
        content_type="multipart/form-data",
    )
    application = db.session.scalars(select(Application)).one()
    submit(client, "/en/account/", {}, action="/en/account/logout")
    login(db.session.scalars(select(User).where(User.email == "lead@example.org")).one())
    page = client.get(f"/en/manage/unesco/applications/{application.id}").get_data(as_text=True)
    assert '<a href="tel:+33612345678">+33 6 12 34 56 78</a>' in page
    assert "Lyon" in page
