"""Concurrency through the application itself, served by gunicorn.

8 processes submit 50 applications at the same moment, each (person, role) pair twice
from two different processes: exactly 50 applications must land, none twice, none
lost, no server error, and the refused duplicate must say so clearly.
"""

import http.cookiejar
import io
import multiprocessing
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.applications.models import Application
from portal.extensions import db
from tests import factories
from tests.live import served_portal

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, ROLES, PEOPLE_PER_ROLE = 8, 5, 10
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())


def _fetch(opener, url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _token(opener, url):
    status, _, body = _fetch(opener, url)
    assert status == 200, (url, status)
    return _CSRF.search(body).group(1)


def _client(base, jobs, barrier, results, pdf):
    """One process: sign in for each of its jobs, wait for the others, then submit."""
    prepared = []
    for email, slug in jobs:
        opener = _browser()
        token = _token(opener, f"{base}/en/account/login")
        form = f"csrf_token={token}&email={email}&password={factories.DEFAULT_PASSWORD.replace(' ', '+')}"
        status, _, _ = _fetch(
            opener,
            f"{base}/en/account/login",
            form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, status
        token = _token(opener, f"{base}/en/roles/{slug}/apply")
        boundary, body = encode_multipart(
            {
                "csrf_token": token,
                "motivation": "I would like to help mothers be heard. " * 4,
                "languages-0-language": "fr",
                "languages-0-level": "C1",
                "consent": "y",
                "submit_application": "Submit",
                "cv": FileStorage(
                    io.BytesIO(pdf), filename="cv.pdf", content_type="application/pdf"
                ),
            }
        )
        prepared.append((email, slug, opener, body, boundary))
    barrier.wait()
    for email, slug, opener, body, boundary in prepared:
        status, headers, page = _fetch(
            opener,
            f"{base}/en/roles/{slug}/apply",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        message = page
        if status == 302:
            _, _, message = _fetch(opener, base + headers["Location"])
        results.append(
            (
                email,
                slug,
                status,
                "already applied" in message,
                "Your application is sent" in message,
            )
        )


@pytest.fixture
def server(database_url, tmp_path):
    with served_portal(database_url, tmp_path) as base:
        yield base


def test_eight_processes_submitting_each_pair_twice_create_exactly_fifty(server):
    delegation = factories.delegation(slug="unesco")
    pairs = []
    for r in range(ROLES):
        opening = factories.opening(delegation, slug=f"role-{r}")
        for p in range(PEOPLE_PER_ROLE):
            pairs.append((factories.user(f"p{r}-{p}@example.org").email, opening.slug))
    db.session.commit()
    # Each pair goes to two different processes.
    jobs = [[] for _ in range(PROCESSES)]
    for index, pair in enumerate(pairs):
        jobs[index % PROCESSES].append(pair)
        jobs[(index + 1 + index // PROCESSES) % PROCESSES].append(pair)
    context = multiprocessing.get_context("fork")
    manager = context.Manager()
    results = manager.list()
    barrier = context.Barrier(PROCESSES)
    pdf = factories.pdf_bytes()
    workers = [
        context.Process(target=_client, args=(server, job, barrier, results, pdf)) for job in jobs
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
        assert worker.exitcode == 0
    results = list(results)
    assert len(results) == 2 * len(pairs)
    assert all(status in (200, 302) for _, _, status, _, _ in results), results
    db.session.expire_all()
    rows = db.session.execute(select(Application.opening_id, Application.user_id)).all()
    assert len(rows) == 50
    assert len(set(rows)) == 50
    submitted = (
        select(func.count()).select_from(Application).where(Application.status == "submitted")
    )
    assert db.session.scalar(submitted) == 50
    for pair in pairs:
        outcomes = [(dup, sent) for email, slug, _, dup, sent in results if (email, slug) == pair]
        assert sorted(outcomes) == [(False, True), (True, False)], (pair, outcomes)
