"""The page cache of public pages (core/cache.py) and the content version that keys it
(core/content_version.py): what is kept, for whom, and when a change shows."""

import re
import uuid

import pytest
from sqlalchemy import select, update

from portal import create_app
from portal.core.models import ContentVersion
from portal.extensions import db
from portal.news.models import NewsPost
from portal.openings.models import Opening
from tests import factories
from tests.conftest import IsolatedClient, page_text, submit
from tests.live import Browser, redis_up, served_portal

PUBLIC_PAGES = (
    "/en/",
    "/fr/",
    "/en/news/",
    "/en/news/?page=1&year=2026",
    "/en/news/first/",
    "/en/roles/",
    "/en/roles/translator/",
    "/en/delegations/unesco/",
    "/en/privacy",
)


@pytest.fixture
def cached_app(database_url, tmp_path):
    app = create_app(
        {
            "PORTAL_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path),
            "PUBLIC_CACHE_SECONDS": 600,  # long: only the content version can explain a change
            "BASE_URL": "http://portal.test",
        }
    )
    app.test_client_class = IsolatedClient
    return app


def _version() -> int:
    db.session.expire_all()
    return db.session.scalar(select(ContentVersion.version)) or 0


def _site():
    delegation = factories.delegation(slug="unesco", name="UNESCO")
    factories.post(delegation, slug="first", title="First")
    factories.opening(delegation, slug="translator", title="Translator")
    return delegation


