import contextlib
import threading

import pytest
from sqlalchemy import select

from portal.core.domain import DomainError
from portal.delegations.models import Membership
from portal.delegations.queries import lead_count
from portal.extensions import db
from portal.teams import services as team_services
from tests import factories
from tests.conftest import csrf_token, link_in, submit

TEAM = "/en/manage/unesco/team/"


def _setup(login):
    delegation = factories.delegation(slug="unesco")
    lead = factories.user("lead@example.org")
    membership = factories.membership(lead, delegation)
    login(lead)
    return delegation, lead, membership


def test_the_last_lead_cannot_leave_or_become_a_member(client, login):
    _, _, membership = _setup(login)
    page = submit(
        client,
        TEAM,
        {"confirmed": "1"},
        action=f"/en/manage/unesco/team/members/{membership.id}/end",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "A delegation must keep at least one lead" in page
    url = f"/en/manage/unesco/team/members/{membership.id}"
    response = submit(client, url, {"en-text": "x", "role": "member"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="role-error"' in page
    assert "A delegation must keep at least one lead" in page
    assert 'value="x"' in page  # what was typed stays
    db.session.refresh(membership)
    assert membership.ended_on is None
    assert membership.role == "lead"


def test_with_a_second_lead_one_can_leave_and_stays_in_history(client, login):
    delegation, _, _ = _setup(login)
    other = factories.membership(factories.user(name="Second Lead"), delegation)
    submit(
        client, TEAM, {"confirmed": "1"}, action=f"/en/manage/unesco/team/members/{other.id}/end"
    )
    db.session.refresh(other)
    assert other.ended_on is not None
    page = client.get(TEAM).get_data(as_text=True)
    assert "Past members" in page
    assert "Second Lead" in page


def test_members_get_titles_and_review_rights(client, login):
    delegation, _, _ = _setup(login)
    member = factories.membership(factories.user(), delegation, role="member", reviewer=False)
    submit(
        client,
        f"/en/manage/unesco/team/members/{member.id}",
        {
            "en-text": "Representative at UNESCO",
            "fr-text": "Représentante à l'UNESCO",
            "role": "member",
            "is_reviewer": "y",
            "term_ends_on": "2027-06-30",
            "hidden_by_lead": "",
        },
    )
    db.session.refresh(member)
    assert member.titles == {
        "en": "Representative at UNESCO",
        "fr": "Représentante à l'UNESCO",
    }
    assert member.is_reviewer
    assert member.term_ends_on.isoformat() == "2027-06-30"
    assert member.listing_consent is None
    assert not member.is_listed


def test_an_invitation_is_mailed_and_joins_the_invitee_once(app, client, login, outbox, clock):
    _setup(login)
    submit(
        client,
        TEAM,
        {"email": "New.Person@example.org", "role": "member", "en-text": "Volunteer"},
        action="/en/manage/unesco/team/invite",
    )
    [mail] = outbox(to="new.person@example.org")
    assert mail.subject.startswith("Invitation to join the Delegation ")
    assert mail.subject.endswith(" [en] team")
    link = link_in(mail, "/invitations/")
    invitee = factories.user("new.person@example.org", name="New Person")
    browser = app.test_client()
    assert browser.get(link).headers["Location"].startswith("/en/account/login?next=")
    login(invitee, on=browser)
    assert "Join the team" in browser.get(link).get_data(as_text=True)
    unanswered = submit(browser, link, {})
    assert "Choose whether to be shown." in unanswered.get_data(as_text=True)
    submit(browser, link, {"listed": "no"})
    membership = db.session.scalars(
        select(Membership).where(Membership.user_id == invitee.id)
    ).one()
    assert (membership.role, membership.titles) == ("member", {"en": "Volunteer"})
    assert membership.listing_consent is False
    assert browser.get(link).status_code == 400  # used


def test_an_invitation_expires(app, client, login, outbox, clock):
    _setup(login)
    submit(
        client,
        TEAM,
        {"email": "late@example.org", "role": "member"},
        action="/en/manage/unesco/team/invite",
    )
    link = link_in(outbox(to="late@example.org")[0], "/invitations/")
    clock.advance(days=15)
    browser = app.test_client()
    login(factories.user("late@example.org"), on=browser)
    assert browser.get(link).status_code == 400


def test_other_delegations_leads_cannot_touch_the_team(app, client, login):
    _, _, membership = _setup(login)
    outsider = factories.user()
    factories.membership(outsider, factories.delegation(slug="eu"))
    browser = app.test_client()
    login(outsider, on=browser)
    assert browser.get(TEAM).status_code == 404
    response = submit(
        browser, "/en/manage/eu/team/", {}, action=f"/en/manage/eu/team/members/{membership.id}/end"
    )
    assert response.status_code == 404
    response = submit(
        browser,
        "/en/manage/eu/team/",
        {},
        action=f"/en/manage/unesco/team/members/{membership.id}/end",
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("another address", "This invitation was sent to invited@example.org."),
        ("unconfirmed", "Confirm your e-mail address first"),
    ],
)
def test_only_the_invited_confirmed_address_can_accept(app, client, login, outbox, who, message):
    _setup(login)
    submit(
        client,
        TEAM,
        {"email": "invited@example.org", "role": "lead"},
        action="/en/manage/unesco/team/invite",
    )
    link = link_in(outbox(to="invited@example.org")[0], "/invitations/")
    holder = (
        factories.user("someone.else@example.org")
        if who == "another address"
        else factories.user("invited@example.org", confirmed=False)
    )
    browser = app.test_client()
    login(holder, on=browser)
    page = browser.get(link).get_data(as_text=True)
    assert message in page
    assert "Join the team</button>" not in page
    token = csrf_token(browser, "/en/account/")
    assert browser.post(link, data={"csrf_token": token}).status_code == 403
    assert db.session.scalars(select(Membership).where(Membership.user_id == holder.id)).all() == []


def test_two_leads_demoting_each_other_at_once_leave_one_lead(app, monkeypatch):
    """Both transactions are made to count the leads before either writes (if the rule
    let them): the delegation's lock makes the second count after the first commit."""
    delegation = factories.delegation(slug="unesco")
    first, second = factories.user(), factories.user()
    memberships = [factories.membership(p, delegation).id for p in (first, second)]
    delegation_id = delegation.id
    db.session.commit()
    counted = threading.Barrier(2)
    real_count = team_services.lead_count

    def count_then_wait(delegation_id):
        number = real_count(delegation_id)
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait(timeout=0.5)  # the other one counts too, if it is not locked out
        return number

    monkeypatch.setattr(team_services, "lead_count", count_then_wait)
    outcomes = []

    def demote(membership_id):
        with app.app_context():
            membership = db.session.get(Membership, membership_id)
            try:
                team_services.update_member(
                    membership, titles={}, role="member", is_reviewer=True, hidden_by_lead=False
                )
                db.session.commit()
                outcomes.append("demoted")
            except DomainError:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=demote, args=(m,)) for m in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["demoted", "refused"]
    db.session.expire_all()
    assert lead_count(delegation_id) == 1


def test_an_admin_cannot_remove_a_delegations_last_lead(client, login):
    delegation = factories.delegation(slug="unesco")
    lead = factories.user(name="Only Lead")
    membership = factories.membership(lead, delegation)
    login(factories.user(admin=True))
    response = submit(
        client,
        f"/en/admin/users/{lead.id}",
        {"confirmed": "1"},
        action=f"/en/admin/users/{lead.id}/memberships/{membership.id}/end",
        follow_redirects=True,
    )
    assert "A delegation must keep at least one lead" in response.get_data(as_text=True)
    db.session.refresh(membership)
    assert membership.ended_on is None


def test_the_admin_page_says_who_is_a_last_lead_before_anyone_tries(client, login):
    delegation = factories.delegation(slug="unesco")
    only = factories.user(name="Only Lead")
    factories.membership(only, delegation)
    login(factories.user(admin=True))
    page = client.get(f"/en/admin/users/{only.id}").get_data(as_text=True)
    assert "only lead: appoint another lead" in page
    assert "Remove the lead role" not in page
    second = factories.user(name="Second Lead")
    factories.membership(second, delegation)
    db.session.commit()
    page = client.get(f"/en/admin/users/{only.id}").get_data(as_text=True)
    assert 'class="button button--small button--danger">Remove the lead role…' in page
