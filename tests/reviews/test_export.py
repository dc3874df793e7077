"""The applicants list as a spreadsheet: XLSX, and a CSV in the reader's conventions."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from portal.core.models import AuditEvent
from portal.extensions import db
from portal.reviews.services import save_review
from tests import factories

BASE = "/manage/unesco/applications"


def _applicant(unesco, name="Zoé Müller", **kwargs):
    application = factories.application(
        unesco["opening"],
        factories.user(name=name, email=f"{len(name)}-{name[:3]}@example.org".lower()),
        motivation=kwargs.pop("motivation", "I speak for mothers.\nTwice a year."),
        **kwargs,
    )
    return application


def test_csv_in_french_uses_semicolons_and_decimal_commas(client, login, unesco):
    application = _applicant(unesco)
    save_review(application, unesco["lead"], score=4, comment="")
    save_review(application, unesco["reviewer"], score=3, comment="")
    db.session.commit()
    login(unesco["lead"])
    french = client.get(f"/fr{BASE}/export.csv")
    assert french.mimetype == "text/csv"
    assert french.headers["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(french.data.decode("utf-8-sig")), delimiter=";"))
    header, row = rows
    assert header[:3] == ["Nom", "E-mail", "Mission bénévole"]
    assert row[header.index("Note moyenne")] == "3,5"
    assert "français C1" in row[header.index("Langues")]
    assert row[header.index("Motivation")] == "I speak for mothers.\nTwice a year."
    english = client.get(f"/en{BASE}/export.csv").data.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(english)))
    assert row[header.index("Average score")] == "3.5"
    assert row[header.index("Availability")] == "Weekends"
    assert "French C1" in row[header.index("Languages")]


def test_xlsx_keeps_text_as_text_and_numbers_as_numbers(client, login, unesco):
    application = _applicant(unesco, name='=HYPERLINK("http://x")')
    save_review(application, unesco["lead"], score=5, comment="")
    db.session.commit()
    login(unesco["lead"])
    response = client.get(f"/en{BASE}/export.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="applications-unesco.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [cell.value for cell in sheet[1]]
    row = [cell for cell in sheet[2]]
    name = row[header.index("Name")]
    assert name.data_type == "s"
    assert name.value == '\'=HYPERLINK("http://x")'
    assert row[header.index("Average score")].value == 5
    assert row[header.index("Motivation")].value.startswith("I speak for mothers.")


def test_answers_are_exported_as_the_question_was_asked(client, login, unesco):
    question = factories.question(unesco["opening"], kind="yes_no", prompt="Can you travel?")
    application = _applicant(unesco)
    application.answers = {str(question.id): "yes"}
    db.session.commit()
    login(unesco["lead"])
    text = client.get(f"/en{BASE}/export.csv").data.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert row[header.index("Answers")] == "Can you travel?: Yes"


def test_export_is_recorded_and_for_leads_only(app, client, login, unesco):
    _applicant(unesco)
    reviewer = app.test_client()
    login(unesco["reviewer"], on=reviewer)
    assert reviewer.get(f"/en{BASE}/export.xlsx").status_code == 404
    login(unesco["lead"])
    client.get(f"/en{BASE}/export.xlsx")
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "applications.exported")
    )
    assert event.actor_id == unesco["lead"].id
    assert event.delegation_id == unesco["delegation"].id
    assert event.details == {"count": 1}
