"""The audit trail as people read it: each event a sentence in the reader's language
("Camille Martin moved Ana Lima's application from Submitted to Accepted"), with links
to the person and the object.

The trail itself holds identifiers only (core/audit.py); the names are looked up when
the page is shown, in one query per kind of thing, so an erased person reads as such.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.applications.enums import ApplicationStatus
from portal.applications.models import Application
from portal.core.models import AuditEvent
from portal.delegations.enums import MembershipRole
from portal.delegations.models import Delegation, Membership
from portal.extensions import db
from portal.privacy.erasure import is_erased

# The actions an admin can filter on, in the order of the filter's list.
ACTIONS: dict[str, Any] = {
    "auth.sign_in": _l("Signed in"),
    "auth.sign_in_failed": _l("Failed sign-in"),
    "auth.sign_out": _l("Signed out"),
    "auth.password_reset": _l("Password reset"),
    "auth.password_changed": _l("Password changed"),
    "auth.second_factor_added": _l("Second factor added"),
    "auth.second_factor_removed": _l("Second factor removed"),
    "auth.second_factor_failed": _l("Wrong second-factor code"),
    "auth.recovery_code_used": _l("Recovery code used"),
    "auth.recovery_codes_renewed": _l("Recovery codes renewed"),
    "auth.session_ended": _l("Session signed out from the list"),
    "admin.second_factor_reset": _l("Second factor reset"),
    "account.created": _l("Account created"),
    "account.email_changed": _l("E-mail address changed"),
    "account.exported": _l("Personal data downloaded"),
    "account.erased": _l("Personal data erased"),
    "admin.account_deactivated": _l("Account deactivated"),
    "admin.account_reactivated": _l("Account reactivated"),
    "admin.delegation_saved": _l("Delegation saved"),
    "membership.lead_appointed": _l("Lead appointed"),
    "membership.lead_removed": _l("Lead removed"),
    "membership.joined_by_invitation": _l("Joined a team"),
    "membership.role_changed": _l("Team role changed"),
    "membership.ended": _l("Membership ended"),
    "application.status_changed": _l("Application status changed"),
    "application.status_undone": _l("Application decision undone"),
    "applications.exported": _l("Applicants exported"),
    "document.downloaded": _l("Document downloaded"),
    "interview.booked": _l("Interview booked"),
    "interview.cancelled": _l("Interview cancelled"),
    "interview.held": _l("Interview held"),
    "interview.no_show": _l("Interview missed"),
    "interview.other_times_asked": _l("Other interview times asked"),
    "membership.term_over": _l("Term over"),
    "session.designated": _l("Representative designated"),
    "session.undesignated": _l("Designation withdrawn"),
    "session.withdrawn": _l("Representative withdrew"),
    "session.cancelled": _l("Session cancelled"),
    "retention.purged": _l("Retention purge"),
    "audit.exported": _l("Audit trail exported"),
}


@dataclass
class Names:
    """What the events of a page speak of, loaded together."""

    users: dict[int, User] = field(default_factory=dict)
    applications: dict[int, Application] = field(default_factory=dict)
    memberships: dict[int, Membership] = field(default_factory=dict)
    delegations: dict[int, Delegation] = field(default_factory=dict)


def _by_id(model: Any, ids: set[int], *options: Any) -> dict[int, Any]:
    if not ids:
        return {}
    rows = db.session.scalars(select(model).where(model.id.in_(ids)).options(*options))
    return {row.id: row for row in rows}


def load_names(events: Sequence[AuditEvent]) -> Names:
    """The people, applications, memberships and delegations `events` speak of (four
    queries, whatever the number of events)."""
    ids: dict[str, set[int]] = {"User": set(), "Application": set(), "Membership": set()}
    delegation_ids: set[int] = set()
    for event in events:
        if event.actor_id:
            ids["User"].add(event.actor_id)
        if event.subject_type in ids and event.subject_id:
            ids[event.subject_type].add(event.subject_id)
        if isinstance(event.details.get("application_id"), int):
            ids["Application"].add(event.details["application_id"])
        if isinstance(event.details.get("user_id"), int):
            ids["User"].add(event.details["user_id"])
        if event.delegation_id:
            delegation_ids.add(event.delegation_id)
    names = Names(
        applications=_by_id(Application, ids["Application"]),
        memberships=_by_id(Membership, ids["Membership"]),
    )
    people = ids["User"] | {a.user_id for a in names.applications.values() if a.user_id}
    people |= {m.user_id for m in names.memberships.values()}
    names.users = _by_id(User, people)
    names.delegations = _by_id(
        Delegation,
        delegation_ids | {a.delegation_id for a in names.applications.values()},
        selectinload(Delegation.translations),
    )
    return names


def person_name(names: Names, user_id: int | None) -> str:
    """A person's name as the trail shows it (plain text, for the export too)."""
    user = names.users.get(user_id) if user_id else None
    if user is None:
        return _("someone") if user_id is None else _("account #%(id)s", id=user_id)
    return _("an erased account") if is_erased(user) else user.name


