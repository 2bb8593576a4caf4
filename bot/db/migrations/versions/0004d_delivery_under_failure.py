"""delivery under failure: attempt records, overdue marks, early callbacks, shared rate

Revision ID: 0004d
Revises: 0004c
Create Date: 2026-11-30 15:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004d'
down_revision: str | None = '0004c'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attempt_started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('overdue_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery_overdue_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('early_statuses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('provider_message_id', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('error_code', sa.String(length=50), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_early_statuses'))
    )
    with op.batch_alter_table('early_statuses', schema=None) as batch_op:
        batch_op.create_index('ix_early_statuses_lookup', ['channel', 'provider_message_id'], unique=False)
    op.create_table('rate_slots',
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('next_free', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('channel', name=op.f('pk_rate_slots'))
    )


def downgrade() -> None:
    op.drop_table('rate_slots')
    with op.batch_alter_table('early_statuses', schema=None) as batch_op:
        batch_op.drop_index('ix_early_statuses_lookup')
    op.drop_table('early_statuses')
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_column('delivery_overdue_at')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('overdue_at')
        batch_op.drop_column('attempt_started_at')
        batch_op.drop_column('claimed_by')
