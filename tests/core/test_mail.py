"""The outbox: same transaction as the change, real SMTP delivery, retries."""

import contextlib
import email
import email.policy
import io
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from portal.core import mail
from portal.core.mail import _paragraphs_html, deliver_due, queue_mail, queue_text
from portal.core.models import OutboxEmail
from portal.core.queue import init_queue
from portal.extensions import db
from tests import factories
from tests.conftest import submit

ROOT = Path(__file__).resolve().parents[2]


def init_queue_for(app, url):
    app.config["QUEUE_URL"] = url
    init_queue(app)


class Recorder:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    recorder = Recorder()
    port = _free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    old = {k: app.config[k] for k in ("MAIL_BACKEND", "SMTP_HOST", "SMTP_PORT")}
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    yield recorder
    controller.stop()
    app.config.update(old)


def _queue(to="ana@example.org", locale="fr"):

    user = SimpleNamespace(name="Ana")
    return queue_mail(to=to, template="password_changed", locale=locale, user=user)


def test_a_rolled_back_change_leaves_no_mail(app):
    with app.test_request_context(method="POST"):
        _queue()
        db.session.rollback()
    assert db.session.query(OutboxEmail).count() == 0


def test_a_message_is_delivered_over_smtp_in_the_recipients_language(app, smtp_server):
    with app.test_request_context(method="POST"):
        _queue()
        db.session.commit()
    assert deliver_due() == (1, 0)
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["ana@example.org"]
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert received["Subject"] == "Votre mot de passe a été changé"
    assert received["To"] == "ana@example.org"
    assert received["Content-Language"] == "fr"
    assert "Bonjour Ana," in received.get_body(("plain",)).get_content()
    assert "<p>Bonjour Ana,</p>" in received.get_body(("html",)).get_content()
    message = db.session.query(OutboxEmail).one()
    assert message.status == "sent"
    assert message.sent_at is not None


def test_an_smtp_failure_keeps_the_message_pending_then_send_mail_delivers_it(app, clock):
    port = _free_port()  # nothing listens here: the server is "down"
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    try:
        with app.test_request_context(method="POST"):
            _queue()
            db.session.commit()
        assert deliver_due() == (0, 1)
        message = db.session.query(OutboxEmail).one()
        assert message.status == "pending"
        assert message.attempts == 1
        assert "ConnectionRefusedError" in message.last_error
        assert deliver_due() == (0, 0)  # backing off: not due yet
        clock.advance(minutes=2)
        recorder = Recorder()
        controller = Controller(recorder, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            result = app.test_cli_runner().invoke(args=["portal", "send-mail"])
        finally:
            controller.stop()
        assert "1 sent, 0 failed" in result.output
        assert len(recorder.messages) == 1
        db.session.expire_all()
        assert db.session.query(OutboxEmail).one().status == "sent"
    finally:
        app.config.update(MAIL_BACKEND="console", SMTP_PORT=25)


def test_console_delivery_keeps_a_copy_for_developers(app, tmp_path):
    app.config.update(MAIL_BACKEND="console")
    old_instance = app.config["INSTANCE_PATH"]
    app.config["INSTANCE_PATH"] = str(tmp_path)
    try:
        with app.test_request_context(method="POST"):
            _queue(locale="en")
            db.session.commit()
        assert deliver_due() == (1, 0)
        [copy] = list((tmp_path / "outbox").glob("*.eml"))
        assert "Your password has been changed" in copy.read_text()
    finally:
        app.config["INSTANCE_PATH"] = old_instance


def test_html_part_escapes_and_links_only_the_portals_own_addresses(app):
    with app.test_request_context():
        [paragraph] = _paragraphs_html(
            "<b>x</b> http://portal.test/a?b=1&c=2 https://evil.example/login "
            "http://portal.test.evil.example/ x"
        )
    assert "&lt;b&gt;" in paragraph
    assert '<a href="http://portal.test/a?b=1&amp;c=2">' in paragraph
    assert "https://evil.example/login" in paragraph
    assert 'href="https://evil' not in paragraph
    assert 'href="http://portal.test.evil' not in paragraph


class Tarpit:
    """An SMTP "server" that accepts connections and never says a word."""

    def __init__(self, port: int) -> None:
        self.socket = socket.create_server(("127.0.0.1", port))
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.socket.close()
        self.thread.join(timeout=5)


def _deliver_in_a_worker_thread(app) -> threading.Thread:
    def run():
        with app.app_context():
            deliver_due()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_hung_mail_server_slows_nobody_and_loses_nothing(app, client, login, outbox, clock):
    """While the worker waits on a server that never answers, sign-ins and applications
    keep their pace; once the server recovers, every message leaves exactly once."""
    port = _free_port()
    tarpit = Tarpit(port)
    delegation = factories.delegation(slug="unesco")
    factories.membership(factories.user("lead@example.org"), delegation)
    factories.opening(delegation, slug="role")
    people = [factories.user(f"p{n}@example.org") for n in range(3)]
    for person in people:
        submit(client, "/en/account/password-reset", {"email": person.email})
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TIMEOUT=3)
    try:
        worker = _deliver_in_a_worker_thread(app)
        time.sleep(0.3)  # the worker is now waiting for the server's greeting
        timings = []
        for person in people:
            browser = app.test_client()
            started = time.perf_counter()
            login(person, on=browser)
            response = submit(
                browser,
                "/en/roles/role/apply",
                {
                    "motivation": "I want to speak for mothers at UNESCO. " * 4,
                    "languages-0-language": "fr",
                    "languages-0-level": "C1",
                    "consent": "y",
                    "submit_application": "Submit",
                    "cv": (io.BytesIO(factories.pdf_bytes()), "cv.pdf"),
                },
                content_type="multipart/form-data",
            )
            assert response.status_code == 302
            timings.append(time.perf_counter() - started)
        assert worker.is_alive(), "the worker should still be waiting on the server"
        assert max(timings) < 2.0, timings
        worker.join(timeout=30)
        queued = outbox()
        assert len(queued) == 3 + 3 * 2  # reset links, then a receipt and a lead's notice each
        assert all(m.status == "pending" for m in queued)

        tarpit.close()
        recorder = Recorder()
        controller = Controller(recorder, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            clock.advance(minutes=10)
            deliver_due()
            deliver_due()  # nothing is sent twice
        finally:
            controller.stop()
    finally:
        tarpit.close()
        app.config.update(MAIL_BACKEND="console", SMTP_PORT=25, SMTP_TIMEOUT=15)
    ids = [
        email.message_from_bytes(e.content, policy=email.policy.default)["Message-ID"]
        for e in recorder.messages
    ]
    assert len(ids) == len(set(ids)) == len(queued)
    assert {m.status for m in outbox()} == {"sent"}


CONTROL_CHARACTERS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))] + [
    "\u2028",
    "\u2029",
    "\u200b",
    "\ufeff",
]


