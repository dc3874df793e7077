import pytest

from portal import create_app


@pytest.fixture
def failing_app(database_url, tmp_path):
    app = create_app(
        {
            "PORTAL_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "x",
            "INSTANCE_PATH": str(tmp_path),
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    def explode():
        raise RuntimeError("secret internals: /srv/portal/config.py line 12")

    app.add_url_rule("/<lang:lang_code>/explode", "explode", explode)
    return app


def test_server_error_is_a_translated_page_without_a_trace(failing_app):
    response = failing_app.test_client().get("/fr/explode")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Un problème est survenu" in text
    assert "secret internals" not in text
    assert "Traceback" not in text


def test_method_not_allowed_is_translated(client):
    response = client.post("/en/news/feed.atom")
    assert response.status_code in (400, 405)
    assert "Traceback" not in response.get_data(as_text=True)
