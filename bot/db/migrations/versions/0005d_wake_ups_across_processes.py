"""wake-ups across processes: NOTIFY when outbox rows or campaigns change (PostgreSQL)

Every writer (the CLI, the console, another worker) wakes every dispatcher and
the scheduler leader without knowing about them: a statement trigger notifies
at commit. SQLite serves one process, which polls every second; nothing to add.

Revision ID: 0005d
Revises: 0005s
Create Date: 2026-11-30 21:00:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0005d'
down_revision: str | None = '0005s'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, notification channel, events): the channel names are in bot/db/notices.py.
TRIGGERS = (
    ('messages', 'hejsan_outbox', 'INSERT'),
    ('campaigns', 'hejsan_campaigns', 'INSERT OR UPDATE OR DELETE'),
    ('campaign_states', 'hejsan_campaigns', 'INSERT OR UPDATE OR DELETE'),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, channel, events in TRIGGERS:
        op.execute(
            f"CREATE FUNCTION notify_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM pg_notify('{channel}', ''); RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER notify_{table} AFTER {events} ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION notify_{table}()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, _, _ in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS notify_{table} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS notify_{table}()")