def test_no_control_character_reaches_a_header_or_stops_the_outbox(app, smtp_server):
    """Every header a person can write into (the subject, the recipient's address), with
    every control character: stored on one line and delivered."""
    with app.test_request_context(method="POST"):
        for n, character in enumerate(CONTROL_CHARACTERS):
            queue_text(
                to=f"ana{n}@example.org{character}",
                kind="decision_declined",
                locale="en",
                subject=f"About{character}your{character}\r\napplication",
                text="Hello.",
            )
        db.session.commit()
    messages = db.session.scalars(db.select(OutboxEmail)).all()
    assert {m.subject for m in messages} == {"About your application"}
    assert deliver_due(limit=500) == (len(CONTROL_CHARACTERS), 0)
    assert len(smtp_server.messages) == len(CONTROL_CHARACTERS)


def test_a_message_that_cannot_be_built_is_marked_failed_and_the_others_leave(
    app, smtp_server, monkeypatch
):
    with app.test_request_context(method="POST"):
        for n in range(3):
            _queue(to=f"person{n}@example.org")
        db.session.commit()
    broken = db.session.scalars(db.select(OutboxEmail).order_by(OutboxEmail.id)).first()
    build = mail._build_message

    def build_or_fail(item):
        if item.id == broken.id:
            raise ValueError("Header values may not contain linefeed or carriage return")
        return build(item)

    monkeypatch.setattr(mail, "_build_message", build_or_fail)
    assert deliver_due() == (2, 1)
    db.session.expire_all()
    statuses = [
        m.status for m in db.session.scalars(db.select(OutboxEmail).order_by(OutboxEmail.id))
    ]
    assert statuses == ["failed", "sent", "sent"]
    assert "linefeed" in db.session.get(OutboxEmail, broken.id).last_error
    assert len(smtp_server.messages) == 2


def test_the_worker_process_delivers_what_a_request_queued(app, database_url, tmp_path):
    """`flask portal worker` on the default SQLite queue: a committed change nudges it, and
    the message leaves through SMTP, from another process than the web's."""
    port = _free_port()
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    queue = f"sqlite:///{tmp_path / 'queue.db'}"
    env = dict(
        os.environ,
        PORTAL_ENV="development",
        PORTAL_DATABASE_URL=database_url,
        PORTAL_INSTANCE_PATH=str(tmp_path),
        PORTAL_SECRET_KEY="worker-test",
        PORTAL_QUEUE_URL=queue,
        PORTAL_MAIL_BACKEND="smtp",
        PORTAL_SMTP_HOST="127.0.0.1",
        PORTAL_SMTP_PORT=str(port),
        FLASK_APP="wsgi",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "portal", "worker", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        old_queue = app.config["QUEUE_URL"]
        init_queue_for(app, queue)
        try:
            with app.test_request_context(method="POST"):
                _queue(to="worker@example.org")
                db.session.commit()  # enqueues the nudge into the SQLite queue
        finally:
            init_queue_for(app, old_queue)
        for _ in range(150):
            if recorder.messages:
                break
            time.sleep(0.1)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
        controller.stop()
    assert [e.rcpt_tos for e in recorder.messages] == [["worker@example.org"]], output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    db.session.expire_all()
    assert db.session.scalars(db.select(OutboxEmail)).one().status == "sent"


def test_a_reply_to_address_reaches_the_header(app, smtp_server):
    with app.test_request_context(method="POST"):
        queue_text(
            to="ana@example.org",
            kind="decision_declined",
            locale="en",
            subject="Your application",
            text="Thank you.",
            reply_to="lead@example.org",
        )
        db.session.commit()
    assert deliver_due() == (1, 0)
    received = email.message_from_bytes(
        smtp_server.messages[0].content, policy=email.policy.default
    )
    assert received["Reply-To"] == "lead@example.org"
    assert received["From"] == app.config["MAIL_FROM"]
