"""Each recorded action leaves an audit entry (who, what, when, from where)."""

from sqlalchemy import select

from portal.core.models import AuditEvent
from portal.extensions import db
from tests import factories
from tests.conftest import submit


def _actions():
    db.session.expire_all()
    return [
        (e.action, e.actor_id)
        for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_sign_ins_failures_sign_outs_and_password_changes(client, login):
    user = factories.user()
    submit(client, "/en/account/login", {"email": user.email, "password": "wrong password!"})
    login(user)
    submit(
        client,
        "/en/account/",
        {
            "current_password": factories.DEFAULT_PASSWORD,
            "password": "new long passphrase",
            "confirm": "new long passphrase",
        },
        action="/en/account/password",
    )
    submit(client, "/en/account/", {}, action="/en/account/logout")
    actions = _actions()
    assert actions == [
        ("auth.sign_in_failed", None),
        ("auth.sign_in", user.id),
        ("auth.password_changed", user.id),
        ("auth.sign_out", user.id),
    ]
    failed = db.session.scalars(select(AuditEvent)).first()
    assert failed.subject_id == user.id
    assert failed.ip_address == "127.0.0.1"


def test_status_changes_downloads_role_changes_and_admin_actions(app, client, login):
    delegation = factories.delegation(slug="unesco")
    lead = factories.user()
    factories.membership(lead, delegation)
    member = factories.membership(factories.user(), delegation, role="member")
    application = factories.application(factories.opening(delegation), factories.user())
    login(lead)
    client.get(f"/en/applications/{application.id}/cv")
    submit(
        client,
        "/en/manage/unesco/applications/",
        {"to_status": "interview", "confirmed": "1"},
        action=f"/en/manage/unesco/applications/{application.id}/decide",
    )
    submit(
        client,
        f"/en/manage/unesco/team/members/{member.id}",
        {"role": "lead"},
    )
    admin = app.test_client()
    admin_user = factories.user(admin=True)
    login(admin_user, on=admin)
    target = factories.user()
    submit(
        admin,
        f"/en/admin/users/{target.id}",
        {"active": "0", "confirmed": "1"},
        action=f"/en/admin/users/{target.id}/active",
    )
    submit(
        admin,
        "/en/admin/delegations/new",
        {
            "slug": "eu",
            "sort_order": "1",
            "timezone": "Europe/Paris",
            "en-name": "EU",
            "en-heading": "MMM at the EU",
        },
    )
    actions = {a for a, _ in _actions()}
    assert {
        "document.downloaded",
        "application.status_changed",
        "membership.role_changed",
        "admin.account_deactivated",
        "admin.delegation_saved",
    } <= actions
    change = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.status_changed")
    ).one()
    assert change.details == {"from_status": "submitted", "to_status": "interview"}
    assert change.actor_id == lead.id
    page = admin.get("/en/admin/audit/?action=application.status_changed").get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert "Application status changed" in rows
    assert "Signed in" not in rows
