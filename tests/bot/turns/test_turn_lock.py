"""A turn that waited for another turn's lock reads what that turn wrote.

On PostgreSQL a row joined in a `SELECT ... FOR NO KEY UPDATE` comes from
before the wait for the lock, so a second message from one senior was
stepped from the conversation as it was before the first one's turn, and its
save dropped the first one's changes. The first turn here holds the lock and
writes; the second waits, and must see that write.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.db.database import Database
from bot.people.directory import Role
from bot.turns.turn import load_locked, save_state
from tests.bot.builders import ANNA, add_person

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
async def database(db: Database) -> Database:
    await db.migrate()
    return db


async def test_the_second_turn_reads_the_first_ones_state(database: Database) -> None:
    anna = await add_person(database, Role.SENIOR, "Anna Berg", ANNA)

    async def second_turn() -> int:
        async with database.transaction() as session:
            loaded = await load_locked(session, anna.id)
            assert loaded is not None
            return loaded[1].bad_moods

    async with database.sessions() as session, session.begin():
        loaded = await load_locked(session, anna.id)
        assert loaded is not None
        senior, state = loaded
        waiting = asyncio.create_task(second_turn())
        await asyncio.sleep(0.3)  # the second turn is waiting for the lock
        assert not waiting.done()
        await save_state(session, senior, state.evolve(bad_moods=2), NOW)
    assert await waiting == 2
