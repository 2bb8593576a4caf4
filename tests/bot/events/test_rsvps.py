"""RSVPs against the real seat count, also when replies arrive at the same moment."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from bot.db.database import Database
from bot.db.engine import make_engine
from bot.db.models import Event, Rsvp, Senior
from bot.events.rsvps import RsvpAnswer, record_rsvp

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
REPLIES = 20
SEATS = 5


async def lunch_and_seniors(database: Database) -> tuple[int, list[int]]:
    async with database.transaction() as session:
        event = Event(
            title="Sopplunch",
            venue="Restaurang Utsikten",
            starts_at=datetime(2026, 12, 9, 11, 0, tzinfo=UTC),
            capacity=SEATS,
            created_at=NOW,
        )
        seniors = [Senior(name=f"Senior {n}", lang="sv", tags=[]) for n in range(REPLIES)]
        session.add_all([event, *seniors])
        await session.flush()
        return event.id, [senior.id for senior in seniors]


async def test_twenty_yeses_at_once_never_overbook_five_seats(db_url: str) -> None:
    """Twenty replies in twenty transactions on their own connections, each
    past its first statement before any counts the seats: without the lock on
    the event row, several count 0 taken and all of them get a seat."""
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer at a time: this race exists on PostgreSQL")
    database = Database(db_url, engine=make_engine(db_url, pool_size=REPLIES, max_overflow=0))
    try:
        event_id, senior_ids = await lunch_and_seniors(database)
        together = asyncio.Barrier(REPLIES)

        async def reply(senior_id: int) -> str:
            async with database.transaction() as session:
                await session.execute(text("SELECT 1"))  # a connection of its own, in BEGIN
                await together.wait()
                stored, _ = await record_rsvp(session, event_id, senior_id, RsvpAnswer.YES, 0, NOW)
                return stored

        stored = await asyncio.gather(*(reply(senior_id) for senior_id in senior_ids))
        async with database.reading() as session:
            coming = await session.scalar(
                select(func.count()).where(Rsvp.event_id == event_id, Rsvp.answer == RsvpAnswer.YES)
            )
    finally:
        await database.close()
    assert coming == SEATS
    assert stored.count(RsvpAnswer.YES) == SEATS
    assert stored.count(RsvpAnswer.WAITLIST) == REPLIES - SEATS


async def test_a_yes_with_guests_that_does_not_fit_waits_in_line(db: Database) -> None:
    event_id, (first, second, *_) = await lunch_and_seniors(db)
    async with db.transaction() as session:
        assert (await record_rsvp(session, event_id, first, RsvpAnswer.YES, 3, NOW))[
            0
        ] == RsvpAnswer.YES
        assert (await record_rsvp(session, event_id, second, RsvpAnswer.YES, 1, NOW))[
            0
        ] == RsvpAnswer.WAITLIST
