"""Every endpoint, every kind of visitor: who gets in and who is refused.

A new endpoint fails `test_every_endpoint_is_classified` until it is added here.
"""

from datetime import datetime

import pytest
from werkzeug.routing import MapAdapter

from portal.accounts.models import User
from portal.core.models import OutboxEmail
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.interviews.models import InterviewSlot
from portal.reviews.models import DecisionNotice
from portal.teams.models import Invitation
from tests import factories
from tests.conftest import csrf_token

PUBLIC = {
    "static",
    "root",
    "health.healthz",
    "pages.privacy",
    "pages.home",
    "delegations.detail",
    "delegations.feed",
    "news.index",
    "news.detail",
    "news.feed",
    "news.follow",
    "pages.contact",
    "pages.legal",
    "openings.index",
    "openings.detail",
    "accounts.register",
    "accounts.login",
    "accounts.request_sign_in_link",
    "accounts.sign_in_with_link",
    "accounts.logout",
    "accounts.confirm_email",
    "accounts.password_reset_request",
    "accounts.password_reset",
    "media.image",
    "mfa.verify",  # the second step: back to the sign-in form without a held sign-in
    "mfa.passkey_sign_in",
}
SIGNED_IN = {
    "accounts.account",
    "accounts.update_profile",
    "accounts.change_email",
    "accounts.change_password",
    "accounts.resend_confirmation",
    "applications.apply",
    "applications.mine",
    "applications.profile",
    "applications.mine_detail",
    "applications.withdraw",
    "applications.confirm_withdraw",
    "applications.download_cv",
    "teams.accept_invitation",
    "teams.mine",
    "interviews.booking",
    "interviews.book",
    "interviews.cancel",
    "interviews.other_times",
    "interviews.download_invitation",
    "teams.set_listing",
    "privacy.index",
    "privacy.export",
    "privacy.delete",
    "mfa.security",
    "mfa.setup_authenticator",
    "mfa.remove_authenticator",
    "mfa.add_passkey",
    "mfa.remove_passkey",
    "mfa.renew_recovery_codes",
    "mfa.end_one_session",
    "mfa.end_other_sessions",
    "mfa.step_up",
}
# Signed in, and a current member (or lead) of the delegation in the URL: the members'
# space. (Its home, members.home, lists the person's own delegations: 403 for others.)
MEMBER = {
    "members.home",
    "members.onboarding",
    "members.tick",
    "members.accreditations",
    "members.save_accreditation",
    "members.delete_accreditation",
    "members.scan",
    "members.sessions",
    "members.session",
    "members.attend",
    "members.withdraw",
    "members.invitation",
    "members.announcements",
    "members.announcement",
    "members.documents",
    "members.document",
    "members.directory",
    "members.preferences",
}
# Signed in, and a reviewer (or lead) of the delegation in the URL.
REVIEWER = {
    "reviews_manage.index",
    "reviews_manage.detail",
    "reviews_manage.review",
    "interviews_manage.index",
    "interviews_manage.outcome",
}
# Signed in, and a lead of the delegation in the URL (or an admin).
LEAD = {
    "workspace.home",
    "openings_manage.index",
    "openings_manage.new",
    "openings_manage.edit",
    "reviews_manage.export",
    "reviews_manage.bulk_decline",
    "reviews_manage.assign",
    "reviews_manage.decide",
    "reviews_manage.undo",
    "reviews_manage.notice",
    "reviews_manage.notices",
    "reviews_manage.send_all",
    "wordings_manage.index",
    "interviews_manage.offer",
    "interviews_manage.withdraw",
    "wordings_manage.edit",
    "wordings_manage.restore_default",
    "teams_manage.index",
    "teams_manage.invite",
    "teams_manage.member",
    "teams_manage.cancel_invitation",
    "teams_manage.resend_invitation",
    "teams_manage.end",
    "news_manage.index",
    "news_manage.new",
    "news_manage.edit",
    "news_manage.preview",
    "news_manage.delete",
    "news_manage.upload_image",
    "members_manage.onboarding",
    "members_manage.add_step",
    "members_manage.step",
    "members_manage.delete_step",
    "members_manage.member_checklist",
    "members_manage.verify",
    "members_manage.accreditations",
    "members_manage.add_type",
    "members_manage.delete_type",
    "members_manage.sessions",
    "members_manage.new_session",
    "members_manage.edit_session",
    "members_manage.session",
    "members_manage.designate",
    "members_manage.undesignate",
    "members_manage.cancel_session",
    "members_manage.report",
    "members_manage.announcements",
    "members_manage.announcement",
    "members_manage.delete_announcement",
    "members_manage.documents",
    "members_manage.add_document",
    "members_manage.delete_document",
}
ADMIN = {
    "admin.dashboard",
    "admin.delegations",
    "admin.new_delegation",
    "admin.edit_delegation",
    "admin.users",
    "admin.user",
    "admin.appoint_lead",
    "admin.remove_lead",
    "admin.set_active",
    "admin.outbox",
    "admin.outbox_message",
    "admin.retry_message",
    "admin.erase_user",
    "admin.audit",
    "admin.audit_export",
    "admin.reset_second_factor",
}


