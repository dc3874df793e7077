"""Who holds which right in a delegation: one rule, asked in Python and in SQL alike."""

from __future__ import annotations

from portal.delegations.queries import current_leads, lead_count, reviewers
from portal.delegations.rules import can_manage_delegation, can_review_in, can_use_workspace
from tests import factories


def test_the_reviewers_query_and_the_review_right_agree(app):
    delegation = factories.delegation()
    other = factories.delegation()
    lead = factories.user(name="A Lead")
    reviewer = factories.user(name="B Reviewer")
    member = factories.user(name="C Member")
    former = factories.user(name="D Former")
    elsewhere = factories.user(name="E Elsewhere")
    inactive = factories.user(name="F Inactive", active=False)
    factories.membership(lead, delegation, role="lead", reviewer=False)  # leads always review
    factories.membership(reviewer, delegation, role="member", reviewer=True)
    factories.membership(member, delegation, role="member", reviewer=False)
    factories.membership(former, delegation, role="lead").ended_on = lead.created_at.date()
    factories.membership(elsewhere, other, role="lead")
    factories.membership(inactive, delegation, role="member", reviewer=True)
    people = [lead, reviewer, member, former, elsewhere]

    with app.test_request_context():
        may_review = [p.name for p in people if can_review_in(p, delegation.id)]
        assert may_review == ["A Lead", "B Reviewer"]
        assert [u.name for u in reviewers(delegation.id)] == may_review
        assert [u.name for u in current_leads(delegation.id)] == ["A Lead"]
        assert lead_count(delegation.id) == 1
        assert [p.name for p in people if can_manage_delegation(p, delegation.id)] == ["A Lead"]
        assert [p.name for p in people if can_use_workspace(p)] == [
            "A Lead",
            "B Reviewer",
            "E Elsewhere",
        ]


def test_set_role_makes_leads_reviewers_and_keeps_a_members_right(app):
    delegation = factories.delegation()
    membership = factories.membership(factories.user(), delegation, role="member", reviewer=False)
    membership.set_role("lead")
    assert (membership.role, membership.is_reviewer, membership.reviews) == ("lead", True, True)
    membership.set_role("member", reviewer=False)
    assert (membership.role, membership.is_reviewer, membership.reviews) == ("member", False, False)
    membership.set_role("member", reviewer=True)
    membership.set_role("member")
    assert membership.reviews is True
