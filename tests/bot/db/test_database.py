"""One object for the database: its clock stamps the rows, a failed
transaction keeps nothing, readers see what writers committed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from bot.db.database import Database, session_now
from bot.db.models import Senior
from tests.fakes.clock import Clock

FAKE_NOW = datetime(2031, 3, 4, 9, 30, tzinfo=UTC)


async def test_the_time_inside_a_transaction_is_the_databases_clock(db_url: str) -> None:
    database = Database(db_url, clock=Clock(FAKE_NOW))
    try:
        async with database.transaction() as session:
            assert session_now(session) == FAKE_NOW
        async with database.reading() as session:
            assert session_now(session) == FAKE_NOW
    finally:
        await database.close()


async def _add_anna_then_fail(db: Database) -> None:
    async with db.transaction() as session:
        session.add(Senior(name="Anna Lindqvist"))
        await session.flush()
        raise RuntimeError("import broke")


async def test_a_failed_transaction_keeps_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError, match="import broke"):
        await _add_anna_then_fail(db)
    async with db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Senior)) == 0


async def test_a_statement_on_its_own_is_committed(db: Database) -> None:
    async with db.statement() as connection:
        await connection.execute(insert(Senior).values(name="Anna Lindqvist"))
    async with db.reading() as session:
        assert await session.scalar(select(Senior.name)) == "Anna Lindqvist"
