"""E-mail through an outbox.

`queue_mail()` renders a message in the recipient's language and adds it to the
session, so it commits (or rolls back) with the change that caused it. `deliver_due()`
sends what is due: after the response when MAIL_DELIVER_AFTER_REQUEST is on, and from
`flask portal send-mail` (cron). A failed delivery stays pending with its error and is
retried with back-off; nothing is lost while the SMTP server is down.
"""

from __future__ import annotations

import html
import logging
import re
import secrets
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, render_template
from flask_babel import force_locale
from markupsafe import Markup
from sqlalchemy import select, update

from portal.core.clock import utcnow
from portal.core.enums import OutboxStatus
from portal.core.models import OutboxEmail
from portal.extensions import db

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=10)  # a message being sent is not picked again before this
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 720, 1440)]


def render_email(name: str, locale: str, **context: Any) -> tuple[str, str, str]:
    """Subject, text and HTML of emails/<name>.txt rendered in `locale`."""
    with force_locale(locale):
        template = current_app.jinja_env.get_template(f"emails/{name}.txt")
        values = dict(context, locale=locale)
        current_app.update_template_context(values)
        ctx = template.new_context(values)
        subject = " ".join("".join(template.blocks["subject"](ctx)).split())
        text = "".join(template.blocks["body"](ctx)).strip() + "\n"
        body_html = render_template(
            "emails/_layout.html",
            subject=subject,
            paragraphs=_paragraphs_html(text),
            locale=locale,
        )
    return subject, text, body_html


_URL = re.compile(r"(https?://[^\s<>\"]+)")


def _paragraphs_html(text: str) -> list[Markup]:
    """The text part as HTML paragraphs, links made clickable; everything escaped."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = html.escape(block)
        linked = _URL.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped)
        paragraphs.append(Markup(linked.replace("\n", "<br>\n")))  # noqa: S704 - escaped
    return paragraphs


def queue_text(*, to: str, kind: str, locale: str, subject: str, text: str) -> OutboxEmail:
    """Queue a message whose text a person wrote or edited (the HTML part is derived)."""
    with force_locale(locale):
        body_html = render_template(
            "emails/_layout.html", subject=subject, paragraphs=_paragraphs_html(text), locale=locale
        )
    message = OutboxEmail(
        kind=kind,
        to_address=to,
        locale=locale,
        subject=subject.strip(),
        body_text=text.strip() + "\n",
        body_html=body_html,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    g.mail_queued = True
    return message


def queue_mail(*, to: str, template: str, locale: str, **context: Any) -> OutboxEmail:
    """Write a message into the outbox in the current transaction."""
    subject, text, body_html = render_email(template, locale, **context)
    message = OutboxEmail(
        kind=template,
        to_address=to,
        locale=locale,
        subject=subject,
        body_text=text,
        body_html=body_html,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    g.mail_queued = True
    return message


def _build_message(item: OutboxEmail) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = item.subject
    message["From"] = config["MAIL_FROM"]
    message["To"] = item.to_address
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rsplit("@", 1)[-1].strip(">"))
    message.set_content(item.body_text)
    message.add_alternative(item.body_html, subtype="html")
    message["Content-Language"] = item.locale  # after set_content, which clears Content-*
    return message


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    security = config["SMTP_SECURITY"]
    host, port, timeout = config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_TIMEOUT"]
    if security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if config["SMTP_USER"]:
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
        smtp.send_message(message)


def _send_console(message: EmailMessage) -> None:
    """Development: print the message and keep a copy in instance/outbox/."""
    folder = Path(current_app.config["INSTANCE_PATH"]) / "outbox"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    path.write_bytes(bytes(message))
    body = message.get_body(("plain",))
    print(
        f"\n--- e-mail to {message['To']}: {message['Subject']} ({path})\n"
        f"{body.get_content() if body else ''}---\n",
        flush=True,
    )


def _claim(item_id: int) -> bool:
    """Take a lease on one due message, so two senders never send it twice."""
    now = utcnow()
    # An UPDATE returns a CursorResult, which has the row count.
    claimed = db.session.execute(  # type: ignore[attr-defined]
        update(OutboxEmail)
        .where(
            OutboxEmail.id == item_id,
            OutboxEmail.status == OutboxStatus.PENDING,
            OutboxEmail.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + LEASE)
    ).rowcount
    db.session.commit()
    return claimed == 1


def deliver_due(limit: int = 100) -> tuple[int, int]:
    """Send the messages that are due. Returns (sent, failed attempts)."""
    backend = _send_smtp if current_app.config["MAIL_BACKEND"] == "smtp" else _send_console
    due_ids = db.session.scalars(
        select(OutboxEmail.id)
        .where(OutboxEmail.status == OutboxStatus.PENDING, OutboxEmail.next_attempt_at <= utcnow())
        .order_by(OutboxEmail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    sent = failed = 0
    for item_id in due_ids:
        if not _claim(item_id):
            continue
        item = db.session.get(OutboxEmail, item_id)
        assert item is not None
        try:
            backend(_build_message(item))
        except (OSError, smtplib.SMTPException) as error:
            item.attempts += 1
            item.last_error = f"{type(error).__name__}: {error}"[:1000]
            if item.attempts >= MAX_ATTEMPTS:
                item.status = OutboxStatus.FAILED
            else:
                item.next_attempt_at = utcnow() + BACKOFF[min(item.attempts, len(BACKOFF)) - 1]
            failed += 1
            log.warning("mail %s to %s failed: %s", item.id, item.to_address, item.last_error)
        else:
            item.status = OutboxStatus.SENT
            item.sent_at = utcnow()
            item.attempts += 1
            sent += 1
        db.session.commit()
    return sent, failed


def register_mail_delivery(app: Flask) -> None:
    """Deliver right after a response that queued mail, once the client has it."""

    @app.after_request
    def deliver_after_response(response: Response) -> Response:
        if app.config["MAIL_DELIVER_AFTER_REQUEST"] and g.get("mail_queued"):

            def deliver() -> None:
                with app.app_context():
                    try:
                        deliver_due(limit=20)
                    except Exception:  # never let mail break a served response
                        log.exception("delivering mail after the response failed")

            response.call_on_close(deliver)
        return response
