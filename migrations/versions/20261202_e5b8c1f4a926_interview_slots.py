"""interview slots offered for a role, booked by one applicant; calendar invitations

Revision ID: e5b8c1f4a926
Revises: d9a4b7c2e813
Create Date: 2026-12-02 05:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5b8c1f4a926'
down_revision = 'd9a4b7c2e813'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'interview_slots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('opening_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=False),
        sa.Column('duration_minutes', sa.Integer(), nullable=False),
        sa.Column('location', sa.String(length=300), nullable=False),
        sa.Column('video_url', sa.String(length=500), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('application_id', sa.Integer(), nullable=True),
        sa.Column('booked_at', sa.DateTime(), nullable=True),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('reminded_at', sa.DateTime(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('duration_minutes BETWEEN 5 AND 480', name=op.f('ck_interview_slots_duration_range')),
        sa.CheckConstraint("outcome IS NULL OR outcome IN ('held', 'no_show')", name=op.f('ck_interview_slots_outcome_valid')),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_interview_slots_application_id_applications'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_interview_slots_created_by_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_interview_slots_delegation_id_delegations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['opening_id'], ['openings.id'], name=op.f('fk_interview_slots_opening_id_openings'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_slots')),
    )
    with op.batch_alter_table('interview_slots', schema=None) as batch_op:
        batch_op.create_index('ix_interview_slots_application', ['application_id'], unique=True)
        batch_op.create_index('ix_interview_slots_delegation_start', ['delegation_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_interview_slots_opening_start', ['opening_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_interview_slots_reminder', ['reminded_at', 'starts_at'], unique=False)
    op.create_table(
        'interview_slot_interviewers',
        sa.Column('slot_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['slot_id'], ['interview_slots.id'], name=op.f('fk_interview_slot_interviewers_slot_id_interview_slots'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_interview_slot_interviewers_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('slot_id', 'user_id', name=op.f('pk_interview_slot_interviewers')),
    )
    with op.batch_alter_table('interview_slot_interviewers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_slot_interviewers_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_column('calendar')
    op.drop_table('interview_slot_interviewers')
    op.drop_table('interview_slots')
