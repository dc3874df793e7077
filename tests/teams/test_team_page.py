"""The team page as a table with filters, each member's own edit page, invitations in
every state, and public listing as the member's own choice."""

import pytest

from portal.accounts.models import User
from portal.delegations.models import Membership
from portal.extensions import db
from portal.teams.models import Invitation
from tests import factories
from tests.conftest import link_in, submit

TEAM = "/en/manage/unesco/team/"


def _public(app):
    """The delegation's public page, as a stranger sees it."""
    return app.test_client().get("/en/delegations/unesco/").get_data(as_text=True)


@pytest.fixture
def team(login):
    delegation = factories.delegation(slug="unesco", name="UNESCO")
    lead = factories.user("lead@example.org", name="Lena Lead")
    factories.membership(lead, delegation)
    ana = factories.user("ana@example.org", name="Ana Lima")
    bob = factories.user("bob@example.org", name="Bob Stone")
    members = {
        "ana": factories.membership(ana, delegation, role="member", reviewer=True, public=True),
        "bob": factories.membership(bob, delegation, role="member", reviewer=False),
    }
    db.session.commit()
    login(lead)
    return {"delegation": delegation, "lead": lead, **members}


def _rows(client, query=""):
    page = client.get(f"{TEAM}?{query}").get_data(as_text=True)
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_the_team_is_a_table_filtered_by_role_reviewing_listing_and_name(client, team):
    everyone = _rows(client)
    assert everyone.index("Lena Lead") < everyone.index("Ana Lima") < everyone.index("Bob Stone")
    assert "bob@example.org" in everyone
    assert "Not listed: not answered yet" in everyone
    assert "Bob" not in _rows(client, "reviewer=yes")
    assert "Ana" not in _rows(client, "reviewer=no")
    assert "Ana" not in _rows(client, "role=lead")
    assert "Ana" in _rows(client, "listing=listed")
    assert "Bob" not in _rows(client, "listing=listed")
    assert "Bob" in _rows(client, "listing=not_asked")
    assert "Ana" not in _rows(client, "q=STONE")
    assert "Nobody matches these filters." in _rows(client, "q=zzz")


def test_the_page_costs_the_same_for_5_and_50_members(client, team, count_queries):
    def cost():
        with count_queries() as log:
            assert client.get(TEAM).status_code == 200
        return log.count

    small = cost()
    for _ in range(45):
        factories.membership(factories.user(), team["delegation"], role="member")
    db.session.commit()
    assert cost() == small


def test_a_member_edit_page_keeps_input_and_says_what_is_wrong(client, team):
    url = f"/en/manage/unesco/team/members/{team['bob'].id}"
    response = submit(
        client, url, {"en-text": "Delegate", "role": "member", "term_ends_on": "1999-01-01"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The term cannot end before the membership started." in page
    assert 'value="Delegate"' in page
    db.session.refresh(team["bob"])
    assert team["bob"].titles == {}


def test_a_lead_can_hide_a_listed_member_but_not_show_one_who_did_not_choose_it(app, client, team):
    assert "Ana Lima" in _public(app)
    ana_page = f"/en/manage/unesco/team/members/{team['ana'].id}"
    assert "Hide from the public delegation page" in client.get(ana_page).get_data(as_text=True)
    submit(client, ana_page, {"role": "member", "is_reviewer": "y", "hidden_by_lead": "y"})
    assert "Ana Lima" not in _public(app)

    bob_page = f"/en/manage/unesco/team/members/{team['bob'].id}"
    page = client.get(bob_page).get_data(as_text=True)
    assert "Hide from the public delegation page" not in page
    assert "Only Bob Stone can choose to appear on the public page" in page
    # Even a crafted POST cannot list someone: there is no field that does.
    submit(client, bob_page, {"role": "member", "hidden_by_lead": "", "listing_consent": "y"})
    db.session.refresh(team["bob"])
    assert team["bob"].listing_consent is None
    assert "Bob Stone" not in _public(app)


def test_the_member_chooses_from_their_account_and_only_for_themselves(app, team, login):
    bob = app.test_client()
    login(team["bob"].user, on=bob)
    page = bob.get("/fr/account/teams/").get_data(as_text=True)
    assert "Dites-nous si vous souhaitez être nommé·e" in page
    missing = submit(
        bob, "/fr/account/teams/", {}, action=f"/fr/account/teams/{team['bob'].id}/listing"
    )
    assert "Choisissez si vous souhaitez apparaître." in missing.get_data(as_text=True)
    submit(
        bob,
        "/fr/account/teams/",
        {f"m{team['bob'].id}-listed": "yes"},
        action=f"/fr/account/teams/{team['bob'].id}/listing",
    )
    assert "Bob Stone" in _public(app)
    submit(
        bob,
        "/fr/account/teams/",
        {f"m{team['bob'].id}-listed": "no"},
        action=f"/fr/account/teams/{team['bob'].id}/listing",
    )
    assert "Bob Stone" not in _public(app)
    # Ana's membership is not Bob's to change.
    response = submit(
        bob,
        "/fr/account/teams/",
        {f"m{team['ana'].id}-listed": "no"},
        action=f"/fr/account/teams/{team['ana'].id}/listing",
    )
    assert response.status_code == 404
    db.session.refresh(team["ana"])
    assert team["ana"].listing_consent is True


def test_invitations_can_be_cancelled_and_sent_again(app, client, team, outbox, login):
    invite = {"email": "new@example.org", "role": "member"}
    submit(client, TEAM, invite, action="/en/manage/unesco/team/invite")
    submit(client, TEAM, invite, action="/en/manage/unesco/team/invite")
    [invitation] = db.session.scalars(db.select(Invitation)).all()  # the same one again
    assert len(outbox(to="new@example.org")) == 2
    link = link_in(outbox(to="new@example.org")[0], "/invitations/")
    page = client.get(TEAM).get_data(as_text=True)
    assert "Pending" in page

    submit(client, TEAM, {}, action=f"/en/manage/unesco/team/invitations/{invitation.id}/cancel")
    assert "Cancelled" in client.get(TEAM).get_data(as_text=True)
    assert outbox(to="new@example.org") == []  # not yet sent: they do not go with a dead link
    invitee = app.test_client()
    login(factories.user("new@example.org"), on=invitee)
    assert invitee.get(link).status_code == 400

    submit(client, TEAM, {}, action=f"/en/manage/unesco/team/invitations/{invitation.id}/resend")
    assert len(outbox(to="new@example.org")) == 1
    assert invitee.get(link).status_code == 200  # open again
    submit(invitee, link, {"listed": "yes"})
    assert "Accepted" in client.get(TEAM).get_data(as_text=True)
    refused = submit(
        client,
        TEAM,
        {},
        action=f"/en/manage/unesco/team/invitations/{invitation.id}/resend",
        follow_redirects=True,
    )
    assert "This invitation was accepted" in refused.get_data(as_text=True)
    joined = db.session.scalars(
        db.select(Membership).join(Membership.user).where(User.email == "new@example.org")
    ).one()
    assert joined.is_listed


def test_another_delegations_invitation_is_a_404(client, team):
    other = factories.delegation(slug="eu")
    foreign = Invitation(
        delegation_id=other.id, email="x@example.org", expires_at=team["lead"].created_at
    )
    db.session.add(foreign)
    db.session.commit()
    response = submit(
        client, TEAM, {}, action=f"/en/manage/unesco/team/invitations/{foreign.id}/cancel"
    )
    assert response.status_code == 404
