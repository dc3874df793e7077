"""The outbox: same transaction as the change, real SMTP delivery, retries."""

import email
import email.policy
import socket
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from portal.core.mail import _paragraphs_html, deliver_due, queue_mail
from portal.core.models import OutboxEmail
from portal.extensions import db


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
    with app.test_request_context():
        _queue()
        db.session.rollback()
    assert db.session.query(OutboxEmail).count() == 0


def test_a_message_is_delivered_over_smtp_in_the_recipients_language(app, smtp_server):
    with app.test_request_context():
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
        with app.test_request_context():
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
        with app.test_request_context():
            _queue(locale="en")
            db.session.commit()
        assert deliver_due() == (1, 0)
        [copy] = list((tmp_path / "outbox").glob("*.eml"))
        assert "Your password has been changed" in copy.read_text()
    finally:
        app.config["INSTANCE_PATH"] = old_instance


def test_html_part_escapes_and_links(app):

    [paragraph] = _paragraphs_html("<b>x</b> https://portal.test/a?b=1&c=2")
    assert "&lt;b&gt;" in paragraph
    assert '<a href="https://portal.test/a?b=1&amp;c=2">' in paragraph