def _person(names: Names, user_id: int | None, *, links: bool) -> Markup:
    name = escape(person_name(names, user_id))
    if links and user_id and user_id in names.users:
        return Markup('<a href="%s">%s</a>') % (url_for("admin.user", user_id=user_id), name)
    return name


def _delegation(names: Names, delegation_id: int | None, *, links: bool) -> Markup:
    delegation = names.delegations.get(delegation_id) if delegation_id else None
    if delegation is None:
        return escape(_("a delegation"))
    name = escape(delegation.translated("name"))
    if not links:
        return name
    url = url_for("admin.edit_delegation", delegation_id=delegation.id)
    return Markup('<a href="%s">%s</a>') % (url, name)


def _application(names: Names, application: Application | None, *, links: bool) -> Markup:
    """ "Ana Lima's application", linked to its page in the delegation's workspace."""
    if application is None:
        return escape(_("an application"))
    text = escape(_("%(name)s's application", name=person_name(names, application.user_id)))
    delegation = names.delegations.get(application.delegation_id)
    if not links or delegation is None:
        return text
    url = url_for("reviews_manage.detail", slug=delegation.slug, application_id=application.id)
    return Markup('<a href="%s">%s</a>') % (url, text)


def _status(value: Any) -> str:
    try:
        return str(ApplicationStatus(value).label)
    except ValueError:
        return str(value)


def _role(value: Any) -> str:
    try:
        return str(MembershipRole(value).label)
    except ValueError:
        return str(value)


Sentence = Callable[[AuditEvent, dict[str, Markup], Names], str]


def _application_sentence(event: AuditEvent, parts: dict[str, Markup], names: Names) -> str:
    details = event.details
    moves = {
        **parts,
        "from": _status(details.get("from_status")),
        "to": _status(details.get("to_status")),
    }
    if event.action == "application.status_undone":
        return _("%(actor)s undid the last move of %(application)s, back to %(to)s", **moves)
    application = names.applications.get(event.subject_id or 0)
    if application is not None and application.user_id == event.actor_id:
        return _("%(actor)s moved their application from %(from)s to %(to)s", **moves)
    return _("%(actor)s moved %(application)s from %(from)s to %(to)s", **moves)


def _erased_sentence(event: AuditEvent, parts: dict[str, Markup], _names: Names) -> str:
    if event.details.get("by_self"):
        return _("%(subject)s deleted their account and its data", **parts)
    return _("%(actor)s erased the personal data of %(subject)s", **parts)


def _sign_in_sentence(event: AuditEvent, parts: dict[str, Markup], _names: Names) -> str:
    method, second = event.details.get("method"), event.details.get("second_factor")
    if method == "passkey":
        return _("%(actor)s signed in with a passkey", **parts)
    if method == "link":
        if second:
            return _("%(actor)s signed in with an e-mail link and a second factor", **parts)
        return _("%(actor)s signed in with an e-mail link", **parts)
    if second:
        return _("%(actor)s signed in with a second factor", **parts)
    return _("%(actor)s signed in", **parts)


def _factor_sentence(event: AuditEvent, parts: dict[str, Markup], _names: Names) -> str:
    passkey = event.details.get("kind") == "passkey"
    if event.action == "auth.second_factor_added":
        if passkey:
            return _("%(actor)s added a passkey", **parts)
        return _("%(actor)s set up an authenticator app", **parts)
    if passkey:
        return _("%(actor)s removed a passkey", **parts)
    return _("%(actor)s removed their authenticator app", **parts)


def _session_ended_sentence(event: AuditEvent, parts: dict[str, Markup], _names: Names) -> str:
    if event.details.get("everywhere"):
        return _("%(actor)s signed out everywhere else", **parts)
    return _("%(actor)s signed out one of their other browsers", **parts)


def _failed_sign_in_sentence(event: AuditEvent, parts: dict[str, Markup], _names: Names) -> str:
    if event.subject_id is None:
        return _("Failed sign-in with an address that has no account")
    return _("Failed sign-in to the account of %(subject)s", **parts)


def _purge_sentence(event: AuditEvent, _parts: dict[str, Markup], _names: Names) -> str:
    details = event.details
    return _(
        "The retention purge deleted %(applications)s applications, %(accounts)s "
        "unconfirmed accounts and %(documents)s documents",
        applications=details.get("applications", 0),
        accounts=details.get("accounts", 0),
        documents=details.get("documents", 0),
    )


def _download_sentence(event: AuditEvent, parts: dict[str, Markup], _names: Names) -> str:
    if "accreditation_id" in event.details:
        return _("%(actor)s downloaded the accreditation scan of %(member)s", **parts)
    return _("%(actor)s downloaded the CV of %(application)s", **parts)


def _simple(text: Any) -> Sentence:
    return lambda _event, parts, _names: str(text) % parts


