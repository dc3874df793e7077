"""messages carry a Reply-To; delegations a contact address for applicants

Revision ID: b4e1c9d27a56
Revises: a7d3e5f90b12
Create Date: 2026-12-02 04:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b4e1c9d27a56'
down_revision = 'a7d3e5f90b12'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=254), nullable=True))
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.drop_column('contact_email')
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_column('reply_to')
