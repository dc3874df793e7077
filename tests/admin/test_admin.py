from sqlalchemy import select

from portal.core.models import OutboxEmail
from portal.delegations.models import Delegation, Membership
from portal.extensions import db
from tests import factories
from tests.conftest import submit

EN = {
    "en-name": "Council of Europe",
    "en-heading": "MMM at the Council of Europe",
    "en-summary": "Strasbourg.",
    "en-news_heading": "News",
    "en-news_intro": "",
    "en-description": "**Hello**",
}
FR = {
    "fr-name": "Conseil de l'Europe",
    "fr-heading": "MMM auprès du Conseil de l'Europe",
    "fr-summary": "Strasbourg.",
    "fr-news_heading": "",
    "fr-news_intro": "",
    "fr-description": "",
}


def _admin(client, login):
    login(factories.user(admin=True))


def test_admin_creates_a_bilingual_delegation_that_appears_on_the_site(client, login):
    _admin(client, login)
    response = submit(
        client,
        "/en/admin/delegations/new",
        {
            "slug": "council-of-europe",
            "sort_order": "4",
            "timezone": "Europe/Paris",
            "is_active": "y",
            **EN,
            **FR,
        },
    )
    assert response.status_code == 302
    delegation = db.session.scalars(select(Delegation)).one()
    assert delegation.translated_locales == ["en", "fr"]
    home = client.get("/fr/").get_data(as_text=True)
    assert "MMM auprès du Conseil de l&#39;Europe" in home


def test_admin_delegation_form_refuses_bad_input_and_keeps_it(client, login):
    _admin(client, login)
    page = submit(
        client,
        "/fr/admin/delegations/new",
        {
            "slug": "Bad Slug!",
            "sort_order": "1",
            "timezone": "Europe/Paris",
            "fr-name": "Nom",
            "contact_email": "unesco at mmm",
        },
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="Bad Slug!"' in text
    assert 'value="unesco at mmm"' in text
    assert "Saisissez une adresse e-mail" in text
    assert 'value="Nom"' in text
    assert "Utilisez des lettres minuscules, des chiffres et des tirets" in text
    assert "Ce champ est obligatoire." in text  # the French heading is missing
    assert db.session.scalars(select(Delegation)).first() is None


def test_admin_edits_a_delegation_and_can_remove_a_language(client, login):
    delegation = factories.delegation(slug="eu", name="EU")
    _admin(client, login)
    form = client.get(f"/en/admin/delegations/{delegation.id}/edit").get_data(as_text=True)
    assert 'value="EU [fr]"' in form
    data = {
        "slug": "eu",
        "sort_order": "2",
        "timezone": "Europe/Brussels",
        "is_active": "y",
        **EN,
        **{k: "" for k in FR},
    }
    assert submit(client, f"/en/admin/delegations/{delegation.id}/edit", data).status_code == 302
    db.session.refresh(delegation)
    assert delegation.translated_locales == ["en"]
    assert delegation.timezone == "Europe/Brussels"


def test_admin_slug_must_be_unique(client, login):
    factories.delegation(slug="eu")
    _admin(client, login)
    page = submit(
        client,
        "/en/admin/delegations/new",
        {"slug": "eu", "sort_order": "0", "timezone": "Europe/Paris", **EN},
    )
    assert "Another delegation already uses this address name." in page.get_data(as_text=True)


def test_admin_searches_people(client, login):
    factories.user("ada@example.org", name="Ada Lovelace")
    factories.user("grace@example.org", name="Grace Hopper")
    _admin(client, login)
    page = client.get("/en/admin/users/?q=hopper").get_data(as_text=True)
    assert "Grace Hopper" in page
    assert "Ada Lovelace" not in page
    page = client.get("/en/admin/users/?q=ADA@").get_data(as_text=True)
    assert "Ada Lovelace" in page
    assert "Grace Hopper" not in page


def test_admin_appoints_a_lead_who_is_told_and_can_be_removed(client, login, outbox):
    unesco = factories.delegation(slug="unesco", name="UNESCO")
    person = factories.user(locale="fr")
    _admin(client, login)
    response = submit(
        client,
        f"/en/admin/users/{person.id}",
        {
            "delegation_id": str(unesco.id),
            "en-text": "Head of the UNESCO team",
            "fr-text": "Cheffe de l'équipe UNESCO",
        },
        action=f"/en/admin/users/{person.id}/leads",
    )
    assert response.status_code == 302
    membership = db.session.scalars(select(Membership)).one()
    assert (membership.role, membership.titles["en"], membership.is_reviewer) == (
        "lead",
        "Head of the UNESCO team",
        True,
    )
    [mail] = outbox(to=person.email)
    assert mail.subject == "Vous êtes désormais responsable de la délégation UNESCO [fr]"
    again = submit(
        client,
        f"/en/admin/users/{person.id}",
        {"delegation_id": str(unesco.id)},
        action=f"/en/admin/users/{person.id}/leads",
    )
    assert "This person already leads this delegation." in again.get_data(as_text=True)
    factories.membership(factories.user(), unesco)  # the delegation keeps a lead
    submit(
        client,
        f"/en/admin/users/{person.id}",
        {"confirmed": "1"},
        action=f"/en/admin/users/{person.id}/memberships/{membership.id}/end",
    )
    db.session.refresh(membership)
    assert membership.ended_on is None  # still in the team
    assert membership.role == "member"
    assert not membership.reviews
    page = client.get(f"/en/admin/users/{person.id}").get_data(as_text=True)
    assert "Head of the UNESCO team" in page


def test_admin_sees_the_outbox_and_retries_a_failed_message(client, login):

    failed = OutboxEmail(
        kind="x",
        to_address="a@example.org",
        locale="en",
        subject="Hello there",
        body_text="t",
        body_html="h",
        status="failed",
        attempts=8,
        last_error="SMTPServerDisconnected: gone",
    )
    db.session.add(failed)
    _admin(client, login)
    listing = client.get("/en/admin/outbox/?status=failed").get_data(as_text=True)
    assert "Hello there" in listing
    detail = client.get(f"/en/admin/outbox/{failed.id}").get_data(as_text=True)
    assert "SMTPServerDisconnected: gone" in detail
    submit(
        client, f"/en/admin/outbox/{failed.id}", {}, action=f"/en/admin/outbox/{failed.id}/retry"
    )
    db.session.refresh(failed)
    assert failed.status == "pending"
    assert failed.attempts == 0


def test_admin_cannot_deactivate_themselves(client, login):
    admin = factories.user(admin=True)
    login(admin)
    page = submit(
        client,
        f"/en/admin/users/{admin.id}",
        {"active": "0"},
        action=f"/en/admin/users/{admin.id}/active",
        follow_redirects=True,
    )
    assert "You cannot deactivate your own account." in page.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.is_active_account


def test_person_page_has_a_plain_title_and_one_erase_form(client, login):
    """Regression: the erase form once leaked into the <title> block."""
    person = factories.user(name="Grace Hopper")
    _admin(client, login)
    page = client.get(f"/en/admin/users/{person.id}").get_data(as_text=True)
    title = page.split("<title>")[1].split("</title>")[0]
    assert title == "Grace Hopper · Make Mothers Matter"
    assert page.count('id="erase-heading"') == 1
