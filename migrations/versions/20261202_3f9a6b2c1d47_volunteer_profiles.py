"""volunteer profiles, kept once and reused by each application

Revision ID: 3f9a6b2c1d47
Revises: 8c2e4f1a7d30
Create Date: 2026-12-02 02:35:00

"""
import sqlalchemy as sa
from alembic import op

revision = '3f9a6b2c1d47'
down_revision = '8c2e4f1a7d30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'volunteer_profiles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.Column('city', sa.String(length=120), nullable=False),
        sa.Column('availability', sa.Text(), nullable=False),
        sa.Column('cv_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['cv_id'], ['documents.id'], name=op.f('fk_volunteer_profiles_cv_id_documents'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_volunteer_profiles_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_profiles')),
        sa.UniqueConstraint('user_id', name=op.f('uq_volunteer_profiles_user_id')),
    )
    op.create_table(
        'profile_languages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('level', sa.String(length=2), nullable=False),
        sa.CheckConstraint("level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')", name=op.f('ck_profile_languages_level_valid')),
        sa.ForeignKeyConstraint(['profile_id'], ['volunteer_profiles.id'], name=op.f('fk_profile_languages_profile_id_volunteer_profiles'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_languages')),
        sa.UniqueConstraint('profile_id', 'language', name=op.f('uq_profile_languages_profile_id_language')),
    )


def downgrade():
    op.drop_table('profile_languages')
    op.drop_table('volunteer_profiles')
