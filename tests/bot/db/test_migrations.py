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


def _not_understood_condition(connection: Connection) -> str:
    indexes = inspect(connection).get_indexes("readings")
    index = next(i for i in indexes if i["name"] == "ix_readings_not_understood")
    where = index.get("dialect_options", {}).get(f"{connection.dialect.name}_where")
    return " ".join(str(where).lower().replace("(", " ").replace(")", " ").split())


async def test_the_not_understood_index_holds_only_replies_nothing_was_recognised_in(
    db: Database,
) -> None:
    # The models do not state this condition (bot/db/models.py): the migration does.
    async with db.engine.connect() as connection:
        condition = await connection.run_sync(_not_understood_condition)
    for part in ("mood is null", "rsvp is null", "contact =", "urgent =", "stop ="):
        assert part in condition


async def test_migrating_again_is_a_no_op(db: Database) -> None:
    await db.migrate()
    async with db.engine.connect() as connection:
        tables = await connection.run_sync(_tables)
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
