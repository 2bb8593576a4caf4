"""people over time: pause until, removal, erasure, demo rows, cancelled events

Revision ID: 0004p
Revises: 0003
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004p'
down_revision: str | None = '0004r'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _demo() -> sa.Column[bool]:
    return sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table('seniors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('opted_out_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(_demo())
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(_demo())
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(_demo())


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('demo')
        batch_op.drop_column('cancelled_at')
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.drop_column('demo')
        batch_op.drop_column('erased_at')
        batch_op.drop_column('removed_at')
        batch_op.drop_column('paused_until')
    with op.batch_alter_table('seniors', schema=None) as batch_op:
        batch_op.drop_column('demo')
        batch_op.drop_column('erased_at')
        batch_op.drop_column('removed_at')
        batch_op.drop_column('opted_out_by')
        batch_op.drop_column('paused_until')
