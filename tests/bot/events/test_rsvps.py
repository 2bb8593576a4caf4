"""RSVPs with real seat counts: guests count, a "yes" that no longer fits waits,
also when replies arrive at the same moment."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bot.db.database import Database
from bot.db.engine import make_engine
from bot.db.models import Event, Rsvp, Senior
from bot.events.rsvps import RsvpAnswer, record_rsvp, seats_taken
from bot.people.directory import Role
from tests.bot.builders import add_person
from tests.fakes.clock import Clock


async def lunch(db: Database, clock: Clock, capacity: int) -> int:
    async with db.transaction() as session:
        event = Event(
            title="Sopplunch",
            venue="Utsikten",
            starts_at=clock.now + timedelta(days=7),
            capacity=capacity,
            created_at=clock.now,
        )
        session.add(event)
        await session.flush()
        return event.id


async def test_guests_take_seats_and_a_yes_that_does_not_fit_waits(db: Database) -> None:
    clock = Clock()
    event_id = await lunch(db, clock, capacity=3)
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", "+46701740605")
    john = await add_person(db, Role.SENIOR, "John Smith", "+46701740608", lang="en")
    async with db.transaction() as session:
        stored, previous = await record_rsvp(session, event_id, anna.id, "yes", 1, clock.now)
        assert (stored, previous) == (RsvpAnswer.YES, None)
        assert await seats_taken(session, event_id) == 2
        stored, _ = await record_rsvp(session, event_id, john.id, "yes", 1, clock.now)
        assert stored == RsvpAnswer.WAITLIST
        stored, previous = await record_rsvp(session, event_id, anna.id, "no", 0, clock.now)
        assert (stored, previous) == ("no", RsvpAnswer.YES)
        assert await seats_taken(session, event_id) == 0


async def test_an_rsvp_to_an_event_that_does_not_exist_is_refused(db: Database) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", "+46701740605")
    async with db.transaction() as session:
        try:
            await record_rsvp(session, 999, anna.id, "yes", 0, Clock().now)
        except LookupError:
            return
    raise AssertionError("an unknown event must raise LookupError")


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
