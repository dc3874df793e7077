"""The lead workspace's home: /<lang>/manage/, and loading a delegation by permission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.rules import is_admin
from portal.core.permissions import require
from portal.delegations.models import Delegation
from portal.delegations.rules import (
    can_manage_delegation,
    can_use_workspace,
    reviewed_delegation_ids,
)
from portal.extensions import db

bp = Blueprint("delegations_manage", __name__, url_prefix="/<lang:lang_code>/manage")


def workspace_delegations() -> list[Delegation]:
    """The delegations the current user leads or reviews for (all for admins)."""
    statement = (
        select(Delegation)
        .order_by(Delegation.sort_order, Delegation.id)
        .options(selectinload(Delegation.translations))
    )
    if not is_admin(current_user):
        statement = statement.where(Delegation.id.in_(reviewed_delegation_ids(current_user)))
    return list(db.session.scalars(statement))


def load_delegation(slug: str, rule: Callable[[Any, int], bool]) -> Delegation:
    """The delegation at `slug` if `rule(current_user, id)` allows; 404 otherwise."""
    delegation = db.session.scalars(
        select(Delegation)
        .where(Delegation.slug == slug)
        .options(selectinload(Delegation.translations))
    ).first()
    if delegation is None:
        abort(404)
    require(rule(current_user, delegation.id))
    return delegation


def load_managed_delegation(slug: str) -> Delegation:
    """The delegation at `slug` if the current user leads it (or is an admin)."""
    return load_delegation(slug, can_manage_delegation)


@bp.get("/")
@login_required
def home() -> str:
    from portal.reviews.dashboard import delegation_summaries

    require(can_use_workspace(current_user), hide=False)
    return render_template(
        "delegations/manage/home.html",
        summaries=delegation_summaries(workspace_delegations()),
    )
