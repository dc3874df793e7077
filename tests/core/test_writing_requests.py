"""Every request that may write waits for the write lock instead of failing, whatever its
method: on SQLite a GET that writes must say so (@writes), or its read transaction cannot
become a write one under concurrent writers. Checked on every GET page, and under load
through gunicorn on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import multiprocessing
import re

from sqlalchemy import event
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.accounts.models import User
from portal.extensions import db
from tests import factories
from tests.live import Browser, served_portal
from tests.test_permission_matrix import (
    ADMIN,
    LEAD,
    MEMBER,
    PUBLIC,
    REVIEWER,
    SIGNED_IN,
    _url,
    world,
)

__all__ = ["world"]  # the permission matrix's fixture, reused here

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)


def _gets(app, endpoints):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in endpoints and "GET" in rule.methods and rule.endpoint != "static":
            yield rule


def test_every_get_that_writes_is_marked(app, client, login, world):
    """Visit every GET page as someone allowed to see it; the GETs that wrote must be
    exactly the ones marked @writes (the test database also refuses unmarked writes)."""
    writers: set[str] = set()

    def watch(_conn, _cursor, statement, *_args):
        if WRITE.match(statement):
            writers.add(current[0])

    current = [""]
    admin = factories.user(admin=True)
    applicant = db.session.scalars(
        db.select(User).where(User.email == "applicant@example.org")
    ).one()
    browsers = {}
    for name, person in (("admin", admin), ("applicant", applicant)):
        browsers[name] = client.application.test_client()
        login(person, on=browsers[name])
    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        for who, endpoints in (
            ("anonymous", PUBLIC),
            ("applicant", SIGNED_IN),
            ("admin", MEMBER | REVIEWER | LEAD | ADMIN),
        ):
            browser = client if who == "anonymous" else browsers[who]
            for rule in _gets(app, endpoints):
                current[0] = rule.endpoint
                response = browser.get(_url(rule, world))
                assert response.status_code < 500, rule.endpoint
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
    writers.discard("")
    marked = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "writes_on_safe_method", False)
    }
    # The downloads of personal data, each recorded in the audit trail, and the
    # authenticator set-up page.
    assert (
        writers
        == marked
        == {
            "applications.download_cv",
            "reviews_manage.export",
            "admin.audit_export",
            "members.scan",
            "mfa.setup_authenticator",  # keeps the secret it shows until it is confirmed
        }
    )


def _download_cvs(browser, path, rounds, results):
    for _ in range(rounds):
        status, _, body = browser.fetch(path)
        results.append(("download", status, body[:5] == b"%PDF-"))


def _save_drafts(base, email, slug, rounds, results):
    browser = Browser(base)
    browser.sign_in(email)
    for n in range(rounds):
        boundary, body = encode_multipart(
            {
                "csrf_token": browser.token(f"/en/roles/{slug}/apply"),
                "motivation": f"Draft number {n}. " * 10,
                "save_draft": "Save",
                "cv": FileStorage(io.BytesIO(factories.pdf_bytes()), filename="cv.pdf"),
            }
        )
        status, _, _ = browser.fetch(
            f"/en/roles/{slug}/apply",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        results.append(("draft", status, status == 302))


def test_cv_downloads_by_a_lead_never_fail_while_volunteers_save_drafts(database_url, tmp_path):
    delegation = factories.delegation(slug="unesco")
    lead = factories.user("lead@example.org")
    factories.membership(lead, delegation)
    factories.enrol_totp(lead)
    opening = factories.opening(delegation, slug="role")
    application = factories.application(opening, factories.user("applicant@example.org"))
    volunteers = [factories.user(f"v{n}@example.org").email for n in range(4)]
    lead_email, cv_path = lead.email, f"/en/applications/{application.id}/cv"
    db.session.commit()  # and no ORM access after: it would open a write transaction here
    context = multiprocessing.get_context("fork")
    results = context.Manager().list()
    with served_portal(database_url, tmp_path) as base:
        lead_browser = Browser(base)  # one sign-in, shared: its code is taken once
        lead_browser.sign_in(lead_email)
        processes = [
            context.Process(
                target=_download_cvs,
                args=(lead_browser, cv_path, 40, results),
            )
            for _ in range(3)
        ] + [
            context.Process(target=_save_drafts, args=(base, email, "role", 15, results))
            for email in volunteers
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=300)
            assert process.exitcode == 0
    outcomes = list(results)
    assert len(outcomes) == 3 * 40 + 4 * 15
    failures = [o for o in outcomes if not o[2]]
    assert failures == [], failures[:10]
