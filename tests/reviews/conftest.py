import pytest

from tests import factories


@pytest.fixture
def unesco(login):
    """The UNESCO delegation with a lead, a reviewer, a plain member and a role."""
    delegation = factories.delegation(slug="unesco", name="UNESCO")
    people = {
        "lead": factories.user("lead@example.org", name="Lena Lead"),
        "reviewer": factories.user("rev@example.org", name="Rita Reviewer"),
        "member": factories.user("member@example.org", name="Max Member"),
    }
    factories.membership(people["lead"], delegation, title="Head of delegation")
    factories.membership(people["reviewer"], delegation, role="member", reviewer=True)
    factories.membership(people["member"], delegation, role="member", reviewer=False)
    opening = factories.opening(delegation, slug="bilingual", title="Bilingual volunteer")
    factories.requirement(opening, "fr", "C1")
    return {"delegation": delegation, "opening": opening, **people}
