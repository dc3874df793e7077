import csv
import io

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.applications import workflow
from portal.applications.models import Application
from portal.applications.models import Application as A
from portal.core.clock import utcnow
from portal.extensions import db
from portal.reviews.models import ReviewAssignment
from portal.reviews.services import save_review
from tests import factories
from tests.conftest import submit

BASE = "/en/manage/unesco/applications"


def _review(client, application, score, comment=""):
    return submit(
        client,
        f"{BASE}/{application.id}",
        {"score": str(score), "comment": comment},
        action=f"{BASE}/{application.id}/review",
    )


def test_the_others_reviews_show_only_after_writing_ones_own(app, client, login, unesco):
    application = factories.application(unesco["opening"], factories.user())
    login(unesco["lead"])
    _review(client, application, 5, "Excellent French and English")
    reviewer = app.test_client()
    login(unesco["reviewer"], on=reviewer)
    before = reviewer.get(f"{BASE}/{application.id}").get_data(as_text=True)
    assert "Excellent French and English" not in before
    assert "Write your own review first" in before
    _review(reviewer, application, 3, "Good")
    after = reviewer.get(f"{BASE}/{application.id}").get_data(as_text=True)
    assert "Excellent French and English" in after
    db.session.refresh(application)
    assert (application.review_count, application.review_average) == (2, 4.0)
    assert application.status == "in_review"  # the first review started the review
    # a reviewer changes their score: still one review each
    _review(reviewer, application, 5)
    db.session.refresh(application)
    assert (application.review_count, application.review_average) == (2, 5.0)


def test_applicants_never_see_reviews_or_notes(client, login, unesco):
    volunteer = factories.user()
    application = factories.application(unesco["opening"], volunteer)

    save_review(application, unesco["lead"], score=2, comment="SECRET COMMENT")

    workflow.transition(application, "interview", by=unesco["lead"], note="SECRET NOTE")
    login(volunteer)
    page = client.get(f"/en/account/applications/{application.id}").get_data(as_text=True)
    assert "SECRET COMMENT" not in page
    assert "SECRET NOTE" not in page
    assert "Interview" in page
    assert client.get(f"{BASE}/{application.id}").status_code == 404


def test_nobody_reviews_their_own_application(client, login, unesco):
    application = factories.application(unesco["opening"], unesco["reviewer"])
    login(unesco["reviewer"])
    assert client.get(f"{BASE}/{application.id}").status_code == 404


def test_leads_assign_reviewers_who_see_it_in_their_queue(app, client, login, unesco):
    first = factories.application(unesco["opening"], factories.user(name="First Applicant"))
    second = factories.application(unesco["opening"], factories.user(name="Second Applicant"))
    login(unesco["lead"])
    for application in (first, second):
        response = submit(
            client,
            f"{BASE}/{application.id}",
            {"reviewers": [str(unesco["reviewer"].id)]},
            action=f"{BASE}/{application.id}/assign",
        )
        assert response.status_code == 302
    refused = submit(
        client,
        f"{BASE}/{first.id}",
        {"reviewers": [str(unesco["member"].id)]},
        action=f"{BASE}/{first.id}/assign",
    )
    assert refused.status_code == 200  # not a reviewer: not a choice
    assert db.session.scalars(select(ReviewAssignment)).all().__len__() == 2
    reviewer = app.test_client()
    login(unesco["reviewer"], on=reviewer)
    queue = reviewer.get(f"{BASE}/?view=mine").get_data(as_text=True)
    assert "First Applicant" in queue
    assert "Second Applicant" in queue
    _review(reviewer, first, 4)
    queue = reviewer.get(f"{BASE}/?view=mine").get_data(as_text=True)
    assert "First Applicant" not in queue
    assert "Second Applicant" in queue
    # a reviewer cannot assign
    denied = submit(
        reviewer, f"{BASE}/{second.id}", {"reviewers": []}, action=f"{BASE}/{second.id}/assign"
    )
    assert denied.status_code == 404


def test_the_list_filters_and_sorts(client, login, unesco):
    other_role = factories.opening(unesco["delegation"], slug="other", title="Other role")
    factories.application(
        unesco["opening"],
        factories.user(name="Ana Match", email="ana@x.org"),
        languages={"fr": "C2"},
    )
    low = factories.application(
        unesco["opening"], factories.user(name="Bob Low"), languages={"fr": "A2"}
    )
    factories.application(other_role, factories.user(name="Cleo Other"), languages={"fr": "C1"})
    factories.application(unesco["opening"], factories.user(name="Dan Draft"), status="draft")
    factories.application(
        factories.opening(factories.delegation(slug="eu")), factories.user(name="Eve Elsewhere")
    )

    save_review(low, unesco["lead"], score=5, comment="")
    login(unesco["lead"])
    page = lambda q="": client.get(f"{BASE}/?{q}").get_data(as_text=True)  # noqa: E731
    everything = page()
    assert all(n in everything for n in ("Ana Match", "Bob Low", "Cleo Other"))
    assert "Dan Draft" not in everything
    assert "Eve Elsewhere" not in everything
    assert "Cleo Other" not in page(f"role={unesco['opening'].id}")
    assert "Bob Low" not in page("languages=yes")
    assert "Ana Match" not in page("languages=no")
    assert "Bob Low" in page("status=in_review")
    assert "Ana Match" not in page("status=in_review")
    assert "Ana Match" in page("q=ANA@X")
    assert "Bob Low" not in page("q=ana@x")
    by_score = page("sort=score")
    assert by_score.index("Bob Low") < by_score.index("Ana Match")


