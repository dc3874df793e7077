"""The delegations portal: news, volunteer roles and teams of MMM's delegations."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import build_config


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application. No queries, migrations or network here."""
    from portal.core.requests import PortalRequest

    settings = build_config(config)
    app = Flask(
        __name__,
        instance_path=settings["INSTANCE_PATH"],
        template_folder="../templates",
        static_folder="../static",
    )
    app.request_class = PortalRequest
    app.config.update(settings)
    for register in (
        register_logging,
        register_extensions,
        register_blueprints,
        register_web_layer,
        register_cli,
    ):
        register(app)
    return app


def register_logging(app: Flask) -> None:
    from portal.core.logging import configure_logging, register_request_ids

    configure_logging(app)
    register_request_ids(app)


def register_extensions(app: Flask) -> None:
    import portal.model_registry
    import portal.task_registry  # noqa: F401 - every background task, for the worker
    from portal.accounts.sessions import register_sessions
    from portal.core.db import tune_sqlite
    from portal.core.i18n import register_i18n
    from portal.core.queue import init_queue
    from portal.extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    register_i18n(app)
    register_sessions(app)
    init_queue(app)
    with app.app_context():
        tune_sqlite(db.engine, strict=app.config["TESTING"])


def register_blueprints(app: Flask) -> None:
    """Public pages first, then the signed-in areas, the workspace and the admin area."""
    from portal.core.validation import BoundedId

    app.url_map.converters["int"] = BoundedId  # ids beyond the database's range are 404s
    from portal.accounts import views as accounts
    from portal.admin import views as admin
    from portal.applications import views as applications
    from portal.core import health
    from portal.delegations import views as delegations
    from portal.interviews import manage as interviews_manage
    from portal.interviews import views as interviews
    from portal.members import manage as members_manage
    from portal.members import views as members
    from portal.mfa import views as mfa
    from portal.news import manage as news_manage
    from portal.news import media
    from portal.news import views as news
    from portal.openings import manage as openings_manage
    from portal.openings import views as openings
    from portal.pages import views as pages
    from portal.privacy import views as privacy
    from portal.reviews import manage as reviews_manage
    from portal.reviews import wordings, workspace
    from portal.teams import manage as teams_manage
    from portal.teams import views as teams

    for module in (
        health,
        pages,
        delegations,
        news,
        openings,
        accounts,
        mfa,
        applications,
        teams,
        members,
        interviews,
        privacy,
        workspace,
        openings_manage,
        reviews_manage,
        wordings,
        teams_manage,
        interviews_manage,
        members_manage,
        news_manage,
        media,
        admin,
    ):
        app.register_blueprint(module.bp)


def register_web_layer(app: Flask) -> None:
    from portal.core.cache import (
        register_private_pages,
        register_public_cache,
        register_static_fingerprints,
    )
    from portal.core.errors import register_error_pages
    from portal.core.i18n import register_root_redirect
    from portal.core.security import register_security_headers
    from portal.core.templating import register_template_helpers
    from portal.mfa.guard import register_guard

    register_public_cache(app)
    register_private_pages(app)
    register_static_fingerprints(app)
    register_root_redirect(app)
    register_security_headers(app)
    register_error_pages(app)
    register_template_helpers(app)
    register_permission_helpers(app)
    register_guard(app)
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        # Flask's documented way to add WSGI middleware; its stubs declare a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def register_permission_helpers(app: Flask) -> None:
    """Templates ask the same named rules as views."""
    from portal.accounts.rules import can_apply, is_admin
    from portal.delegations.rules import can_manage_delegation, can_use_workspace
    from portal.members.rules import member_delegation_ids

    app.jinja_env.globals.update(
        member_delegation_ids=member_delegation_ids,
        is_admin=is_admin,
        can_apply=can_apply,
        can_manage_delegation=can_manage_delegation,
        can_use_workspace=can_use_workspace,
    )


def register_cli(app: Flask) -> None:
    from portal.cli import portal_cli

    app.cli.add_command(portal_cli)
