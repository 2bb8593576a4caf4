"""The daily safety check's timer: it asks at the senior's time, moves itself
to tomorrow, carries her reminders and her close contact's name, and stays
silent once the check is off."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.models import AuditEntry, Senior, Timer
from bot.people.close_contacts import add_close_contact
from bot.people.safety_settings import SAFETY_DAILY
from bot.turns.safety_checks import fire_safety_check, set_safety_check
from bot.turns.timer_handlers import fire_due_timers
from tests.bot.escalations.world import ANNA, World

SON = "+46701740630"


async def turn_on(world: World, at: str | None, reminders: str | None = None) -> datetime | None:
    anna = await world.senior(ANNA)
    async with world.db.transaction() as session:
        senior = await session.merge(anna)
        return await set_safety_check(session, world.shell, senior, at, reminders)


async def daily_timer(world: World) -> Timer | None:
    async with world.db.reading() as session:
        found: Timer | None = await session.scalar(select(Timer).where(Timer.kind == SAFETY_DAILY))
        return found


async def fire(world: World) -> int:
    """The daily timer's time has come (fired by hand, as the loop would)."""
    timer = await daily_timer(world)
    assert timer is not None
    world.clock.now = timer.due_at.astimezone(UTC)
    async with world.db.transaction() as session:
        return await fire_safety_check(session, world.shell, await session.merge(timer))


async def test_the_check_asks_at_her_time_and_sets_tomorrows(world: World) -> None:
    due = await turn_on(world, "12:00")
    assert due == datetime(2026, 12, 2, 12, 0, tzinfo=world.shell.tz)
    async with world.db.reading() as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "senior.safety_check_changed")
        )
    assert entry is not None
    assert entry.actor == "coordinator:cli"
    assert await fire(world) == 1
    [asked] = await world.texts_to(ANNA)
    assert "Det här är din trygghetskoll" in asked
    timer = await daily_timer(world)
    assert timer is not None
    assert timer.due_at.astimezone(world.shell.tz) == datetime(
        2026, 12, 3, 12, 0, tzinfo=world.shell.tz
    )


async def test_her_own_reminders_are_the_ones_that_come(world: World) -> None:
    await turn_on(world, "12:00", reminders="10")
    await fire(world)
    await world.fire(minutes=9)
    assert len(await world.texts_to(ANNA)) == 1
    await world.fire(minutes=2)
    reminder = (await world.texts_to(ANNA))[-1]
    assert "Vi har inte hört av dig på trygghetskollen 12:00" in reminder


async def test_without_an_answer_she_is_told_her_close_contact_will_call(world: World) -> None:
    senior = await world.senior(ANNA)
    async with world.db.transaction() as session:
        await add_close_contact(
            session,
            senior.id,
            name="Erik Lindqvist",
            phone=SON,
            relation="son",
            has_key=True,
            first_tier=True,
            consent_by="Anna i telefon",
            now=world.clock(),
        )
    await turn_on(world, "12:00", reminders="30")
    await fire(world)
    for _ in range(4):
        await world.fire(minutes=30)
    told = [text for text in await world.texts_to(ANNA) if "ringa dig" in text]
    assert told == [
        "Vi har inte hört av dig i dag, så vi ber Erik ringa dig. Svara ALLT OK om allt är bra."
    ]


async def test_a_timer_left_from_a_check_turned_off_stays_silent(world: World) -> None:
    await turn_on(world, "12:00")
    anna = await world.senior(ANNA)
    async with world.db.transaction() as session:  # turned off while the timer was firing
        senior = await session.get_one(Senior, anna.id)
        senior.safety_check_at = None
    assert await fire(world) == 0
    assert await world.texts_to(ANNA) == []


async def test_turning_it_off_leaves_nothing_to_fire(world: World) -> None:
    await turn_on(world, "12:00")
    assert await turn_on(world, None) is None
    assert await daily_timer(world) is None
    world.clock.advance(days=2)
    await fire_due_timers(world.db, world.shell)
    assert await world.texts_to(ANNA) == []


async def test_a_timer_of_a_senior_no_longer_there_does_nothing(world: World) -> None:
    await turn_on(world, "12:00")
    timer = await daily_timer(world)
    assert timer is not None
    async with world.db.transaction() as session:
        stale = Timer(
            subject="senior:9999",
            kind=SAFETY_DAILY,
            due_at=timer.due_at,
            payload={},
            created_at=world.clock(),
        )
        session.add(stale)
        await session.flush()
        assert await fire_safety_check(session, world.shell, stale) == 0