def test_anonymous_pages_carry_their_content_hash_and_must_be_revalidated(cached_app):
    _site()
    client = cached_app.test_client()
    first = client.get("/en/")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, no-cache"
    etag = first.headers["ETag"]
    again = client.get("/en/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    feed = client.get("/en/news/feed.atom")
    assert feed.headers["ETag"]
    assert feed.mimetype == "application/atom+xml"
    assert "<!--part:" not in first.get_data(as_text=True)  # the marks never leave


def test_a_published_or_edited_post_is_on_the_very_next_request(cached_app):
    delegation = _site()
    reader = cached_app.test_client()
    before = reader.get("/en/news/")
    assert "Second [en]" not in before.get_data(as_text=True)
    assert reader.get("/en/news/").headers["ETag"] == before.headers["ETag"]  # kept
    version = _version()
    factories.post(delegation, title="Second")
    db.session.commit()
    assert _version() > version
    after = reader.get("/en/news/", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Second [en]" in after.get_data(as_text=True)
    post = db.session.scalars(select(NewsPost).where(NewsPost.slug == "first")).one()
    post.translations[0].title = "First, corrected"
    db.session.commit()
    assert "First, corrected" in reader.get("/en/news/first/").get_data(as_text=True)


def test_what_public_pages_do_not_show_leaves_the_version_alone(cached_app, login):
    _site()
    person = factories.user("reader@example.org")
    db.session.commit()
    version = _version()
    login(person, on=cached_app.test_client())  # the sign-in writes the account and a session
    person.locale = "fr"
    db.session.commit()
    assert _version() == version
    person.name = "A new name"  # shown on a delegation's page when listed
    db.session.commit()
    assert _version() == version + 1


def test_bulk_statements_on_public_content_raise_the_version_too(cached_app):
    _site()
    db.session.commit()
    version = _version()
    db.session.execute(update(Opening).values(places=3))
    db.session.commit()
    assert _version() == version + 1


def test_a_signed_in_person_gets_the_kept_page_with_their_own_menu(cached_app, login):
    delegation = _site()
    lead = factories.user("lead@example.org")
    factories.membership(lead, delegation)
    volunteer = factories.user("volunteer@example.org")
    opening = db.session.scalars(select(Opening)).one()
    factories.application(opening, volunteer, status="draft")
    anonymous = cached_app.test_client().get("/en/roles/translator/").get_data(as_text=True)
    assert "Apply for this role" in anonymous
    assert "You will be asked to sign in" in anonymous
    lead_browser, volunteer_browser = cached_app.test_client(), cached_app.test_client()
    login(lead, on=lead_browser)
    login(volunteer, on=volunteer_browser)
    for browser, own, others in (
        (lead_browser, "Lead workspace", "Continue your application"),
        (volunteer_browser, "Continue your application", "Lead workspace"),
    ):
        response = browser.get("/en/roles/translator/")
        page = response.get_data(as_text=True)
        assert own in page
        assert others not in page
        assert "Sign out" in page
        assert "You will be asked to sign in" not in page
        assert "ETag" not in response.headers
        assert response.headers["Cache-Control"] == "private, no-store"
    assert len(cached_app.extensions["page_cache"]._items) == 1  # one page kept for all
    # The sign-out form of the kept page carries each person's own token.
    for browser in (lead_browser, volunteer_browser):
        page = browser.get("/en/roles/translator/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        signed_out = browser.post("/en/account/logout", data={"csrf_token": token})
        assert signed_out.status_code == 302
        assert "Sign out" not in browser.get("/en/roles/translator/").get_data(as_text=True)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_page_kept_from_one_persons_visit_is_what_anyone_else_would_get(cached_app, login, path):
    """The class of leak the holes guard against: whoever renders a page first, the
    kept page filled for someone else is byte for byte the page that person would get
    from an empty cache."""
    delegation = _site()
    lead = factories.user("lead@example.org", name="Lena Lead")
    factories.membership(lead, delegation)
    volunteer = factories.user("volunteer@example.org", name="Vera Volunteer")
    db.session.commit()
    cache = cached_app.extensions["page_cache"]
    browsers = {"anonymous": cached_app.test_client()}
    for name, user in (("lead", lead), ("volunteer", volunteer)):
        browsers[name] = cached_app.test_client()
        login(user, on=browsers[name])
        browsers[name].get("/en/legal")  # the welcome message, shown once
    for first in browsers:
        for other in browsers:
            cache.clear()
            fresh = browsers[other].get(path)
            assert fresh.status_code == 200
            cache.clear()
            browsers[first].get(path)  # kept from `first`'s visit
            served = browsers[other].get(path)
            assert page_text(served) == page_text(fresh), (first, other)


def test_a_flashed_message_is_never_kept_for_the_next_reader(cached_app, login):
    _site()
    person = factories.user("reader@example.org")
    browser = cached_app.test_client()
    login(person, on=browser)
    signed_out = submit(browser, "/en/account/", {}, action="/en/account/logout")
    assert signed_out.status_code == 302
    home = browser.get("/en/").get_data(as_text=True)
    message = re.search(r'<div class="flash[^>]*>([^<]+)</div>', home).group(1)
    stranger = cached_app.test_client().get("/en/").get_data(as_text=True)
    assert message not in stranger
    assert 'class="flash' not in stranger


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_page_asked_under_another_script_root_is_never_served_to_plain_readers(cached_app, path):
    """A server that mounts a request elsewhere (a SCRIPT_NAME header, which gunicorn
    takes from trusted addresses by default) renders every link under that root: such
    a page is kept for that root only, never for readers of the plain path."""
    _site()
    moved = cached_app.test_client().get(path, environ_overrides={"SCRIPT_NAME": "//evil.test"})
    assert 'href="//evil.test/' in moved.get_data(as_text=True)
    for _ in range(2):  # rendered, then kept
        plain = cached_app.test_client().get(path).get_data(as_text=True)
        assert "evil.test" not in plain


def test_the_kept_account_menus_stay_bounded_whatever_the_script_root(
    cached_app, login, monkeypatch
):
    from portal.pages import menu  # noqa: PLC0415 - its module state is what is tested

    monkeypatch.setattr(menu, "_MAX_MENUS", 3)
    _site()
    browser = cached_app.test_client()
    login(factories.user("reader@example.org"), on=browser)
    for number in range(8):
        root = f"/m{number}"
        page = browser.get("/en/privacy", environ_overrides={"SCRIPT_NAME": root})
        assert f'action="{root}/en/account/logout"' in page.get_data(as_text=True)
        assert len(menu._MENUS) <= 3


def test_a_publish_on_one_app_server_is_on_the_next_request_of_another(database_url, tmp_path):
    """Two app servers (gunicorn, two workers each) on one database, each keeping pages
    for ten minutes: a lead publishes through one, and anonymous readers of both see the
    post at their next request, conditional or not."""
    delegation = factories.delegation(slug="unesco", name="UNESCO")
    factories.post(delegation, title="Older news")
    lead = factories.user("lead@example.org")
    factories.membership(lead, delegation)
    factories.enrol_totp(lead)
    db.session.commit()  # and no transaction of the test's stays open (SQLite's write lock)
    env = {"PORTAL_PUBLIC_CACHE_SECONDS": "600"}
    if redis_up():  # as in production: the limits (and the queue) shared in Redis
        env |= {
            "PORTAL_RATELIMIT_ENABLED": "1",
            "PORTAL_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
            "PORTAL_RATELIMIT_KEY_PREFIX": f"portal-test-{uuid.uuid4().hex}",
        }
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    with (
        served_portal(database_url, folders[0], workers=2, **env) as first,
        served_portal(database_url, folders[1], workers=2, **env) as second,
    ):
        readers = [Browser(first), Browser(second)]
        etags = {}
        for reader in readers:
            for _ in range(3):  # every worker has the page
                status, headers, body = reader.fetch("/en/news/")
                assert status == 200
                assert b"Fresh statement" not in body
            etags[reader.base] = headers["ETag"]
            assert reader.fetch("/en/news/", headers={"If-None-Match": headers["ETag"]})[0] == 304
        writer = Browser(first)
        writer.sign_in("lead@example.org")
        fields = {
            "en-dateline": "UNESCO, Paris",
            "en-title": "Fresh statement",
            "en-summary": "Just out.",
            "en-body": "Read it now.",
            "en-cover_alt": "",
            "action": "publish",
        }
        status, _, _ = writer.post_form("/en/manage/unesco/news/new", fields)
        assert status == 302
        for reader in readers:
            status, _, body = reader.fetch(
                "/en/news/", headers={"If-None-Match": etags[reader.base]}
            )
            assert status == 200
            assert b"Fresh statement" in body
            assert b"Fresh statement" in reader.fetch("/en/")[2]


def test_marks_in_what_people_write_or_ask_are_only_text(cached_app, login):
    """Only templates can mark a personal part: a mark typed into a post or a search is
    escaped (or stripped from Markdown), so nobody's menu is spliced into content."""
    delegation = factories.delegation(slug="unesco", name="UNESCO")
    mark = "<!--part:account-nav-->"
    factories.post(
        delegation,
        slug="marked",
        title=f"Title {mark} end",
        body=f"Before {mark} between <!--/part--> after",
    )
    person = factories.user("reader@example.org")
    browser = cached_app.test_client()
    login(person, on=browser)
    for _ in range(2):  # rendered, then filled from the kept page
        page = browser.get("/en/news/marked/").get_data(as_text=True)
        assert "Title &lt;!--part:account-nav--&gt; end" in page
        assert "between" in page
        assert page.count("Sign out") == 1
        search = browser.get("/en/news/?q=%3C!--part%3Aflashes--%3E").get_data(as_text=True)
        assert "&lt;!--part:flashes--&gt;" in search
        assert search.count("Sign out") == 1