@pytest.fixture
def world():
    delegation = factories.delegation(slug="unesco")
    lead = factories.user("lead@example.org")
    membership = factories.membership(lead, delegation)

    message = OutboxEmail(
        kind="x",
        to_address="a@example.org",
        locale="en",
        subject="s",
        body_text="t",
        body_html="h",
        status="failed",
    )
    db.session.add(message)
    opening = factories.opening(delegation, slug="role")

    application = factories.application(opening, factories.user("applicant@example.org"))
    notice = DecisionNotice(
        application_id=application.id,
        delegation_id=delegation.id,
        status="declined",
        locale="en",
        subject="s",
        body="b",
    )
    db.session.add(notice)
    invitation = Invitation(
        delegation_id=delegation.id,
        email="invited@example.org",
        expires_at=datetime(2100, 1, 1),
    )
    db.session.add(invitation)
    slot = InterviewSlot(
        delegation_id=delegation.id,
        opening_id=opening.id,
        starts_at=datetime(2100, 1, 1, 9, 0),
        duration_minutes=45,
        location="Paris",
    )
    db.session.add(slot)
    member_space = factories.member_space(delegation, lead)
    db.session.flush()
    return {
        **member_space,
        "lang_code": "en",
        "delegation_id": delegation.id,
        "user_id": lead.id,
        "membership_id": membership.id,
        "message_id": message.id,
        "slug": "unesco",
        "token": "x",
        "filename": "css/portal.css",
        "opening_id": opening.id,
        "application_id": application.id,
        "notice_id": notice.id,
        "post_id": factories.post(delegation, status="draft").id,
        "locale": "en",
        "document_id": 1,
        "sha256": "0" * 64,
        "file_format": "xlsx",
        "invitation_id": invitation.id,
        "status": "declined",
        "slot_id": slot.id,
        "session_id": 1,
        "passkey_id": 1,
    }


def _protected_routes(app, endpoints):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in endpoints:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _url(rule, values):

    adapter: MapAdapter = rule.map.bind("portal.test")
    return adapter.build(
        rule.endpoint,
        {k: values[k] for k in rule.arguments},
        method=next(iter(rule.methods - {"HEAD", "OPTIONS"})),
    )


def test_every_endpoint_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == PUBLIC | SIGNED_IN | MEMBER | REVIEWER | LEAD | ADMIN


def _call(browser, method, url, token):
    if method == "GET":
        return browser.get(url)
    return browser.open(url, method=method, data={"csrf_token": token})


def test_anonymous_visitors_are_sent_to_sign_in(app, client, world):
    token = csrf_token(client, "/en/account/login")
    for rule, method in _protected_routes(app, SIGNED_IN | MEMBER | REVIEWER | LEAD | ADMIN):
        url = _url(rule, world)
        response = _call(client, method, url, token)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/en/account/login"), (method, url)


def test_people_who_are_not_admins_are_refused_the_admin_area(app, client, login, world):
    volunteer = factories.user()
    login(volunteer)
    token = csrf_token(client, "/en/account/")
    for rule, method in _protected_routes(app, ADMIN):
        url = _url(rule, world)
        assert _call(client, method, url, token).status_code == 403, (method, url)


def test_leads_are_refused_the_admin_area_too(app, client, login, world):

    login(db.session.get(User, world["user_id"]))
    assert client.get("/en/admin/").status_code == 403
    assert client.get("/en/admin/users/").status_code == 403


def test_admins_can_open_every_admin_page(app, client, login, world):
    login(factories.user(admin=True))
    for rule, method in _protected_routes(app, ADMIN):
        if method == "GET":
            url = _url(rule, world)
            assert client.get(url).status_code == 200, url


