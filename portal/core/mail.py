"""E-mail through an outbox, delivered by the background worker.

`queue_mail()` renders a message in the recipient's language and adds it to the
session, so it commits (or rolls back) with the change that caused it; once committed,
the worker is nudged. `deliver_due()` runs in the worker only, never in a web request:
it takes a lease on each due message in a short transaction, talks to the SMTP server
with no transaction open, then records the outcome in another short transaction. A
failed delivery stays pending with its error and is retried with back-off; a message
that cannot be built or sent for another reason is marked failed (the admin outbox shows
it) and delivery goes on with the next.
"""

from __future__ import annotations

import html
import logging
import re
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from huey import crontab
from markupsafe import Markup
from sqlalchemy import select, update

from portal.core.clock import utcnow
from portal.core.enums import OutboxStatus
from portal.core.models import OutboxEmail
from portal.core.queue import enqueue_after_commit, huey, with_app
from portal.core.text import one_line
from portal.extensions import db

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=10)  # a message being sent is not picked again before this
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 720, 1440)]
# Errors of the network or the SMTP server: worth another attempt later.
TRANSIENT = (OSError, smtplib.SMTPException)


def render_email(name: str, locale: str, **context: Any) -> tuple[str, str, str]:
    """Subject, text and HTML of emails/<name>.txt rendered in `locale`."""
    with force_locale(locale):
        template = current_app.jinja_env.get_template(f"emails/{name}.txt")
        values = dict(context, locale=locale)
        current_app.update_template_context(values)
        ctx = template.new_context(values)
        subject = one_line("".join(template.blocks["subject"](ctx)))
        text = "".join(template.blocks["body"](ctx)).strip() + "\n"
        button = template.blocks.get("button")
        label = one_line("".join(button(ctx))) if button else ""
        body_html = _html_part(subject, text, locale, button=label)
    return subject, text, body_html


_URL = re.compile(r"(https?://[^\s<>\"]+)")


BUTTON_STYLE = (
    "display:inline-block;padding:12px 22px;border-radius:999px;background:#9c1f4f;"
    "color:#ffffff;font-weight:bold;text-decoration:none"
)


def _paragraphs_html(text: str, *, button: str = "") -> list[Markup]:
    """The text part as HTML paragraphs, everything escaped; only the portal's own
    addresses become links (a link written by an applicant into a name or a message
    stays plain text). The first paragraph that is only a portal address becomes a
    button labelled `button`, with the address below it for mail programs that hide
    buttons."""
    own = current_app.config["BASE_URL"] + "/"

    def link(match: re.Match[str]) -> str:
        url = match.group(1)
        return f'<a href="{url}">{url}</a>' if html.unescape(url).startswith(own) else url

    paragraphs: list[Markup] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in block.strip().split("\n"):
            escaped = html.escape(line.strip())
            if button and _URL.fullmatch(escaped) and html.unescape(escaped).startswith(own):
                if lines:
                    paragraphs.append(Markup("<br>\n".join(lines)))  # noqa: S704 - escaped
                    lines = []
                label = html.escape(button)
                paragraphs.append(
                    Markup(  # noqa: S704 - escaped
                        f'<a href="{escaped}" style="{BUTTON_STYLE}">{label}</a></p>\n'
                        f'<p style="font-size:13px;color:#4a5565"><a href="{escaped}">'
                        f"{escaped}</a>"
                    )
                )
                button = ""
            else:
                lines.append(_URL.sub(link, escaped))
        if lines:
            paragraphs.append(Markup("<br>\n".join(lines)))  # noqa: S704 - escaped
    return paragraphs


def _html_part(subject: str, text: str, locale: str, *, button: str = "") -> str:
    return render_template(
        "emails/_layout.html",
        subject=subject,
        paragraphs=_paragraphs_html(text, button=button),
        locale=locale,
    )


