"""Who is alerted about a case: on duty, matched, fair, not overloaded."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select

from bot.db.models import Escalation
from bot.turns.timer_handlers import fire_due_timers
from bot.turns.turn import run_turn
from conversations.events import Reply
from tests.bot.escalations.world import (
    ANNA,
    COORDINATOR,
    JOHN,
    V1,
    V2,
    V3,
    V4,
    World,
    local,
    volunteers,
)


async def test_two_volunteers_are_alerted_at_once(world: World) -> None:
    await world.add_volunteers(*volunteers(4))
    case = await world.open()
    alerts = await world.alerted(case)
    assert len(alerts) == 2
    assert COORDINATOR not in alerts
    assert (await world.case(case)).status == "alerted"


async def test_alerts_rotate_fairly(world: World) -> None:
    await world.add_volunteers(*volunteers(4))
    first = await world.alerted(await world.open())
    world.clock.advance(minutes=1)
    second = await world.alerted(await world.open(JOHN))
    world.clock.advance(minutes=1)
    third = await world.alerted(await world.open())
    assert first.isdisjoint(second)
    assert first | second == {V1, V2, V3, V4}
    assert third == first


async def test_senior_language_and_area_are_matched_first(world: World) -> None:
    await world.add_volunteers(
        {"name": "Karin Ek", "phone": V1, "tags": ["haninge"]},
        {"name": "Ali Hassan", "phone": V2, "tags": ["tyresö"]},
        {"name": "Maja Berg", "phone": V3, "lang": "en"},
        {"name": "Olle Holm", "phone": V4},
    )
    assert await world.alerted(await world.open(ANNA)) == {V2, V4}  # Anna lives in Tyresö
    assert V3 in await world.alerted(await world.open(JOHN))  # John writes English


async def test_english_volunteer_gets_the_alert_in_english(world: World) -> None:
    await world.add_volunteers({"name": "Maja Berg", "phone": V3, "lang": "en"})
    case = await world.open(JOHN, quote="please call me")
    [alert] = await world.texts_to(V3)
    assert alert == (
        f"Case {case}: John {JOHN} would like a call."
        f' Wrote: "please call me". Reply OK {case} to take the case.'
    )


async def test_long_quotes_are_shortened(world: World) -> None:
    await world.add_volunteers(*volunteers(1))
    await world.open(quote="ord " * 100)
    [alert] = await world.texts_to(V1)
    quoted = alert.split('"')[1]
    assert len(quoted) <= 120
    assert quoted.endswith("...")


async def test_volunteer_with_full_hands_is_not_alerted(world: World) -> None:
    await world.add_volunteers(
        {"name": "Karin Ek", "phone": V1, "max_open_cases": 1}, *volunteers(3)[1:]
    )
    case = await world.open()
    assert V1 in await world.alerted(case)
    assert "är ditt" in await world.command(V1, f"OK {case}")
    world.clock.advance(minutes=1)
    assert V1 not in await world.alerted(await world.open(JOHN))


async def test_outside_hours_the_coordinator_is_alerted_and_the_senior_told_when(
    world: World,
) -> None:
    await world.add_volunteers(*volunteers(2, availability="mon-fri 09:00-17:00"))
    world.clock.now = local(2, 20).astimezone(UTC)
    senior = await world.senior()
    async with world.db.transaction() as session:
        await run_turn(session, world.shell, await session.merge(senior), Reply("ring mig"))
    [reply] = await world.texts_to(ANNA)
    assert "i morgon kl 09.00" in reply
    async with world.db.transaction() as session:
        case = int(await session.scalar(select(Escalation.id)) or 0)
    assert await world.alerted(case) == {COORDINATOR}
    # The shift starts: the volunteers get the case then.
    await world.fire(minutes=16)
    assert await world.alerted(case) == {COORDINATOR}
    world.clock.now = local(3, 9).astimezone(UTC)
    await fire_due_timers(world.db, world.shell)
    assert await world.alerted(case) == {COORDINATOR, V1, V2}
