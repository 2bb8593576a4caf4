"""safety check per senior, close contacts

Revision ID: 0004s
Revises: 0004p
Create Date: 2026-11-30 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004s'
down_revision: str | None = '0004p'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('seniors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('safety_check_at', sa.String(length=5), nullable=True))
        batch_op.add_column(
            sa.Column('safety_reminders', sa.String(length=50), nullable=False, server_default='30,60')
        )
    op.create_table(
        'close_contacts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('senior_id', sa.Integer(), nullable=False),
        sa.Column('volunteer_id', sa.Integer(), nullable=False),
        sa.Column('relation', sa.String(length=100), nullable=False),
        sa.Column('has_key', sa.Boolean(), nullable=False),
        sa.Column('first_tier', sa.Boolean(), nullable=False),
        sa.Column('consent_by', sa.String(length=200), nullable=False),
        sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['senior_id'], ['seniors.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('volunteer_id'),
    )
    with op.batch_alter_table('close_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_close_contacts_senior_id'), ['senior_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('close_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_close_contacts_senior_id'))
    op.drop_table('close_contacts')
    with op.batch_alter_table('seniors', schema=None) as batch_op:
        batch_op.drop_column('safety_reminders')
        batch_op.drop_column('safety_check_at')
