import re
from datetime import UTC

import pyotp
from sqlalchemy import text

from portal.core.clock import utcnow
from portal.demo.seed import DEMO_TOTP_SECRET
from portal.extensions import db
from tests.conftest import submit


def _snapshot():
    tables = [t.name for t in db.metadata.sorted_tables]
    return {
        name: sorted(map(tuple, db.session.execute(text(f'SELECT * FROM "{name}"')).all()))
        for name in tables
    }


def test_seed_demo_twice_gives_the_same_data(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["portal", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert "3 delegations, 9 new posts, 5 new volunteer roles" in first.output
    db.session.expire_all()
    after_first = _snapshot()
    second = runner.invoke(args=["portal", "seed-demo"])
    assert second.exit_code == 0
    assert "0 new posts, 0 new volunteer roles" in second.output
    db.session.expire_all()
    assert _snapshot() == after_first
    page = client.get("/fr/").get_data(as_text=True)
    assert "Actualités de l&#39;équipe UNESCO" in page
    assert "Bénévole bilingue français-anglais auprès de l&#39;UNESCO" in page


def test_the_demo_shows_what_the_portal_can_do(app, client):
    """Each delegation has an open role, one role is closed, one post is French only and
    one English only, every post has a cover made at seed time."""
    assert app.test_cli_runner().invoke(args=["portal", "seed-demo"]).exit_code == 0
    roles = db.session.execute(
        text("SELECT d.slug, o.status FROM openings o JOIN delegations d ON d.id = o.delegation_id")
    ).all()
    assert {slug for slug, status in roles if status == "open"} == {
        "european-union",
        "united-nations",
        "unesco",
    }
    assert [status for _slug, status in roles].count("closed") == 1
    languages = db.session.execute(
        text("SELECT post_id, COUNT(*), MIN(locale) FROM news_post_translations GROUP BY post_id")
    ).all()
    assert {locale for _post, count, locale in languages if count == 1} == {"en", "fr"}
    covers = db.session.execute(
        text("SELECT COUNT(*) FROM news_posts WHERE cover_large_id IS NULL")
    ).scalar()
    assert covers == 0
    assert client.get("/en/roles/").get_data(as_text=True).count('class="role-card"') == 4


def test_the_demo_members_space_of_the_un_delegation(app, client):
    """The UN delegation's Human Rights Council session has two volunteers, one
    designated, the other's grounds pass flagged; one checklist is complete, the other
    half-done; the designated member sees it on her home."""
    assert app.test_cli_runner().invoke(args=["portal", "seed-demo"]).exit_code == 0
    lead = app.test_client()
    second_step = submit(
        lead, "/en/account/login", {"email": "lead.un@example.org", "password": "demo-lead-pass"}
    )
    assert second_step.location.endswith("/en/account/login/second-factor")  # leads enrolled
    code = pyotp.TOTP(DEMO_TOTP_SECRET).at(utcnow().replace(tzinfo=UTC))
    submit(lead, "/en/account/login/second-factor", {"code": code})
    sessions = lead.get("/en/manage/united-nations/sessions/").get_data(as_text=True)
    assert "Human Rights Council: 62nd regular session" in sessions
    (path,) = re.findall(r'href="(/en/manage/united-nations/sessions/\d+)"', sessions)
    page = lead.get(path).get_data(as_text=True)
    assert page.count('<span class="badge badge--ok">Designated</span>') == 1
    assert page.count("Not valid for the whole session") == 1
    assert "Amira Haddad" in page
    assert "Tom Becker" in page
    progress = lead.get("/en/manage/united-nations/onboarding/").get_data(as_text=True)
    assert "3 of 3" in progress
    assert "1 of 3" in progress
    member = app.test_client()
    submit(
        member,
        "/en/account/login",
        {"email": "member.un@example.org", "password": "demo-member-pass"},
    )
    home = member.get("/fr/members/").get_data(as_text=True)
    assert "62e session ordinaire" in home
    assert "Vous êtes désigné·e" in home
