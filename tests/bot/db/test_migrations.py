"""Migrations run from empty to head, and the models agree with them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db.database import Database
from bot.db.models import Base


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_migrated_schema_matches_the_models(db: Database) -> None:
    async with db.engine.connect() as connection:
        diff = await connection.run_sync(_diff)
    assert diff == []


async def test_migrating_again_is_a_no_op(db: Database) -> None:
    await db.migrate()
    async with db.engine.connect() as connection:
        tables = await connection.run_sync(_tables)
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
