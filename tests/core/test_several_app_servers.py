"""What stays correct when several app servers share the database and Redis: here two
gunicorn servers on 127.0.0.1. Sessions and background jobs are shown below; the
page-cache version in tests/core/test_page_cache.py (a publish on one server is on the
next request of the other); rate limits in tests/accounts/test_rate_limits.py (limits
kept in Redis are shared by several apps)."""

import os
import subprocess
import sys
import time

import pytest
import redis
from aiosmtpd.controller import Controller

from portal.extensions import db
from tests import factories
from tests.core.test_mail import Recorder
from tests.live import ROOT, Browser, free_port, redis_up, served_portal

pytestmark = pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")


def _two_servers(database_url, tmp_path, **env):
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    return (
        served_portal(database_url, folders[0], workers=2, **env),
        served_portal(database_url, folders[1], workers=2, **env),
    )


def test_a_session_started_on_one_server_is_known_and_ended_on_the_other(database_url, tmp_path):
    lead = factories.user("lead@example.org")
    factories.membership(lead, factories.delegation(slug="unesco"))
    factories.enrol_totp(lead)
    db.session.commit()  # and no transaction of the test's stays open (SQLite's write lock)
    first_server, second_server = _two_servers(database_url, tmp_path)
    with first_server as first, second_server as second:
        browser = Browser(first)
        browser.sign_in("lead@example.org")
        assert browser.fetch("/en/manage/")[0] == 200
        browser.base = second  # the same cookies, the other server
        assert browser.fetch("/en/manage/")[0] == 200
        status, _, _ = browser.post_form("/en/account/logout", {}, form_page="/en/account/")
        assert status == 302
        browser.base = first
        status, headers, _ = browser.fetch("/en/manage/")
        assert status == 302
        assert "/en/account/login" in headers["Location"]


def test_mail_queued_on_either_server_is_delivered_by_the_one_worker(database_url, tmp_path):
    """The queue lives in Redis: each server nudges it after its commit, and one worker
    process (`flask portal worker`) delivers both messages through SMTP."""
    for name in ("ana", "ben"):
        factories.user(f"{name}@example.org")
    db.session.commit()
    queue = "redis://127.0.0.1:6379/7"
    redis.Redis.from_url(queue).flushdb()
    recorder = Recorder()
    smtp_port = free_port()
    smtp = Controller(recorder, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "portal", "worker", "--workers", "1"],
        cwd=ROOT,
        env={
            **os.environ,
            "PORTAL_ENV": "development",
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_INSTANCE_PATH": str(tmp_path),
            "PORTAL_SECRET_KEY": "test-secret-key",
            "PORTAL_QUEUE_URL": queue,
            "PORTAL_MAIL_BACKEND": "smtp",
            "PORTAL_SMTP_HOST": "127.0.0.1",
            "PORTAL_SMTP_PORT": str(smtp_port),
            "FLASK_APP": "wsgi",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    first_server, second_server = _two_servers(database_url, tmp_path, PORTAL_QUEUE_URL=queue)
    try:
        with first_server as first, second_server as second:
            for base, email in ((first, "ana@example.org"), (second, "ben@example.org")):
                status, _, _ = Browser(base).post_form(
                    "/en/account/password-reset", {"email": email}
                )
                assert status in (200, 302)
            for _ in range(200):
                if len(recorder.messages) == 2:
                    break
                time.sleep(0.1)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
        smtp.stop()
        redis.Redis.from_url(queue).flushdb()
    recipients = sorted(rcpt for message in recorder.messages for rcpt in message.rcpt_tos)
    assert recipients == ["ana@example.org", "ben@example.org"], output[-3000:]
    assert "Traceback" not in output, output[-3000:]
