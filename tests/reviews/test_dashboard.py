from datetime import date, datetime, timedelta

from portal.reviews.services import save_review
from tests import factories


def test_workspace_home_shows_waiting_counts_closing_roles_and_median_time(
    client, login, clock, unesco
):

    clock.set(datetime(2027, 3, 1, 12, 0))
    factories.opening(unesco["delegation"], title="Closing soon role", closes_on=date(2027, 3, 10))
    factories.opening(unesco["delegation"], title="Later role", closes_on=date(2027, 6, 1))
    for days_to_review in (1, 3, 8):
        application = factories.application(
            unesco["opening"], factories.user(), submitted_at=datetime(2027, 2, 1, 12, 0)
        )
        clock.set(datetime(2027, 2, 1, 12, 0) + timedelta(days=days_to_review))
        save_review(application, unesco["lead"], score=4, comment="")
    clock.set(datetime(2027, 3, 1, 12, 0))
    factories.application(unesco["opening"], factories.user())
    factories.application(unesco["opening"], factories.user(), status="declined")
    login(unesco["lead"])
    page = client.get("/en/manage/").get_data(as_text=True)
    assert (
        '<strong>1</strong> <a href="/en/manage/unesco/applications/?status=submitted">waiting for review'
        in page
    )
    assert "<strong>3.0</strong> days from submission to first review (median)" in page
    assert "Closing soon role" in page
    assert "Later role" not in page
    assert "<li>In review: 3</li>" in page
    assert "<li>Declined: 1</li>" in page


def test_reviewers_reach_the_workspace_but_not_the_leads_pages(client, login, unesco):
    login(unesco["reviewer"])
    home = client.get("/en/manage/")
    assert home.status_code == 200
    assert "Lead workspace" in home.get_data(as_text=True)
    listing = client.get("/en/manage/unesco/applications/")
    assert listing.status_code == 200
    assert "Applications" in listing.get_data(as_text=True)
    assert client.get("/en/manage/unesco/team/").status_code == 404
    assert client.get("/en/manage/unesco/roles/").status_code == 404
