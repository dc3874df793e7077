"""public listing is the member's consent (the lead may only hide); membership terms

Revision ID: c2f7a8e31d05
Revises: b4e1c9d27a56
Create Date: 2026-12-02 04:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c2f7a8e31d05'
down_revision = 'b4e1c9d27a56'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listing_consent', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('hidden_by_lead', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('term_ends_on', sa.Date(), nullable=True))
    # Those the lead showed so far were listed with their agreement, given outside the
    # portal; the others will be asked.
    memberships = sa.table('memberships', sa.column('listing_consent', sa.Boolean()), sa.column('shown_publicly', sa.Boolean()))
    op.execute(memberships.update().where(memberships.c.shown_publicly.is_(True)).values(listing_consent=True))
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('shown_publicly')


def downgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shown_publicly', sa.Boolean(), nullable=False, server_default=sa.false()))
    memberships = sa.table('memberships', sa.column('listing_consent', sa.Boolean()), sa.column('hidden_by_lead', sa.Boolean()), sa.column('shown_publicly', sa.Boolean()))
    op.execute(memberships.update().where(memberships.c.listing_consent.is_(True), memberships.c.hidden_by_lead.is_(False)).values(shown_publicly=True))
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('term_ends_on')
        batch_op.drop_column('hidden_by_lead')
        batch_op.drop_column('listing_consent')
