"""audit events carry their delegation, for the admins' filters

Revision ID: a7d3e5f90b12
Revises: 3f9a6b2c1d47
Create Date: 2026-12-02 04:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a7d3e5f90b12'
down_revision = '3f9a6b2c1d47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delegation_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_audit_events_delegation', ['delegation_id', 'created_at'], unique=False)
        batch_op.create_index('ix_audit_events_subject', ['subject_type', 'subject_id', 'created_at'], unique=False)
    # Past events learn their delegation from what they speak of.
    for subject_type, table in (('Application', 'applications'), ('Membership', 'memberships')):
        op.execute(
            f"UPDATE audit_events SET delegation_id = (SELECT {table}.delegation_id FROM {table} "
            f"WHERE {table}.id = audit_events.subject_id) WHERE subject_type = '{subject_type}'"
        )
    op.execute("UPDATE audit_events SET delegation_id = subject_id WHERE subject_type = 'Delegation'")


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_subject')
        batch_op.drop_index('ix_audit_events_delegation')
        batch_op.drop_column('delegation_id')
