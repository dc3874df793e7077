"""The audit trail: `record()` adds an event to the current transaction.

Events land with the change they describe (or not at all). They hold identifiers,
never names or e-mail addresses, so erasing a person leaves the trail intact and free
of their personal data.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.core.models import AuditEvent
from portal.extensions import db


class AuditTrailIsAppendOnly(RuntimeError):
    pass


def record(
    action: str,
    *,
    actor: Any = None,
    subject: Any = None,
    delegation_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Record `action` by `actor` (default: the signed-in person, if any) on `subject`,
    in the delegation the subject belongs to unless `delegation_id` says otherwise."""
    if actor is None and has_request_context():
        actor = current_user
    actor_id = getattr(actor, "id", None) if getattr(actor, "is_authenticated", True) else None
    entry = AuditEvent(
        action=action,
        actor_id=actor_id,
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        ip_address=request.remote_addr if has_request_context() else None,
        delegation_id=delegation_id or _delegation_of(subject),
        details={k: v for k, v in details.items() if v is not None},
    )
    db.session.add(entry)
    return entry


def _delegation_of(subject: Any) -> int | None:
    if type(subject).__name__ == "Delegation":
        return subject.id
    return getattr(subject, "delegation_id", None)


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_trail(session: Session, _context: Any, _instances: Any) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEvent) and (
            instance in session.deleted or session.is_modified(instance)
        ):
            raise AuditTrailIsAppendOnly("Audit events cannot be changed or deleted.")