def test_csv_export_is_utf8_with_bom_and_neutralises_formulas(client, login, unesco):
    factories.application(
        unesco["opening"], factories.user(name='=HYPERLINK("http://x")', email="a@example.org")
    )
    factories.application(
        unesco["opening"], factories.user(name="Zoé +33 Müller", email="b@example.org")
    )
    factories.application(unesco["opening"], factories.user(name="-2+3", email="c@example.org"))
    factories.application(unesco["opening"], factories.user(name="@SUM(A1)", email="d@example.org"))
    login(unesco["lead"])
    response = client.get(f"{BASE}/export.csv")
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Volunteer role"]
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted(['\'=HYPERLINK("http://x")', "Zoé +33 Müller", "'-2+3", "'@SUM(A1)"])
    reviewer_browser = client
    submit(reviewer_browser, "/en/account/", {}, action="/en/account/logout")
    login(unesco["reviewer"])
    assert client.get(f"{BASE}/export.csv").status_code == 404  # leads only


def test_list_query_count_is_the_same_for_10_and_1000_applications(
    client, login, count_queries, unesco
):

    def add(n, start):
        users = [
            User(
                email=f"bulk{start + i}@example.org",
                name=f"Bulk {start + i}",
                password_hash="x",
                locale="en",
            )
            for i in range(n)
        ]
        db.session.add_all(users)
        db.session.flush()

        db.session.add_all(
            [
                A(
                    opening_id=unesco["opening"].id,
                    delegation_id=unesco["delegation"].id,
                    user_id=u.id,
                    status="submitted",
                    submitted_at=utcnow(),
                    answers={},
                )
                for u in users
            ]
        )
        db.session.flush()

    add(10, 0)
    login(unesco["lead"])
    client.get(f"{BASE}/")
    with count_queries() as small:
        assert client.get(f"{BASE}/?sort=score&languages=no").status_code == 200
    add(990, 10)
    with count_queries() as large:
        assert client.get(f"{BASE}/?sort=score&languages=no").status_code == 200
    assert small.count == large.count, large.statements
    assert db.session.query(Application).count() == 1000


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_cell_is_a_formula_whatever_the_spreadsheet_splits_on(client, login, unesco, delimiter):
    """French Excel splits on ";": a name like "Jane;=2+5;@SUM(1+1)" must not become
    live formulas there either. Every field is quoted."""
    hostile = ["Jane;=2+5;@SUM(1+1)", "Ann,-1+1", "Tab\t+1", "Pipe|=1", ' ";=cmd"', "'=safe"]
    for n, name in enumerate(hostile):
        factories.application(
            unesco["opening"], factories.user(name=name, email=f"h{n}@example.org")
        )
    login(unesco["lead"])
    text = client.get(f"{BASE}/export.csv").data.decode("utf-8-sig")
    assert all(line.startswith('"') for line in text.splitlines())
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        for cell in row:
            assert not cell.lstrip(' "').startswith(("=", "+", "-", "@")), (delimiter, cell)
    names = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert "Jane;'=2+5;'@SUM(1+1)" in names


def test_no_score_shows_before_ones_own_review_neither_in_the_list_nor_on_the_page(
    app, client, login, unesco
):
    """With one review written, the average is the other person's score: a reviewer who
    has not reviewed yet must not see it anywhere, nor rank by it."""
    application = factories.application(unesco["opening"], factories.user(name="Ana Applicant"))
    login(unesco["lead"])
    _review(client, application, 2, "Weak")
    reviewer = app.test_client()
    login(unesco["reviewer"], on=reviewer)
    listing = reviewer.get(f"{BASE}/").get_data(as_text=True)
    page = reviewer.get(f"{BASE}/{application.id}").get_data(as_text=True)
    for html in (listing, page):
        assert "2.0" not in html
    assert "After your review" in listing
    assert "average" not in page.split('id="reviews-heading"')[1].split("</h2>")[0]
    assert 'value="score"' not in listing  # no ranking by others' opinions
    assert "Ana Applicant" in reviewer.get(f"{BASE}/?sort=score").get_data(as_text=True)
    _review(reviewer, application, 4)
    assert "3.0" in reviewer.get(f"{BASE}/").get_data(as_text=True)
    assert "3.0" in reviewer.get(f"{BASE}/{application.id}").get_data(as_text=True)
