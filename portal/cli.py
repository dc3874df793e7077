"""`flask portal ...` commands."""

from __future__ import annotations

import logging

import click
import pyotp
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask.cli import with_appcontext
from huey.consumer_options import ConsumerConfig

from portal.accounts.models import User
from portal.accounts.passwords import MIN_LENGTH, hash_password, is_common_password
from portal.accounts.services import find_by_email, normalise_email
from portal.core.clock import utcnow
from portal.core.mail import deliver_due
from portal.core.queue import huey
from portal.demo.members import MEMBERS as DEMO_MEMBERS
from portal.demo.seed import DEMO_ACCOUNTS, DEMO_TOTP_SECRET, seed_demo_content
from portal.extensions import db
from portal.privacy.retention import purge as run_purge


@click.group("portal")
def portal_cli() -> None:
    """Delegations portal administration."""


@portal_cli.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo content and demo accounts (idempotent; not in production)."""
    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("seed-demo is for development only.")
    summary = seed_demo_content()
    db.session.commit()
    click.echo(f"Demo content ready: {summary}.")
    click.echo("Demo accounts (e-mail / password):")
    for account in [*DEMO_ACCOUNTS, *DEMO_MEMBERS]:
        click.echo(f"  {account['role']:<22} {account['email']:<28} {account['password']}")
    click.echo(
        f"The admin and the leads sign in with a second factor: the authenticator-app key "
        f"{DEMO_TOTP_SECRET}, or `flask portal demo-code` for the current code."
    )


@portal_cli.command("demo-code")
@with_appcontext
def demo_code() -> None:
    """The current one-time code of the demo admin and leads (not in production)."""
    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("demo-code is for development only.")
    click.echo(pyotp.TOTP(DEMO_TOTP_SECRET).now())


@portal_cli.command("create-admin")
@click.option("--email", prompt="E-mail address")
@click.option("--name", prompt="Name")
@click.option(
    "--password",
    prompt="Password",
    hide_input=True,
    confirmation_prompt=True,
    help="Asked twice and never echoed when not given.",
)
@click.option("--locale", default=None, help="A language of the portal (default: its default).")
@with_appcontext
def create_admin(email: str, name: str, password: str, locale: str | None) -> None:
    """Create a site admin (or make an existing account one)."""
    default_locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    if default_locale not in current_app.config["LANGUAGES"]:
        raise click.ClickException(
            f"Choose one of the portal's languages: {', '.join(current_app.config['LANGUAGES'])}."
        )
    try:
        email = normalise_email(validate_email(email, check_deliverability=False).normalized)
    except EmailNotValidError as error:
        raise click.ClickException(f"Not a valid e-mail address: {error}") from error
    if len(password) < MIN_LENGTH or is_common_password(password):
        raise click.ClickException(
            f"Choose a password of at least {MIN_LENGTH} characters that is not a common one."
        )
    user = find_by_email(email)
    if user is None:
        user = User(email=email, name=name.strip(), locale=default_locale)
        db.session.add(user)
    user.password_hash = hash_password(password)
    user.is_admin = True
    user.is_active_account = True
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
    click.echo(f"{email} is an admin.")


@portal_cli.command("worker")
@click.option("-w", "--workers", default=2, show_default=True, help="Threads taking tasks.")
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Run the periodic tasks (mail retries, nightly purge). Exactly one worker should.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log every task.")
@with_appcontext
def worker(workers: int, periodic: bool, verbose: bool) -> None:
    """Run the background worker: delivers mail, runs the periodic jobs (SIGTERM waits
    for running tasks, up to 25 s)."""
    config = ConsumerConfig(
        workers=workers,
        worker_type="thread",
        periodic=periodic,
        graceful_signal="TERM",
        shutdown_timeout=25,
        flush_locks=True,
    )
    config.validate()
    logging.getLogger("huey").setLevel(logging.DEBUG if verbose else logging.INFO)
    if not logging.getLogger().handlers:  # development: readable lines on the console
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"Worker started: queue {current_app.config['QUEUE_URL']}, {workers} threads.")
    huey.create_consumer(**config.values).run()


@portal_cli.command("send-mail")
@click.option("--limit", default=500, show_default=True, help="At most this many messages.")
@with_appcontext
def send_mail(limit: int) -> None:
    """Deliver the e-mails that are due now (the worker does it every minute)."""

    sent, failed = deliver_due(limit=limit)
    click.echo(f"{sent} sent, {failed} failed (kept for a later attempt).")


@portal_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say what would be removed.")
@click.option(
    "--months",
    type=int,
    default=None,
    help="Retention of declined or withdrawn applications (default: PORTAL_RETENTION_MONTHS).",
)
@with_appcontext
def purge(dry_run: bool, months: int | None) -> None:
    """Remove data past its retention period now (the worker does it every night)."""

    months = months or current_app.config["RETENTION_MONTHS"]
    report = run_purge(months=months, dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    click.echo("Would remove:" if dry_run else "Removed:")
    for line in report.lines():
        click.echo(f"  {line}")
