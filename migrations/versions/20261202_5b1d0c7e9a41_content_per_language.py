"""datelines, role locations and commitments, and public titles per language

Revision ID: 5b1d0c7e9a41
Revises: e95cc260831e
Create Date: 2026-12-02 02:10:00

Today's single values move into the default language's text (or, for an item with no
text in that language, into each text it has), so nothing a reader saw is lost.
"""
import json

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = '5b1d0c7e9a41'
down_revision = 'e95cc260831e'
branch_labels = None
depends_on = None


def _default_language():
    try:
        return current_app.config["LANGUAGES"][0]
    except (RuntimeError, KeyError, IndexError):
        return "en"


def _carry(connection, parent, text_table, key, columns, default):
    """Copy `columns` of each `parent` row into its text rows of the default language
    (every text row when it has none in that language)."""
    names = ", ".join(columns)
    for row in connection.execute(sa.text(f"SELECT id, {names} FROM {parent}")).mappings():
        values = {name: row[name] or "" for name in columns}
        if not any(values.values()):
            continue
        locales = [
            locale
            for (locale,) in connection.execute(
                sa.text(f"SELECT locale FROM {text_table} WHERE {key} = :id"), {"id": row["id"]}
            )
        ]
        targets = [default] if default in locales else locales
        assignments = ", ".join(f"{name} = :{name}" for name in columns)
        for locale in targets:
            connection.execute(
                sa.text(
                    f"UPDATE {text_table} SET {assignments} WHERE {key} = :id AND locale = :locale"
                ),
                {**values, "id": row["id"], "locale": locale},
            )


def _titles_to_json(connection, table, default):
    rows = connection.execute(sa.text(f"SELECT id, title FROM {table}")).all()
    for row_id, title in rows:
        titles = {default: title} if title else {}
        connection.execute(
            sa.text(f"UPDATE {table} SET titles = :titles WHERE id = :id"),
            {"titles": json.dumps(titles), "id": row_id},
        )


def upgrade():
    connection = op.get_bind()
    default = _default_language()

    op.add_column('news_post_translations', sa.Column('dateline', sa.String(length=80), nullable=False, server_default=''))
    _carry(connection, 'news_posts', 'news_post_translations', 'post_id', ['dateline'], default)
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of the table would
    # drop the old one and, with foreign keys on, cascade to its texts.
    op.drop_column('news_posts', 'dateline')

    op.add_column('opening_translations', sa.Column('location', sa.String(length=120), nullable=False, server_default=''))
    op.add_column('opening_translations', sa.Column('commitment', sa.String(length=120), nullable=False, server_default=''))
    op.create_index('ix_opening_translations_location', 'opening_translations', ['location'], unique=False)
    _carry(connection, 'openings', 'opening_translations', 'opening_id', ['location', 'commitment'], default)
    op.drop_column('openings', 'location')
    op.drop_column('openings', 'commitment')

    for table in ('memberships', 'invitations'):
        op.add_column(table, sa.Column('titles', sa.JSON(), nullable=False, server_default='{}'))
        _titles_to_json(connection, table, default)
        op.drop_column(table, 'title')


def downgrade():
    connection = op.get_bind()
    default = _default_language()
    for table in ('memberships', 'invitations'):
        op.add_column(table, sa.Column('title', sa.String(length=120), nullable=False, server_default=''))
        for row_id, titles in connection.execute(sa.text(f"SELECT id, titles FROM {table}")).all():
            values = json.loads(titles) if isinstance(titles, str) else (titles or {})
            title = values.get(default) or next(iter(values.values()), "")
            connection.execute(sa.text(f"UPDATE {table} SET title = :t WHERE id = :id"), {"t": title, "id": row_id})
        op.drop_column(table, 'titles')

    op.add_column('openings', sa.Column('location', sa.String(length=120), nullable=False, server_default=''))
    op.add_column('openings', sa.Column('commitment', sa.String(length=120), nullable=False, server_default=''))
    op.add_column('news_posts', sa.Column('dateline', sa.String(length=80), nullable=False, server_default=''))
    for parent, text_table, key, columns in (
        ('openings', 'opening_translations', 'opening_id', ('location', 'commitment')),
        ('news_posts', 'news_post_translations', 'post_id', ('dateline',)),
    ):
        for column in columns:
            connection.execute(sa.text(
                f"UPDATE {parent} SET {column} = COALESCE((SELECT t.{column} FROM {text_table} t "
                f"WHERE t.{key} = {parent}.id ORDER BY t.locale = :d DESC, t.locale LIMIT 1), '')"
            ), {"d": default})
    op.drop_index('ix_opening_translations_location', table_name='opening_translations')
    op.drop_column('opening_translations', 'commitment')
    op.drop_column('opening_translations', 'location')
    op.drop_column('news_post_translations', 'dateline')
