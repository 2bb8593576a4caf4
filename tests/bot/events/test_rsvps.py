"""RSVPs with real seat counts: guests count, a "yes" that no longer fits waits."""

from __future__ import annotations

from datetime import timedelta

from bot.db.database import Database
from bot.db.models import Event
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
