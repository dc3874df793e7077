import io
import xml.etree.ElementTree as ET
from datetime import datetime

from PIL import Image
from sqlalchemy import select

from portal.core.models import Document
from portal.extensions import db
from portal.news.models import NewsPost
from tests import factories
from tests.conftest import submit

NEWS = "/en/manage/unesco/news"
ATOM = "{http://www.w3.org/2005/Atom}"
POST = {
    "en-dateline": "UNESCO, Paris",
    "fr-dateline": "UNESCO, Paris",
    "en-title": "Education for peace",
    "en-summary": "Our statement.",
    "en-body": "## Why\n\nBecause **mothers** teach.",
    "en-cover_alt": "",
    "fr-title": "L'éducation pour la paix",
    "fr-summary": "Notre déclaration.",
    "fr-body": "Parce que les *mères* enseignent.",
    "fr-cover_alt": "",
}


def _image(fmt="JPEG", size=(2400, 1600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (156, 31, 79)).save(buffer, format=fmt)
    return buffer.getvalue()


def _lead(login):
    delegation = factories.delegation(slug="unesco", name="UNESCO")
    lead = factories.user("lead@example.org", name="Lena Lead")
    factories.membership(lead, delegation)
    login(lead)
    return delegation


def _post():
    return db.session.scalars(select(NewsPost)).one()


def _visible_everywhere(client, title):
    feed = ET.fromstring(client.get("/en/news/feed.atom").data)
    delegation_feed = ET.fromstring(client.get("/en/delegations/unesco/feed.atom").data)
    return {
        "home": title in client.get("/en/").get_data(as_text=True),
        "delegation": title in client.get("/en/delegations/unesco/").get_data(as_text=True),
        "news": title in client.get("/en/news/").get_data(as_text=True),
        "feed": any(e.find(f"{ATOM}title").text == title for e in feed.iter(f"{ATOM}entry")),
        "delegation feed": any(
            e.find(f"{ATOM}title").text == title for e in delegation_feed.iter(f"{ATOM}entry")
        ),
    }


def test_write_preview_schedule_and_the_post_appears_by_itself(client, login, clock):
    clock.set(datetime(2027, 5, 10, 8, 0))  # 10:00 in Paris
    _lead(login)
    response = submit(client, f"{NEWS}/new", {**POST, "action": "save"})
    assert response.status_code == 302
    post = _post()
    assert post.status == "draft"
    assert post.slug == "education-for-peace"
    assert client.get("/en/news/education-for-peace/").status_code == 404
    for locale, text in (
        ("en", "Because <strong>mothers</strong> teach."),
        ("fr", "Parce que les <em>mères</em> enseignent."),
    ):
        preview = client.get(f"{NEWS}/{post.id}/preview/{locale}").get_data(as_text=True)
        assert text in preview
        assert "Preview" in preview or "Aperçu" in preview
    # Schedule one minute ahead, in the delegation's time zone.
    edit = f"{NEWS}/{post.id}/edit"
    submit(client, edit, {**POST, "action": "schedule", "publish_at": "2027-05-10T10:01"})
    post = _post()
    assert post.display_status == "scheduled"
    assert post.published_at == datetime(2027, 5, 10, 8, 1)
    assert not any(_visible_everywhere(client, "Education for peace").values())
    clock.advance(minutes=1)
    assert all(_visible_everywhere(client, "Education for peace").values())
    page = client.get("/fr/news/education-for-peace/").get_data(as_text=True)
    assert "L&#39;éducation pour la paix" in page
    assert "10\u00a0mai\u00a02027" in page


def test_publish_now_unpublish_and_delete(client, login):
    _lead(login)
    submit(client, f"{NEWS}/new", {**POST, "action": "publish"})
    post = _post()
    public = client.get(f"/en/news/{post.slug}/")
    assert public.status_code == 200
    assert f"<h1>{post.localized('en').title}</h1>" in public.get_data(as_text=True)
    submit(client, f"{NEWS}/{post.id}/edit", {**POST, "action": "unpublish"})
    assert client.get(f"/en/news/{post.slug}/").status_code == 404
    assert _post().status == "draft"
    submit(client, f"{NEWS}/{post.id}/edit", {"confirmed": "1"}, action=f"{NEWS}/{post.id}/delete")
    assert db.session.scalars(select(NewsPost)).first() is None


def test_a_published_post_cannot_be_deleted_before_unpublishing(client, login):
    _lead(login)
    submit(client, f"{NEWS}/new", {**POST, "action": "publish"})
    post = _post()
    page = submit(
        client,
        f"{NEWS}/{post.id}/edit",
        {"confirmed": "1"},
        action=f"{NEWS}/{post.id}/delete",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Unpublish the post before deleting it." in page
    assert _post() is not None


def test_slug_is_stable_after_publication_and_edits_show_updated_on(client, login, clock):
    clock.set(datetime(2027, 5, 10, 8, 0))
    _lead(login)
    submit(client, f"{NEWS}/new", {**POST, "en-title": "First title", "action": "save"})
    post = _post()
    submit(client, f"{NEWS}/{post.id}/edit", {**POST, "en-title": "Better title", "action": "save"})
    assert _post().slug == "better-title"  # a draft follows its title
    submit(
        client, f"{NEWS}/{post.id}/edit", {**POST, "en-title": "Better title", "action": "publish"}
    )
    clock.advance(days=2)
    submit(client, f"{NEWS}/{post.id}/edit", {**POST, "en-title": "Best title", "action": "save"})
    post = _post()
    assert post.slug == "better-title"
    assert post.content_updated_at == datetime(2027, 5, 12, 8, 0)
    page = client.get("/en/news/better-title/").get_data(as_text=True)
    assert "Best title" in page
    assert "Updated on 12\u00a0May\u00a02027" in page


def test_missing_translation_is_flagged_and_readers_get_the_fallback(client, login):
    _lead(login)
    data = {**POST, "fr-title": "", "fr-summary": "", "fr-body": ""}
    submit(client, f"{NEWS}/new", {**data, "action": "publish"})
    listing = client.get(f"{NEWS}/").get_data(as_text=True)
    assert "French missing" in listing
    page = client.get(f"/fr/news/{_post().slug}/").get_data(as_text=True)
    assert "Cet article n'est disponible qu'en anglais." in page


def test_an_empty_summary_gives_a_clean_excerpt(client, login):
    _lead(login)
    body = "**Mothers** carry most of the unpaid care work. " * 12
    submit(client, f"{NEWS}/new", {**POST, "en-summary": "", "en-body": body, "action": "publish"})
    home = client.get("/en/").get_data(as_text=True)
    teaser = home.split("Education for peace")[1].split("Read more")[0]
    assert "Mothers carry most of the unpaid care work." in teaser
    assert "**" not in teaser
    assert "<strong>" not in teaser
    assert "…" in teaser


def test_cover_image_is_reencoded_resized_and_served_with_long_cache(client, login):
    _lead(login)
    data = {
        **POST,
        "en-cover_alt": "Delegates at UNESCO",
        "fr-cover_alt": "Délégués à l'UNESCO",
        "cover": (io.BytesIO(_image()), "photo.jpg"),
        "action": "publish",
    }
    assert (
        submit(client, f"{NEWS}/new", data, content_type="multipart/form-data").status_code == 302
    )
    post = _post()
    large, small = post.cover_large, post.cover_small
    assert (large.content_type, small.content_type) == ("image/webp", "image/webp")
    for document, width in ((large, 1200), (small, 600)):
        response = client.get(f"/media/{document.id}/{document.sha256}.webp")
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert Image.open(io.BytesIO(response.data)).size == (width, width * 2 // 3)
    page = client.get(f"/en/news/{post.slug}/").get_data(as_text=True)
    assert 'alt="Delegates at UNESCO"' in page


def test_cover_needs_alt_text_and_a_real_image(client, login):
    _lead(login)
    no_alt = {**POST, "cover": (io.BytesIO(_image()), "photo.jpg"), "action": "save"}
    page = submit(client, f"{NEWS}/new", no_alt, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert "Describe the cover image for readers who cannot see it" in page
    fake = {
        **POST,
        "en-cover_alt": "x",
        "fr-cover_alt": "x",
        "cover": (io.BytesIO(b"<svg onload=alert(1)>"), "photo.jpg"),
        "action": "save",
    }
    page = submit(client, f"{NEWS}/new", fake, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert "This file is not a real JPEG, PNG or WebP image." in page
    big = {
        **POST,
        "en-cover_alt": "x",
        "fr-cover_alt": "x",
        "cover": (io.BytesIO(b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10)), "photo.jpg"),
        "action": "save",
    }
    page = submit(client, f"{NEWS}/new", big, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert "The image is larger than 5 MB." in page
    gif = {
        **POST,
        "en-cover_alt": "x",
        "fr-cover_alt": "x",
        "cover": (io.BytesIO(_image("GIF", (10, 10))), "photo.gif"),
        "action": "save",
    }
    page = submit(client, f"{NEWS}/new", gif, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert "Send a JPEG, PNG or WebP image." in page
    assert db.session.scalars(select(NewsPost)).first() is None
    assert db.session.scalars(select(Document)).first() is None


def test_inline_images_are_uploaded_and_only_own_images_survive_in_text(client, login):
    _lead(login)
    submit(client, f"{NEWS}/new", {**POST, "action": "save"})
    post = _post()
    page = submit(
        client,
        f"{NEWS}/{post.id}/edit",
        {"image": (io.BytesIO(_image("PNG", (800, 400))), "map.png")},
        action=f"{NEWS}/{post.id}/images",
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    document = db.session.scalars(
        select(Document).where(Document.original_name == "map-large.webp")
    ).one()
    own = f"/media/{document.id}/{document.sha256}.webp"
    assert own in page
    body = f"![Map]({own})\n\n![Tracker](https://evil.example/pixel.png)"
    submit(client, f"{NEWS}/{post.id}/edit", {**POST, "en-body": body, "action": "publish"})
    public = client.get(f"/en/news/{post.slug}/").get_data(as_text=True)
    assert f'<img src="{own}" alt="Map">' in public
    assert "evil.example" not in public


def test_cvs_are_never_served_as_media(client):
    delegation = factories.delegation()
    application = factories.application(factories.opening(delegation), factories.user())
    cv = application.cv
    assert client.get(f"/media/{cv.id}/{cv.sha256}.webp").status_code == 404


def test_leads_edit_only_their_delegations_posts_admins_all(app, client, login):
    unesco = factories.delegation(slug="unesco")
    post = factories.post(unesco, slug="unesco-post", status="draft")
    outsider = factories.user()
    factories.membership(outsider, factories.delegation(slug="eu"))
    login(outsider)
    assert client.get(f"{NEWS}/{post.id}/edit").status_code == 404
    assert client.get(f"/en/manage/eu/news/{post.id}/edit").status_code == 404
    assert client.get(f"/en/manage/eu/news/{post.id}/preview/en").status_code == 404
    admin = app.test_client()
    login(factories.user(admin=True), on=admin)
    as_admin = admin.get(f"{NEWS}/{post.id}/edit")
    assert as_admin.status_code == 200
    assert "Edit the post" in as_admin.get_data(as_text=True)


def test_news_workspace_list_query_count_does_not_grow(client, login, count_queries):
    delegation = _lead(login)
    for _ in range(3):
        factories.post(delegation)
    client.get(f"{NEWS}/")
    with count_queries() as small:
        client.get(f"{NEWS}/")
    for _ in range(30):
        factories.post(delegation)
    with count_queries() as large:
        client.get(f"{NEWS}/")
    assert small.count == large.count, large.statements
