"""A person added at the moment their first message arrives: one address, theirs.

The first message from an unknown number stores its address (an upsert, see
`bot.turns.inbound.find_or_create_address`). A coordinator adding that person
at the same moment read "no such address" before the message committed, then
inserted it and failed on the unique (channel, value) on PostgreSQL. Here the
message's transaction is held open until the import waits on it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.channels.types import Channel
from bot.db.database import Database
from bot.db.models import Address, Senior
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.inbound import find_or_create_address

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
PHONE = "+46701749999"


@pytest.fixture
async def database(db: Database) -> Database:
    await db.migrate()
    return db


async def test_adding_a_person_while_their_first_message_commits(database: Database) -> None:
    async with database.sessions() as message_session, message_session.begin():
        await find_or_create_address(message_session, Channel.SMS, PHONE, NOW)

        async def add_person() -> None:
            async with database.transaction() as session:
                people = [clean_person(name="Greta Lund", phone=PHONE)]
                await upsert_people(session, Role.SENIOR, people, now=NOW)

        adding = asyncio.create_task(add_person())
        await asyncio.sleep(0.3)  # the import reads, then waits on the uncommitted address
        assert not adding.done()
    await adding  # no conflict once the message's transaction commits

    async with database.reading() as session:
        addresses = (await session.execute(select(Address).where(Address.value == PHONE))).all()
        greta = await session.scalar(select(Senior.id).where(Senior.name == "Greta Lund"))
    assert len(addresses) == 1
    assert greta is not None
    assert addresses[0][0].senior_id == greta