def _add(
    *,
    to: str,
    kind: str,
    locale: str,
    subject: str,
    text: str,
    body_html: str,
    about: int | None = None,
    reply_to: str | None = None,
    calendar: str | None = None,
) -> OutboxEmail:
    message = OutboxEmail(
        calendar=calendar,
        kind=kind,
        to_address=one_line(to),
        reply_to=one_line(reply_to) if reply_to else None,
        about_user_id=about,
        locale=locale,
        subject=one_line(subject)[:250],
        body_text=text,
        body_html=body_html,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    enqueue_after_commit(deliver_mail.s())
    return message


def queue_text(
    *, to: str, kind: str, locale: str, subject: str, text: str, reply_to: str | None = None
) -> OutboxEmail:
    """Queue a message whose text a person wrote or edited (the HTML part is derived);
    answers go to `reply_to` when given."""
    subject, text = one_line(subject), text.strip() + "\n"
    with force_locale(locale):
        body_html = _html_part(subject, text, locale)
    return _add(
        to=to,
        kind=kind,
        locale=locale,
        subject=subject,
        text=text,
        body_html=body_html,
        reply_to=reply_to,
    )


def queue_mail(
    *,
    to: str,
    template: str,
    locale: str,
    about: int | None = None,
    calendar: str | None = None,
    reply_to: str | None = None,
    **context: Any,
) -> OutboxEmail:
    """Write a message into the outbox in the current transaction. `about` is the id of
    the person it speaks about, when that is not the recipient (erasure deletes it);
    `calendar` an iCalendar text sent along as invitation.ics."""
    subject, text, body_html = render_email(template, locale, **context)
    return _add(
        to=to,
        kind=template,
        locale=locale,
        subject=subject,
        text=text,
        body_html=body_html,
        about=about,
        reply_to=reply_to,
        calendar=calendar,
    )


@dataclass(frozen=True)
class Outgoing:
    """What is needed to send one message, read before the transaction ends."""

    id: int
    to_address: str
    reply_to: str | None
    locale: str
    subject: str
    body_text: str
    body_html: str
    created_at: datetime
    calendar: str | None = None


def _build_message(item: Outgoing) -> EmailMessage:
    config = current_app.config
    domain = config["MAIL_FROM"].rsplit("@", 1)[-1].strip(">").strip()
    message = EmailMessage()
    message["Subject"] = item.subject
    message["From"] = config["MAIL_FROM"]
    message["To"] = item.to_address
    if item.reply_to:
        message["Reply-To"] = item.reply_to
    message["Date"] = formatdate(localtime=False)
    # Stable across attempts, so a message sent twice after a crash is one message to
    # the recipient's mail program.
    message["Message-ID"] = f"<outbox-{item.id}-{item.created_at:%Y%m%d%H%M%S}@{domain}>"
    message.set_content(item.body_text)
    message.add_alternative(item.body_html, subtype="html")
    message["Content-Language"] = item.locale  # after set_content, which clears Content-*
    if item.calendar:
        method = "CANCEL" if "\nMETHOD:CANCEL" in item.calendar else "REQUEST"
        message.add_attachment(
            item.calendar, subtype="calendar", filename="invitation.ics", params={"method": method}
        )
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


def _claim(item_id: int) -> Outgoing | None:
    """Take a lease on one due message (so two senders never send it twice) and read
    it, in one short transaction."""
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
    item = db.session.get(OutboxEmail, item_id) if claimed == 1 else None
    outgoing = (
        Outgoing(
            id=item.id,
            to_address=item.to_address,
            reply_to=item.reply_to,
            locale=item.locale,
            subject=item.subject,
            body_text=item.body_text,
            body_html=item.body_html,
            created_at=item.created_at,
            calendar=item.calendar,
        )
        if item is not None
        else None
    )
    db.session.commit()
    return outgoing


def _record(item_id: int, error: BaseException | None, *, permanent: bool = False) -> None:
    """The outcome of one attempt, in its own short transaction."""
    item = db.session.get(OutboxEmail, item_id, populate_existing=True)
    assert item is not None
    item.attempts += 1
    if error is None:
        item.status, item.sent_at, item.last_error = OutboxStatus.SENT, utcnow(), None
    else:
        item.last_error = f"{type(error).__name__}: {error}"[:1000]
        if permanent or item.attempts >= MAX_ATTEMPTS:
            item.status = OutboxStatus.FAILED
        else:
            item.next_attempt_at = utcnow() + BACKOFF[min(item.attempts, len(BACKOFF)) - 1]
        log.warning("mail %s to %s failed: %s", item.id, item.to_address, item.last_error)
    db.session.commit()


def deliver_due(limit: int = 100) -> tuple[int, int]:
    """Send the messages that are due. Returns (sent, failed attempts).

    For the worker and the `send-mail` command only: it talks to the SMTP server.
    """
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
        outgoing = _claim(item_id)
        if outgoing is None:
            continue
        error: BaseException | None = None
        permanent = False
        try:
            backend(_build_message(outgoing))  # no transaction is open here
        except TRANSIENT as transient:
            error = transient
        except Exception as unexpected:  # a bad header, a bug: do not block the others
            error, permanent = unexpected, True
            log.exception("mail %s cannot be sent", item_id)
        _record(item_id, error, permanent=permanent)
        sent, failed = (sent + 1, failed) if error is None else (sent, failed + 1)
    return sent, failed


@huey.task(retries=2, retry_delay=30)
@with_app
def deliver_mail() -> None:
    """Send what is due now (enqueued after a commit that queued mail)."""
    deliver_due(limit=50)


@huey.periodic_task(crontab(minute="*"))
@huey.lock_task("deliver-mail")
@with_app
def deliver_mail_every_minute() -> None:
    """Catch up on retries and on nudges that were lost."""
    deliver_due(limit=500)
