"""readings to review, and coordinators' corrections

Revision ID: 0004r
Revises: 0003
Create Date: 2026-11-30 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0004r'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('readings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('review_reason', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by', sa.String(length=100), nullable=True))
        batch_op.create_index('ix_readings_to_review', ['review', 'reviewed_at'], unique=False)

    op.create_table(
        'reading_corrections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reading_id', sa.Integer(), nullable=False),
        sa.Column('mood', sa.String(length=10), nullable=True),
        sa.Column('rsvp', sa.String(length=10), nullable=True),
        sa.Column('guests', sa.Integer(), nullable=True),
        sa.Column('contact', sa.Boolean(), nullable=False),
        sa.Column('urgent', sa.Boolean(), nullable=False),
        sa.Column('stop', sa.Boolean(), nullable=False),
        sa.Column('corrected_by', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['reading_id'], ['readings.id'],
            name=op.f('fk_reading_corrections_reading_id_readings'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reading_corrections')),
    )
    with op.batch_alter_table('reading_corrections', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_reading_corrections_reading_id'), ['reading_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('reading_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reading_corrections_reading_id'))
    op.drop_table('reading_corrections')
    with op.batch_alter_table('readings', schema=None) as batch_op:
        batch_op.drop_index('ix_readings_to_review')
        batch_op.drop_column('reviewed_by')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('review_reason')
        batch_op.drop_column('review')
