"""What cannot be undone asks first, naming whom it concerns and what will happen; a
POST without the confirmation changes nothing, whatever sent it."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.delegations.models import Membership
from portal.extensions import db
from portal.news.models import NewsPost
from tests import factories
from tests.conftest import submit


def _asked(response, *words):
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="confirmed" value="1"' in page
    assert "button--danger" in page
    for word in words:
        assert word in page, word
    return page


def test_a_lead_confirms_before_ending_a_membership_or_deleting_a_draft(client, login):
    unesco = factories.delegation(slug="unesco")
    lead = factories.user()
    factories.membership(lead, unesco)
    member = factories.membership(factories.user(name="Awa Member"), unesco, role="member")
    draft = factories.post(unesco, status="draft", title="Secret plan")
    db.session.commit()
    login(lead)
    end = f"/en/manage/unesco/team/members/{member.id}/end"
    _asked(submit(client, "/en/manage/unesco/team/", {}, action=end), "Awa Member", "history")
    db.session.refresh(member)
    assert member.ended_on is None
    delete = f"/en/manage/unesco/news/{draft.id}/delete"
    _asked(
        submit(client, f"/en/manage/unesco/news/{draft.id}/edit", {}, action=delete),
        "Secret plan [en]",
        "cannot be undone",
    )
    assert db.session.get(NewsPost, draft.id) is not None


def test_an_admin_confirms_before_removing_a_lead_deactivating_or_erasing(client, login):
    unesco = factories.delegation(slug="unesco")
    person = factories.user("grace@example.org", name="Grace Hopper")
    membership = factories.membership(person, unesco)
    factories.membership(factories.user(), unesco)
    db.session.commit()
    login(factories.user(admin=True))
    page = f"/en/admin/users/{person.id}"
    _asked(
        submit(client, page, {}, action=f"{page}/memberships/{membership.id}/end"),
        "Grace Hopper",
        "workspace",
    )
    _asked(
        submit(client, page, {"active": "0"}, action=f"{page}/active"),
        "grace@example.org",
        "signed out everywhere",
    )
    erase = _asked(
        submit(client, page, {"reason": "Asked by e-mail"}, action=f"{page}/erase"),
        "Grace Hopper",
        "cannot be undone",
    )
    assert 'name="reason" value="Asked by e-mail"' in erase  # the reason goes along
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).ended_on is None
    still = db.session.scalars(select(User).where(User.email == "grace@example.org")).one()
    assert still.is_active_account
