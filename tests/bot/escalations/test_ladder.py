"""The ladder on a real database: next volunteers, then the coordinator; restarts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Timer
from bot.turns.timer_handlers import fire_due_timers
from tests.bot.escalations.world import COORDINATOR, V1, V2, V3, V4, World, build_world, volunteers


async def test_unclaimed_case_climbs_to_next_volunteers_then_coordinator(world: World) -> None:
    await world.add_volunteers(*volunteers(5))
    case = await world.open()
    first = await world.alerted(case)
    await world.fire(minutes=14)
    assert await world.alerted(case) == first  # not yet
    await world.fire(minutes=2)
    second = await world.alerted(case) - first
    assert len(second) == 2
    assert COORDINATOR not in second
    await world.fire(minutes=16)
    assert await world.alerted(case) == first | second | {COORDINATOR}
    assert (await world.case(case)).level == 2


async def test_urgent_case_alerts_coordinator_at_once_and_climbs_in_five_minutes(
    world: World,
) -> None:
    await world.add_volunteers(*volunteers(4))
    case = await world.open(urgency="urgent", quote="har ramlat")
    assert len(await world.alerted(case)) == 3
    assert COORDINATOR in await world.alerted(case)
    [to_coordinator] = await world.texts_to(COORDINATOR)
    assert to_coordinator.startswith(f"BRÅDSKANDE till samordnare, ärende {case}:")
    await world.fire(minutes=6)
    assert await world.alerted(case) == {COORDINATOR, V1, V2, V3, V4}


async def test_with_no_volunteers_the_coordinator_is_alerted(world: World) -> None:
    case = await world.open()
    assert await world.alerted(case) == {COORDINATOR}


async def test_restart_mid_ladder_continues(db_url: str) -> None:
    world, database = await build_world(db_url, coordinators=[COORDINATOR])
    await world.add_volunteers(*volunteers(4))
    case = await world.open()
    first = await world.alerted(case)
    stopped_at = world.clock.now
    await database.close()

    # A new process: a new Database and shell on the same URL, 16 minutes later.
    later, database = await build_world(db_url, coordinators=[COORDINATOR])
    try:
        later.clock.now = stopped_at + timedelta(minutes=16)
        await fire_due_timers(later.db, later.shell)
        assert await later.alerted(case) == first | {V1, V2, V3, V4}
    finally:
        await database.close()


async def test_claim_stops_the_ladder(world: World) -> None:
    await world.add_volunteers(*volunteers(4))
    case = await world.open()
    await world.command(V1, f"OK {case}")
    await world.fire(minutes=60)
    assert await world.alerted(case) == {V1, V2}
    async with world.db.transaction() as session:
        assert list(await session.scalars(select(Timer))) == []
