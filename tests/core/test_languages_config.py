"""Languages are configuration: a third language in LANGUAGES gives every editor a column
and the public site an address prefix, without a line of code changed."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from portal import create_app
from portal.extensions import db
from portal.news.models import NewsPost
from tests import factories
from tests.conftest import BASE_URL, IsolatedClient, csrf_token


@pytest.fixture
def trilingual(app: Flask, database_url: str, tmp_path) -> Flask:
    """A second application on the same database, with German added to the languages."""
    german = create_app(
        {
            "PORTAL_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path),
            "BASE_URL": BASE_URL,
            "LANGUAGES": ("en", "fr", "de"),
        }
    )
    german.test_client_class = IsolatedClient
    return german


def test_editors_grow_a_column_and_readers_get_the_language(trilingual, login):
    browser = trilingual.test_client()
    unesco = factories.delegation(slug="unesco")
    lead = factories.user()
    factories.membership(lead, unesco)
    login(lead, on=browser)

    form = browser.get("/de/manage/unesco/news/new").get_data(as_text=True)
    assert re.search(r"<input[^>]*\blang=\"de\"[^>]*name=\"de-title\"", form)
    assert 'name="de-title"' in form
    assert "<legend>Deutsch</legend>" in form
    roles = browser.get("/en/manage/unesco/roles/new").get_data(as_text=True)
    assert 'name="de-title"' in roles
    assert 'name="questions-0-de-prompt"' in roles

    token = csrf_token(browser, "/de/manage/unesco/news/new")
    response = browser.post(
        "/de/manage/unesco/news/new",
        data={
            "csrf_token": token,
            "de-title": "Mütter bei der UNESCO",
            "de-body": "Ein Bericht.",
            "action": "publish",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    post = db.session.scalars(db.select(NewsPost)).one()
    assert post.translated_locales == ["de"]

    page = browser.get(f"/de/news/{post.slug}/").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "<h1>Mütter bei der UNESCO</h1>" in page
    english = browser.get(f"/en/news/{post.slug}/").get_data(as_text=True)
    assert "This article is only available in German." in english
    assert 'hreflang="de"' in english


def test_the_two_language_portal_does_not_know_german(client):
    assert client.get("/de/").status_code == 404
