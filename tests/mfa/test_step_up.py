"""Step-up: sensitive actions ask for the second factor again past a few minutes, keep
what was typed, and go on once the code is given."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.core.models import AuditEvent
from portal.delegations.models import Membership
from portal.extensions import db
from portal.mfa.models import TotpSecret
from tests import factories
from tests.conftest import csrf_token

STALE = {"minutes": 11}


@pytest.fixture
def admin_setup(client, login, clock):
    """An admin who leads a delegation, signed in with a code 11 minutes ago."""
    admin = factories.user("ada@example.org", admin=True)
    delegation = factories.delegation(slug="unesco")
    membership = factories.membership(admin, delegation)
    other = factories.user("olga@example.org")
    other_lead = factories.membership(factories.user(), delegation)
    factories.enrol_totp(other)
    opening = factories.opening(delegation, slug="role")
    factories.application(opening, factories.user())
    login(admin)
    clock.advance(**STALE)
    return {
        "admin": admin,
        "delegation": delegation,
        "membership": membership,
        "other": other,
        "other_lead": other_lead,
    }


def _post(client, page, action, data):
    return client.post(action, data={"csrf_token": csrf_token(client, page), **data})


def _is_step_up(response) -> bool:
    return response.status_code == 200 and "Confirm it is you" in response.get_data(as_text=True)


SENSITIVE_POSTS = [
    ("/en/account/", "/en/account/email", {"email": "new@example.org", "password": "x"}),
    (
        "/en/account/",
        "/en/account/password",
        {"current_password": "x", "password": "a new long password", "confirm": "x"},
    ),
    ("/en/account/data/", "/en/account/data/delete", {"password": "x"}),
    ("/en/account/security/", "/en/account/security/authenticator/remove", {}),
    ("/en/account/security/", "/en/account/security/recovery-codes", {}),
    ("/en/account/security/", "/en/account/security/passkeys", {"name": "Laptop"}),
    ("{user}", "{user}/leads", {"delegation_id": "{delegation}"}),
    ("{user}", "{user}/memberships/{other_lead}/end", {}),
    ("{user}", "{user}/erase", {"reason": "asked by phone"}),
    ("{user}", "{user}/second-factor/reset", {"reason": "called her"}),
]


@pytest.mark.parametrize(("page", "action", "data"), SENSITIVE_POSTS)
def test_each_sensitive_action_asks_for_the_second_factor_again(
    client, admin_setup, page, action, data
):
    values = {
        "user": f"/en/admin/users/{admin_setup['other'].id}",
        "delegation": admin_setup["delegation"].id,
        "other_lead": admin_setup["other_lead"].id,
    }
    page, action = page.format(**values), action.format(**values)
    data = {k: str(v).format(**values) for k, v in data.items()}
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    response = _post(client, page, action, data)
    assert _is_step_up(response), action
    text = response.get_data(as_text=True)
    assert f'action="{action}"' in text
    for name, value in data.items():  # what was typed is posted again with the code
        assert f'name="{name}" value="{value}"' in text
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before  # nothing done


def test_the_applicants_export_asks_then_comes_back(client, admin_setup):
    path = "/en/manage/unesco/applications/export.csv"
    response = client.get(path)
    assert response.location == f"/en/account/security/check?next={path}"
    wrong = _post(client, response.location, response.location, {"second_factor_code": "1"})
    assert "This code is not valid" in wrong.get_data(as_text=True)
    right = _post(
        client, response.location, response.location, {"second_factor_code": factories.totp_code()}
    )
    assert right.location == path
    export = client.get(path)
    assert export.status_code == 200
    assert export.mimetype == "text/csv"


def test_a_changed_address_waits_for_the_code_then_goes_through(client, admin_setup):
    fields = {"email": "new@example.org", "password": factories.DEFAULT_PASSWORD}
    asked = _post(client, "/en/account/", "/en/account/email", fields)
    assert _is_step_up(asked)
    wrong = _post(
        client, "/en/account/", "/en/account/email", {**fields, "second_factor_code": "000000"}
    )
    assert _is_step_up(wrong)
    assert 'name="email" value="new@example.org"' in wrong.get_data(as_text=True)
    assert db.session.get(User, admin_setup["admin"].id).pending_email is None
    done = _post(
        client,
        "/en/account/",
        "/en/account/email",
        {**fields, "second_factor_code": factories.totp_code()},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, admin_setup["admin"].id).pending_email == "new@example.org"
    # Fresh now: the next sensitive action within the window is not asked again.
    again = _post(
        client,
        "/en/account/",
        "/en/account/password",
        {"current_password": "wrong", "password": "another long password", "confirm": "x"},
    )
    assert not _is_step_up(again)


def test_an_admin_resets_a_second_factor_with_a_reason_after_asking(
    client, admin_setup, outbox, app, login
):
    other = admin_setup["other"]
    page = f"/en/admin/users/{other.id}"
    code = {"second_factor_code": factories.totp_code()}
    missing = _post(client, page, f"{page}/second-factor/reset", {"reason": "", **code})
    assert "Say how you checked who they are." in missing.get_data(as_text=True)
    asked = _post(client, page, f"{page}/second-factor/reset", {"reason": "called her"})
    assert "second factor?</h1>" in asked.get_data(as_text=True)  # asked first
    assert db.session.scalar(
        select(func.count(TotpSecret.id)).where(TotpSecret.user_id == other.id)
    )
    _post(client, page, f"{page}/second-factor/reset", {"reason": "called her", "confirmed": "1"})
    assert not db.session.scalar(
        select(func.count(TotpSecret.id)).where(TotpSecret.user_id == other.id)
    )
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "admin.second_factor_reset")
    ).one()
    assert event.details == {"reason": "called her"}
    assert event.subject_id == other.id
    mail = outbox(to="olga@example.org")[-1]
    assert mail.subject == "Your second factor was reset"
    assert "called her" in mail.body_text


def test_admins_see_who_has_enrolled_and_leads_without_a_factor(client, admin_setup):
    users = client.get("/en/admin/users/").get_data(as_text=True)
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r">([^<]+)</a>(?:(?!</tr>).)*?data-label=\"Second factor\">(?:<span[^>]*>)?(Yes|No)",
            users,
            re.S,
        )
    }
    unenrolled = db.session.get(Membership, admin_setup["other_lead"].id).user
    assert rows[admin_setup["admin"].name] == "Yes"
    assert rows[admin_setup["other"].name] == "Yes"
    assert rows[unenrolled.name] == "No"
    dashboard = client.get("/en/admin/").get_data(as_text=True)
    assert "without a second factor" in dashboard
    assert unenrolled.name in dashboard
    assert (
        admin_setup["admin"].name
        not in dashboard.split("without a second factor")[1].split("</ul>")[0]
    )
