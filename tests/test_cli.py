from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import verify_password
from portal.extensions import db


def test_create_admin_asks_the_password_twice_without_echo(app):
    result = app.test_cli_runner().invoke(
        args=["portal", "create-admin"],
        input="Boss@Example.org\nThe Boss\nstrong admin passphrase\nstrong admin passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "strong admin passphrase" not in result.output
    assert "Repeat for confirmation" in result.output
    user = db.session.scalars(select(User)).one()
    assert user.email == "boss@example.org"
    assert user.is_admin
    assert user.is_confirmed
    assert verify_password(user.password_hash, "strong admin passphrase")


def test_create_admin_refuses_weak_passwords(app):
    result = app.test_cli_runner().invoke(
        args=[
            "portal",
            "create-admin",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--password",
            "password123",
        ]
    )
    assert result.exit_code != 0
    assert "not a common one" in result.output
    assert db.session.scalars(select(User)).first() is None


def test_seed_demo_prints_the_demo_accounts(app):
    result = app.test_cli_runner().invoke(args=["portal", "seed-demo"])
    assert "lead.unesco@example.org" in result.output
    assert "demo-lead-pass" in result.output


def test_seed_demo_refuses_to_run_in_production(app):
    app.config["PORTAL_ENV"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["portal", "seed-demo"])
    finally:
        app.config["PORTAL_ENV"] = "test"
    assert result.exit_code != 0
    assert "development only" in result.output
