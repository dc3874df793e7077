"""volunteer roles a news post calls for

Revision ID: 8c2e4f1a7d30
Revises: 5b1d0c7e9a41
Create Date: 2026-12-02 02:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '8c2e4f1a7d30'
down_revision = '5b1d0c7e9a41'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'news_post_openings',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('opening_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['opening_id'], ['openings.id'], name=op.f('fk_news_post_openings_opening_id_openings'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['post_id'], ['news_posts.id'], name=op.f('fk_news_post_openings_post_id_news_posts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'opening_id', name=op.f('pk_news_post_openings')),
    )
    op.create_index('ix_news_post_openings_opening_id', 'news_post_openings', ['opening_id'], unique=False)


def downgrade():
    op.drop_index('ix_news_post_openings_opening_id', table_name='news_post_openings')
    op.drop_table('news_post_openings')
