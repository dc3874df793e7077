from sqlalchemy import text

from portal.extensions import db


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
