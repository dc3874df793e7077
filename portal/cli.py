"""`flask portal ...` commands."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.extensions import db


@click.group("portal")
def portal_cli() -> None:
    """Delegations portal administration."""


@portal_cli.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo content (idempotent: running it twice changes nothing)."""
    from portal.demo.seed import seed_demo_content

    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("seed-demo is for development only.")
    summary = seed_demo_content()
    db.session.commit()
    click.echo(f"Demo content ready: {summary}.")
