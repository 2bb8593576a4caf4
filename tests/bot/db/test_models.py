"""Default timestamps come from the injected clock, never the system's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.types import Channel, InboundMessage
from bot.db.database import Database
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import Base, Senior, stamp
from bot.people.directory import Role
from bot.turns.inbound import receive
from tests.bot.builders import ANNA, add_person, sms_shell
from tests.fakes.clock import Clock

# Far from the real date, so a system-clock stamp cannot pass by accident.
FAKE_NOW = datetime(2031, 3, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(FAKE_NOW)


@pytest.fixture
async def faked(db_url: str, clock: Clock) -> AsyncIterator[Database]:
    database = Database(db_url, clock=clock)
    try:
        yield database
    finally:
        await database.close()


def stamped_columns() -> list[tuple[str, str]]:
    """(table, column) for every column whose default or update value is `stamp`."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            defaults = (column.default, column.onupdate)
            if any(
                d is not None and getattr(d.arg, "__wrapped__", d.arg) is stamp for d in defaults
            ):
                found.append((table.name, column.name))
    return found


async def stamps_written(session: AsyncSession) -> dict[str, set[datetime]]:
    """Every value in a stamped column, by table.column (tables left empty are absent)."""
    values: dict[str, set[datetime]] = {}
    for table_name, column_name in stamped_columns():
        column = Base.metadata.tables[table_name].c[column_name]
        for value in await session.scalars(select(column)):
            if value is not None:
                values.setdefault(f"{table_name}.{column_name}", set()).add(value)
    return values


def test_every_created_and_updated_column_is_stamped_by_the_clock() -> None:
    names = {f"{table}.{column}" for table, column in stamped_columns()}
    assert {"seniors.created_at", "seniors.updated_at", "messages.created_at"} <= names


async def test_a_turn_under_a_fake_clock_stamps_every_row_with_the_fake_time(
    faked: Database, db_url: str, clock: Clock
) -> None:
    shell = sms_shell(db_url, clock)
    await add_person(faked, Role.SENIOR, "Anna Lindqvist", ANNA)
    await receive(faked, shell, InboundMessage(Channel.SMS, ANNA, "ring mig", "SM1", clock()))
    async with faked.reading() as session:
        written = await stamps_written(session)
    assert {"seniors.created_at", "messages.created_at", "escalations.created_at"} <= set(written)
    assert {name: values for name, values in written.items() if values != {FAKE_NOW}} == {}


async def test_an_update_is_stamped_with_the_clock_time_of_the_update(
    faked: Database, clock: Clock
) -> None:
    await add_person(faked, Role.SENIOR, "Anna Lindqvist", ANNA)
    clock.advance(days=3)
    async with faked.transaction() as session:
        anna = await session.scalar(select(Senior).where(Senior.name == "Anna Lindqvist"))
        assert anna is not None
        anna.notes = "Ring efter lunch"
    async with faked.reading() as session:
        anna = await session.scalar(select(Senior))
    assert anna is not None
    assert (anna.created_at, anna.updated_at) == (FAKE_NOW, clock())


async def test_an_engine_without_a_clock_refuses_to_guess_the_time(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            session.add(Senior(name="Anna Lindqvist"))
            with pytest.raises(StatementError, match="without a clock"):
                await session.flush()
    finally:
        await engine.dispose()
