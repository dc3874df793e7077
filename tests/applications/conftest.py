import pytest

from portal.extensions import db
from portal.openings.models import OpeningQuestion, OpeningQuestionTranslation
from tests import factories


@pytest.fixture
def unesco_role():
    """The UNESCO role: French C1 and English C1, one required yes/no question."""

    unesco = factories.delegation(slug="unesco", name="UNESCO")
    lead = factories.user("lead@example.org", name="Lead", locale="fr")
    factories.membership(lead, unesco)
    opening = factories.opening(unesco, slug="bilingual", title="Bilingual volunteer")
    factories.requirement(opening, "fr", "C1")
    factories.requirement(opening, "en", "C1")
    opening.questions.append(
        OpeningQuestion(
            position=0,
            kind="yes_no",
            is_required=True,
            translations=[
                OpeningQuestionTranslation(locale="en", prompt="Been to UN meetings?"),
                OpeningQuestionTranslation(locale="fr", prompt="Déjà allé à l'ONU ?"),
            ],
        )
    )

    db.session.flush()
    return opening


def form_data(opening, **overrides):
    question = opening.questions[0]
    data = {
        "motivation": "I have worked in education for ten years and would love to speak for mothers at UNESCO. "
        * 2,
        "availability": "Two days a month",
        "languages-0-language": "fr",
        "languages-0-level": "C2",
        "languages-1-language": "en",
        "languages-1-level": "C1",
        f"question_{question.id}": "yes",
        "consent": "y",
        "submit_application": "Submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
