"""The waiting list: first come first offered, a lapsed offer goes to the back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import Event, Timer
from bot.events.rsvps import record_rsvp
from bot.events.waiting_list import SEAT_CHECK, offer_lapsed, schedule_seat_check, waiting
from bot.people.directory import Role
from tests.bot.builders import add_person
from tests.fakes.clock import Clock


async def full_lunch(db: Database, clock: Clock) -> tuple[int, list[int]]:
    """A lunch for one: Anna has the place, Bo then Cecilia wait."""
    people = [
        await add_person(db, Role.SENIOR, name, phone)
        for name, phone in (
            ("Anna Lindqvist", "+46701740605"),
            ("Bo Ek", "+46701740606"),
            ("Cecilia Berg", "+46701740607"),
        )
    ]
    async with db.transaction() as session:
        event = Event(
            title="Sopplunch",
            venue="Utsikten",
            starts_at=clock.now + timedelta(days=7),
            capacity=1,
            created_at=clock.now,
        )
        session.add(event)
        await session.flush()
        for person in people:
            await record_rsvp(session, event.id, person.id, "yes", 0, clock.now)
            clock.advance(minutes=1)
        return event.id, [p.id for p in people]


async def test_the_queue_is_first_come_and_a_lapsed_offer_goes_to_the_back(db: Database) -> None:
    clock = Clock()
    event_id, (_, bo, cecilia) = await full_lunch(db, clock)
    async with db.transaction() as session:
        assert [r.senior_id for r in await waiting(session, event_id)] == [bo, cecilia]
        await offer_lapsed(session, bo, event_id, clock.now)
        assert [r.senior_id for r in await waiting(session, event_id)] == [cecilia, bo]


async def test_a_seat_check_is_one_timer_and_never_later_than_asked(db: Database) -> None:
    clock = Clock()
    event_id, _ = await full_lunch(db, clock)
    async with db.transaction() as session:
        await schedule_seat_check(session, event_id, clock.now)
        await schedule_seat_check(session, event_id, clock.now + timedelta(hours=1))
        timers = list(await session.scalars(select(Timer).where(Timer.kind == SEAT_CHECK)))
    assert len(timers) == 1
    assert timers[0].due_at == clock.now
