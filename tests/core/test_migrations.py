from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.extensions import db


def test_migrations_match_the_models(app):
    """`flask db upgrade` (run by the session fixture) builds exactly the models' schema."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