SENTENCES: dict[str, Sentence] = {
    "auth.sign_in": _sign_in_sentence,
    "auth.sign_in_failed": _failed_sign_in_sentence,
    "auth.sign_out": _simple(_l("%(actor)s signed out")),
    "auth.password_reset": _simple(_l("%(actor)s reset their password by e-mail")),
    "auth.password_changed": _simple(_l("%(actor)s changed their password")),
    "auth.second_factor_added": _factor_sentence,
    "auth.second_factor_removed": _factor_sentence,
    "auth.second_factor_failed": _simple(_l("%(actor)s typed a wrong second-factor code")),
    "auth.recovery_code_used": _simple(_l("%(actor)s used a recovery code")),
    "auth.recovery_codes_renewed": _simple(_l("%(actor)s made new recovery codes")),
    "auth.session_ended": _session_ended_sentence,
    "admin.second_factor_reset": _simple(_l("%(actor)s reset the second factor of %(subject)s")),
    "account.created": _simple(_l("%(actor)s created an account")),
    "account.email_changed": _simple(_l("%(actor)s changed their e-mail address")),
    "account.exported": _simple(_l("%(actor)s downloaded a copy of their personal data")),
    "account.erased": _erased_sentence,
    "admin.account_deactivated": _simple(_l("%(actor)s deactivated the account of %(subject)s")),
    "admin.account_reactivated": _simple(_l("%(actor)s reactivated the account of %(subject)s")),
    "admin.delegation_saved": _simple(_l("%(actor)s saved the delegation %(delegation)s")),
    "membership.lead_appointed": _simple(
        _l("%(actor)s appointed %(member)s lead of %(delegation)s")
    ),
    "membership.lead_removed": _simple(
        _l("%(actor)s removed %(member)s as lead of %(delegation)s")
    ),
    "membership.joined_by_invitation": _simple(
        _l("%(actor)s accepted an invitation and joined %(delegation)s as %(role)s")
    ),
    "membership.role_changed": _simple(
        _l("%(actor)s changed the role of %(member)s in %(delegation)s from %(from)s to %(to)s")
    ),
    "membership.ended": _simple(
        _l("%(actor)s ended the membership of %(member)s in %(delegation)s")
    ),
    "application.status_changed": _application_sentence,
    "application.status_undone": _application_sentence,
    "applications.exported": _simple(
        _l("%(actor)s exported %(count)s applicants of %(delegation)s")
    ),
    "document.downloaded": _download_sentence,
    "interview.booked": _simple(_l("%(actor)s booked an interview for %(application)s")),
    "interview.cancelled": _simple(_l("%(actor)s cancelled the interview of %(application)s")),
    "interview.held": _simple(
        _l("%(actor)s recorded that the interview of %(application)s took place")
    ),
    "interview.no_show": _simple(
        _l("%(actor)s recorded that nobody came to the interview of %(application)s")
    ),
    "interview.other_times_asked": _simple(
        _l("%(actor)s asked for other interview times for %(application)s")
    ),
    "membership.term_over": _simple(
        _l("The term of %(member)s in %(delegation)s ended: the membership ended")
    ),
    "session.designated": _simple(
        _l("%(actor)s designated %(member)s to represent %(delegation)s at a session")
    ),
    "session.undesignated": _simple(
        _l("%(actor)s withdrew the designation of %(member)s for a session of %(delegation)s")
    ),
    "session.withdrawn": _simple(
        _l("%(member)s withdrew from a session of %(delegation)s they were designated for")
    ),
    "session.cancelled": _simple(_l("%(actor)s cancelled a session of %(delegation)s")),
    "retention.purged": _purge_sentence,
    "audit.exported": _simple(_l("%(actor)s exported %(count)s entries of the audit trail")),
}


def describe(event: AuditEvent, names: Names, *, links: bool = True) -> Markup:
    """The event as a sentence, its names escaped (and linked when `links`)."""
    details = event.details
    application_id = (
        event.subject_id if event.subject_type == "Application" else details.get("application_id")
    )
    application = names.applications.get(application_id or 0)
    membership = (
        names.memberships.get(event.subject_id or 0) if event.subject_type == "Membership" else None
    )
    member_id = membership.user_id if membership else details.get("user_id")
    actor = _person(names, event.actor_id, links=links) if event.actor_id else None
    parts = {
        "actor": actor if actor is not None else escape(_("The portal")),
        "subject": _person(names, event.subject_id, links=links)
        if event.subject_type == "User"
        else escape(""),
        "member": _person(names, member_id, links=links),
        "delegation": _delegation(names, event.delegation_id, links=links),
        "application": _application(names, application, links=links),
        "role": escape(_role(details.get("role"))),
        "from": escape(_role(details.get("from_role"))),
        "to": escape(_role(details.get("to_role"))),
        "count": escape(str(details.get("count", ""))),
    }
    sentence = SENTENCES.get(event.action)
    if sentence is None:
        return escape(event.action)
    # The sentences are translations (trusted); every part was escaped above.
    return Markup(sentence(event, parts, names))  # noqa: S704


def action_choices(present: Iterable[str]) -> list[tuple[str, str]]:
    """(code, label) of the known actions, then any other code found in the trail."""
    known = [(code, str(label)) for code, label in ACTIONS.items()]
    return known + [(code, code) for code in present if code not in ACTIONS]
