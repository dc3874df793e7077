"""The role page knows who is looking; withdrawing asks first and leaves the door open;
a form to correct says everything at once and keeps the chosen file."""

import io
import re
from datetime import date, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.applications.models import Application
from portal.extensions import db
from portal.reviews.enums import NoticeState
from portal.reviews.models import DecisionNotice
from tests import factories
from tests.applications.conftest import form_data
from tests.conftest import submit

APPLY = "/en/roles/bilingual/apply"


def _cv():
    return (io.BytesIO(factories.pdf_bytes()), "my-cv.pdf")


def _apply(client, role, **overrides):
    return submit(
        client, APPLY, form_data(role, cv=_cv(), **overrides), content_type="multipart/form-data"
    )


def _application():
    return db.session.scalars(select(Application)).one()


def test_the_role_page_says_when_the_person_applied(client, login, unesco_role):
    login(factories.user())
    page = client.get("/en/roles/bilingual/").get_data(as_text=True)
    assert "Apply for this role" in page
    assert _apply(client, unesco_role).status_code == 302
    application = _application()
    day = application.submitted_at.day
    page = client.get("/en/roles/bilingual/").get_data(as_text=True)
    assert re.search(rf"You applied on {day}\u00a0\w+\u00a0\d{{4}}\.", page)
    assert f'href="/en/account/applications/{application.id}"' in page
    assert "Apply for this role" not in page
    french = client.get("/fr/roles/bilingual/").get_data(as_text=True)
    assert "Vous avez postulé le" in french


def test_withdrawing_asks_first_then_the_person_may_apply_again(client, login, unesco_role):
    unesco_role.set_closing_date(date.today() + timedelta(days=20), "Europe/Paris")
    login(factories.user())
    _apply(client, unesco_role)
    application = _application()
    mine = f"/en/account/applications/{application.id}"
    assert "You may apply again until the role closes" in client.get(mine).get_data(as_text=True)
    confirm = client.get(f"{mine}/withdraw").get_data(as_text=True)
    assert "Withdraw your application?" in confirm
    assert "your answers are kept" in confirm
    assert application.status == "submitted"  # asking changed nothing
    assert submit(client, f"{mine}/withdraw", {}).status_code == 302
    db.session.refresh(application)
    assert application.status == "withdrawn"

    role_page = client.get("/en/roles/bilingual/").get_data(as_text=True)
    assert "Apply again" in role_page
    form = client.get(APPLY).get_data(as_text=True)
    assert "You withdrew this application" in form
    assert "I have worked in education" in form  # the answers are kept
    response = submit(client, APPLY, form_data(unesco_role), content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == "submitted"
    assert [change.to_status for change in application.history] == [
        "submitted",
        "withdrawn",
        "draft",
        "submitted",
    ]


def test_a_closed_role_cannot_be_applied_to_again(client, login, unesco_role):
    login(factories.user())
    _apply(client, unesco_role)
    application = _application()
    submit(client, f"/en/account/applications/{application.id}/withdraw", {})
    unesco_role.set_closing_date(date.today() - timedelta(days=1), "Europe/Paris")
    db.session.commit()
    assert "Apply again" not in client.get("/en/roles/bilingual/").get_data(as_text=True)
    response = submit(
        client,
        "/en/account/",
        form_data(unesco_role, cv=_cv()),
        action=APPLY,
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 302)
    db.session.refresh(application)
    assert application.status == "withdrawn"


def test_every_problem_at_once_in_page_order_and_the_file_is_kept(client, login, unesco_role):
    login(factories.user())
    question = unesco_role.questions[0]
    response = _apply(
        client,
        unesco_role,
        motivation="Too short.",
        availability="x" * 1001,
        consent="",
        **{f"question_{question.id}": ""},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    problems = re.findall(r'<a href="#([^"]+)">', summary)
    # Field checks and what submitting needs, together, in the order of the page.
    assert problems == ["motivation", "availability", f"question_{question.id}", "consent"]
    assert (
        "Write at most 1000 characters.</a> "
        '<span class="error-summary__field">— Your availability</span>' in summary
    )
    # The CV was checked and kept with a draft: it need not be chosen again.
    assert "We kept the file you chose, my-cv.pdf" in page
    application = _application()
    assert application.status == "draft"
    assert application.cv.original_name == "my-cv.pdf"
    # Corrected, the application goes without choosing the file again.
    fixed = form_data(unesco_role)
    fixed.pop("cv", None)
    response = submit(client, APPLY, fixed, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == "submitted"
    assert application.cv.original_name == "my-cv.pdf"


def test_the_counter_is_wired_to_the_limited_fields(client, login, unesco_role):
    login(factories.user())
    page = client.get(APPLY).get_data(as_text=True)
    assert 'data-counter="{count} of {max} characters"' in page
    assert 'maxlength="4000"' in page
    assert 'id="motivation-count" aria-live="polite"' in page


def test_my_application_shows_everything_sent_what_comes_next_and_the_messages(
    client, login, unesco_role
):
    login(factories.user())
    _apply(client, unesco_role)
    application = _application()
    db.session.add(
        DecisionNotice(
            application_id=application.id,
            delegation_id=application.delegation_id,
            status="interview",
            locale="en",
            subject="Let us meet",
            body="Could you come on Tuesday at 10?",
            state=NoticeState.QUEUED,
        )
    )
    db.session.add(
        DecisionNotice(
            application_id=application.id,
            delegation_id=application.delegation_id,
            status="declined",
            locale="en",
            subject="Not sent",
            body="A draft the lead kept.",
        )
    )
    db.session.commit()
    page = client.get(f"/en/account/applications/{application.id}").get_data(as_text=True)
    assert 'href="/en/roles/bilingual/"' in page
    assert "What happens next" in page
    assert "Been to UN meetings?" in page  # the question, with the answer given
    assert "<dd>Yes</dd>" in page
    assert "Levels the role asks for" in page
    assert "Message from the delegation: Let us meet" in page
    assert "Could you come on Tuesday at 10?" in page
    assert "Not sent" not in page  # a message the lead did not send


def test_no_new_draft_on_a_closed_role(client, login, unesco_role):
    login(factories.user())
    unesco_role.set_closing_date(date.today() - timedelta(days=1), "Europe/Paris")
    db.session.commit()
    submit(
        client,
        "/en/account/",
        {**form_data(unesco_role, cv=_cv()), "save_draft": "Save"},
        action=APPLY,
        content_type="multipart/form-data",
    )
    assert db.session.scalars(select(Application)).all() == []


def test_a_stale_decision_message_cannot_go_after_withdrawing_and_applying_again(
    app, client, login, unesco_role
):
    volunteer = factories.user()
    login(volunteer)
    _apply(client, unesco_role)
    application = _application()
    lead = app.test_client()
    login(db.session.scalars(select(User).where(User.email == "lead@example.org")).one(), on=lead)
    submit(
        lead,
        f"/en/manage/unesco/applications/{application.id}",
        {"to_status": "interview", "confirmed": "1"},
        action=f"/en/manage/unesco/applications/{application.id}/decide",
    )
    submit(client, f"/en/account/applications/{application.id}/withdraw", {})
    submit(client, APPLY, form_data(unesco_role), content_type="multipart/form-data")
    notice = db.session.scalars(select(DecisionNotice)).one()
    refused = submit(
        lead,
        f"/en/manage/unesco/applications/messages/{notice.id}",
        {"subject": notice.subject, "body": notice.body, "action": "send"},
    )
    assert "it is out of date. Do not send it." in refused.get_data(as_text=True)
    db.session.refresh(notice)
    assert notice.state == "draft"
