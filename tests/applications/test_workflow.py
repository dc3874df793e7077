"""The status machine: every allowed and every forbidden transition."""

import itertools

import pytest

from portal.applications.enums import ApplicationStatus as S
from portal.applications.workflow import ALLOWED, transition
from portal.core.domain import DomainError
from tests import factories

EXPECTED = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.IN_REVIEW, S.INTERVIEW, S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN},
    S.IN_REVIEW: {S.INTERVIEW, S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN},
    S.INTERVIEW: {S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN},
    S.WAITLISTED: {S.ACCEPTED, S.DECLINED, S.WITHDRAWN},
    S.ACCEPTED: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: {S.DRAFT},  # applying again while the role is open
}


def test_the_machine_is_exactly_the_pipeline():
    assert {k: set(v) for k, v in ALLOWED.items()} == EXPECTED


@pytest.mark.parametrize(("source", "target"), list(itertools.product(S, S)))
def test_every_transition_is_allowed_or_refused(source, target):
    delegation = factories.delegation()
    application = factories.application(
        factories.opening(delegation), factories.user(), status=source.value
    )
    actor = factories.user()
    history = len(application.history)
    if target in EXPECTED[source]:
        change = transition(application, target, by=actor, note="why")
        assert application.status == target
        assert (change.from_status, change.to_status, change.by_user_id, change.note) == (
            source,
            target,
            actor.id,
            "why",
        )
        assert len(application.history) == history + 1
    else:
        with pytest.raises(DomainError) as refused:
            transition(application, target, by=actor)
        assert "cannot go from" in str(refused.value.message)
        assert application.status == source
        assert len(application.history) == history