def test_signed_in_pages_open_for_their_owner(client, login):
    login(factories.user())
    assert client.get("/en/account/").status_code == 200


def test_every_form_needs_a_csrf_token(app, client, login, world):
    login(factories.user(admin=True))
    for rule, method in _protected_routes(
        app, PUBLIC | SIGNED_IN | MEMBER | REVIEWER | LEAD | ADMIN
    ):
        if method == "POST":
            response = client.post(_url(rule, world), data={})
            assert response.status_code == 400, rule.rule
            assert "This request could not be understood" in response.get_data(as_text=True)


def test_lead_pages_refuse_volunteers_and_other_delegations_leads(app, client, login, world):
    """Volunteers get 403 on the workspace home, 404 on a delegation's pages; a lead of
    another delegation gets 404 everywhere in this one; the delegation's lead gets in."""
    other = factories.user()
    factories.membership(other, factories.delegation(slug="eu"))
    volunteer = factories.user()
    browsers = {}
    for name, person in (("other", other), ("volunteer", volunteer)):
        browsers[name] = app.test_client()
        login(person, on=browsers[name])
    tokens = {name: csrf_token(b, "/en/account/") for name, b in browsers.items()}
    for rule, method in _protected_routes(app, REVIEWER | LEAD):
        url = _url(rule, world)
        for name, browser in browsers.items():
            response = _call(browser, method, url, tokens[name])
            if rule.endpoint == "workspace.home":
                expected = 200 if name == "other" else 403
            else:
                expected = 404
            assert response.status_code == expected, (name, method, url)


def test_members_without_review_rights_cannot_review(app, client, login, world):
    member = factories.user()

    delegation = db.session.get(Delegation, world["delegation_id"])
    factories.membership(member, delegation, role="member", reviewer=False)
    login(member)
    url = f"/en/manage/unesco/applications/{world['application_id']}"
    assert client.get(url).status_code == 404
    assert client.get("/en/manage/unesco/applications/").status_code == 404


def page_urls(app, values) -> list[str]:
    """Every GET page under a language prefix, built with `values` (the world's ids)."""
    everyone = PUBLIC | SIGNED_IN | MEMBER | REVIEWER | LEAD | ADMIN
    return [
        _url(rule, values)
        for rule, method in _protected_routes(app, everyone)
        if method == "GET" and "lang_code" in rule.arguments
    ]


def test_the_members_space_is_for_the_delegations_current_members(app, login, world):
    """A volunteer is refused the members' home (403) and gets 404 in a delegation's
    space; a member of another delegation gets 404 there; a plain member of this one
    gets its pages but 404 on every lead page; a member whose membership ends loses the
    space at once."""
    delegation = db.session.get(Delegation, world["delegation_id"])
    member = factories.user()
    membership = factories.membership(member, delegation, role="member")
    other = factories.user()
    factories.membership(other, factories.delegation(slug="eu"), role="member")
    volunteer = factories.user()
    browsers = {}
    for name, person in (("member", member), ("other", other), ("volunteer", volunteer)):
        browsers[name] = app.test_client()
        login(person, on=browsers[name])
    tokens = {name: csrf_token(b, "/en/account/") for name, b in browsers.items()}
    for rule, method in _protected_routes(app, MEMBER):
        url = _url(rule, world)
        for name in ("other", "volunteer"):
            response = _call(browsers[name], method, url, tokens[name])
            home = rule.endpoint == "members.home"
            expected = (200 if name == "other" else 403) if home else 404
            assert response.status_code == expected, (name, method, url)
        if method == "GET" and rule.endpoint not in ("members.scan", "members.invitation"):
            assert browsers["member"].get(url).status_code == 200, url
    for rule, method in _protected_routes(app, LEAD | REVIEWER):
        url = _url(rule, world)
        response = _call(browsers["member"], method, url, tokens["member"])
        expected = 403 if rule.endpoint == "workspace.home" else 404
        assert response.status_code == expected, (method, url)
    # Someone else's scan: the member of the team does not get it.
    assert browsers["member"].get(_url_of(app, "members.scan", world)).status_code == 404
    membership.ended_on = membership.started_on
    db.session.commit()
    assert browsers["member"].get("/en/members/unesco/sessions/").status_code == 404
    assert browsers["member"].get("/en/members/").status_code == 403


def _url_of(app, endpoint, values):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    return _url(rule, values)
