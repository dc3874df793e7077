"""A refusal from a service: beside its field or flashed, and the request's changes undone;
the app-level handler is the safety net for a view that did not catch one."""

from __future__ import annotations

import pytest
from flask import Flask, get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from portal import create_app
from portal.core.domain import DomainError, refuse
from portal.delegations.models import Delegation
from portal.extensions import db
from tests import factories
from tests.conftest import BASE_URL, IsolatedClient


class _Form(FlaskForm):
    title = StringField()
    slug = StringField()


def test_refuse_puts_the_message_beside_the_named_field_and_rolls_back(app):
    with app.test_request_context("/en/", method="POST"):
        form = _Form(meta={"csrf": False})
        db.session.add(Delegation(slug="half-written"))
        db.session.flush()
        refuse(DomainError("Already taken.", field="slug"), form)
        assert form.slug.errors == ["Already taken."]
        assert form.title.errors == ()
        assert get_flashed_messages() == []
    assert db.session.scalars(db.select(Delegation)).all() == []


def test_refuse_uses_the_mapping_then_the_default_then_a_flash(app):
    with app.test_request_context("/en/", method="POST"):
        form = _Form(meta={"csrf": False})
        refuse(DomainError("Mapped.", field="cover"), form, fields={"cover": form.title})
        refuse(DomainError("Default."), form, default=form.slug)
        refuse(DomainError("Flashed.", field="unknown"), form)
        assert form.title.errors == ["Mapped."]
        assert form.slug.errors == ["Default."]
        assert get_flashed_messages(with_categories=True) == [("error", "Flashed.")]


@pytest.fixture
def refusing_app(database_url: str, tmp_path) -> Flask:
    application = create_app(
        {
            "PORTAL_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path),
            "BASE_URL": BASE_URL,
            "WTF_CSRF_ENABLED": False,
        }
    )

    def refuses() -> str:
        db.session.add(Delegation(slug="never-saved"))
        db.session.flush()
        raise DomainError("This volunteer role no longer takes applications.")

    application.add_url_rule("/<lang:lang_code>/refuses", view_func=refuses, methods=["POST"])
    application.test_client_class = IsolatedClient
    return application


def test_an_unhandled_refusal_goes_back_to_the_page_with_the_message(refusing_app):
    browser = refusing_app.test_client()
    factories.delegation(slug="kept")
    response = browser.post("/en/refuses", headers={"Referer": "http://localhost/en/roles/"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/roles/"
    page = browser.get("/en/roles/").get_data(as_text=True)
    assert "This volunteer role no longer takes applications." in page
    assert [d.slug for d in db.session.scalars(db.select(Delegation))] == ["kept"]


def test_without_a_page_to_go_back_to_the_refusal_is_a_page_of_its_own(refusing_app):
    browser = refusing_app.test_client()
    response = browser.post("/fr/refuses", headers={"Referer": "https://elsewhere.example/"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "<h1>Cette action n'est pas possible</h1>" in page
    assert "This volunteer role no longer takes applications." in page
    assert response.headers["Content-Security-Policy"]
    assert db.session.scalars(db.select(Delegation)).all() == []
