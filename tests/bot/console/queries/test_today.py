"""The Today page in one read: urgent cases on top, then the oldest; the first
few of each check-in list with the full counts; the next lunch and its seats."""

from __future__ import annotations

from datetime import timedelta

from bot.console.queries.checkins import CheckInStatus
from bot.console.queries.today import Today, next_lunch, today
from bot.escalations.commands import resolve
from bot.events.gatherings import NewEvent, add_events
from bot.events.rsvps import record_rsvp
from tests.bot.console.queries.town import GOSTA, MARGIT, add_seniors, ask, text_in
from tests.bot.escalations.world import ANNA, JOHN, STOCKHOLM, World

WINDOW = timedelta(hours=4)


async def _today(world: World, shown: int | None = None) -> Today:
    async with world.db.reading() as session:
        return await today(session, STOCKHOLM, world.clock.now, WINDOW, shown=shown)


async def test_urgent_cases_come_first_then_the_oldest_and_closed_ones_not_at_all(
    world: World,
) -> None:
    await add_seniors(world)
    oldest = await world.open(ANNA)
    world.clock.advance(minutes=5)
    newer = await world.open(JOHN)
    world.clock.advance(minutes=5)
    closed = await world.open(MARGIT)
    world.clock.advance(minutes=5)
    urgent = await world.open(GOSTA, urgency="urgent", quote="jag har ramlat")
    async with world.db.transaction() as session:
        await resolve(session, world.shell, closed, volunteer=None, note=None)
    shown = await _today(world)
    assert [case["id"] for case in shown.open_cases] == [urgent, oldest, newer]
    assert all(case["delivery_overdue"] is False for case in shown.open_cases)


async def test_a_short_list_per_status_but_the_counts_are_everyone(world: World) -> None:
    await add_seniors(world)
    await ask(world)
    world.clock.advance(minutes=10)
    await text_in(world, ANNA, "bra")
    world.clock.advance(minutes=10)
    page = await _today(world, shown=2)
    assert page.counts == {
        CheckInStatus.ANSWERED: 1,
        CheckInStatus.WAITING: 3,
        CheckInStatus.MISSED: 0,
    }
    assert [row.senior for row in page.by_status[CheckInStatus.ANSWERED]] == ["Anna Lindqvist"]
    assert len(page.by_status[CheckInStatus.WAITING]) == 2
    assert page.by_status[CheckInStatus.MISSED] == []


async def test_replies_to_read_are_counted(world: World) -> None:
    await add_seniors(world)
    await text_in(world, GOSTA, "Katten har fått ungar i garderoben")
    await text_in(world, MARGIT, "bra tack")
    assert (await _today(world)).to_read == 1


async def test_the_next_lunch_skips_cancelled_and_past_ones_and_counts_its_seats(
    world: World,
) -> None:
    ids = await add_seniors(world)
    async with world.db.reading() as session:
        assert await next_lunch(session, world.clock.now) is None
    soon = world.clock.now.astimezone(STOCKHOLM) + timedelta(days=2)
    async with world.db.transaction() as session:
        first, second, third = [
            (await add_events(session, world.shell, new, every_weeks=None, count=None))[0]
            for new in (
                NewEvent(title="Kafferep", venue="Kyrkan", starts_at=soon),
                NewEvent(title="Julbord", venue="Träffpunkten", starts_at=soon + timedelta(days=1)),
                NewEvent(
                    title="Soppluncn",
                    venue="Träffpunkten",
                    starts_at=soon + timedelta(days=2),
                    capacity=6,
                ),
            )
        ]
        second.cancelled = True
        await record_rsvp(session, third.id, ids["Anna"], "yes", 2, world.clock.now)
        await record_rsvp(session, third.id, ids["Gösta"], "no", 0, world.clock.now)
    coffee = (await _today(world)).next_lunch
    assert coffee is not None
    assert (coffee.event.id, coffee.taken, coffee.free) == (first.id, 0, None)
    world.clock.advance(days=2, hours=1)  # the coffee morning has begun
    lunch = (await _today(world)).next_lunch
    assert lunch is not None
    assert (lunch.event.title, lunch.taken, lunch.free) == ("Soppluncn", 3, 3)
