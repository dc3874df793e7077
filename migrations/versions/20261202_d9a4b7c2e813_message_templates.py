"""each delegation's own wording of its decision messages, per language

Revision ID: d9a4b7c2e813
Revises: c2f7a8e31d05
Create Date: 2026-12-02 05:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd9a4b7c2e813'
down_revision = 'c2f7a8e31d05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'message_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('locale', sa.String(length=8), nullable=False),
        sa.Column('subject', sa.String(length=250), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('interview', 'accepted', 'waitlisted', 'declined')", name=op.f('ck_message_templates_status_valid')),
        sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_message_templates_delegation_id_delegations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_message_templates_updated_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_message_templates')),
        sa.UniqueConstraint('delegation_id', 'status', 'locale', name=op.f('uq_message_templates_delegation_id_status_locale')),
    )


def downgrade():
    op.drop_table('message_templates')
