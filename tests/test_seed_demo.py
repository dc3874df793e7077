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
    assert "3 delegations, 8 new posts, 1 new volunteer roles" in first.output
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
