"""The case list the CLI prints and the API returns: plain values a
coordinator reads, newest first, with names and local times."""

from __future__ import annotations

from typing import Any

from bot.escalations.listing import list_escalations
from tests.bot.escalations.world import JOHN, V1, World, volunteers


async def listed(world: World, *, only_open: bool = False) -> list[dict[str, Any]]:
    async with world.db.reading() as session:
        return await list_escalations(session, world.shell.tz, only_open=only_open)


async def test_no_cases_is_an_empty_list(world: World) -> None:
    assert await listed(world) == []
    assert await listed(world, only_open=True) == []


async def test_cases_come_newest_first_with_names_and_local_times(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    first = await world.open(quote="ring mig")
    world.clock.advance(minutes=30)
    second = await world.open(JOHN, urgency="urgent", quote="I have fallen")
    world.clock.advance(minutes=2)
    await world.command(V1, f"OK {second}")

    newest, oldest = await listed(world)
    assert (newest["id"], oldest["id"]) == (second, first)
    assert newest["senior"] == "John Smith"
    assert newest["urgency"] == "urgent"
    assert newest["quote"] == "I have fallen"
    assert newest["status"] == "claimed"
    assert newest["claimed_by"] == "Karin Ek"
    # The clock's 10:30 UTC is 11:30 in Stockholm in December.
    assert newest["created_at"] == "2026-12-02T11:30+01:00"
    assert newest["claimed_at"] == "2026-12-02T11:32+01:00"
    assert newest["resolved_at"] is None
    assert oldest["senior"] == "Anna Lindqvist"
    assert oldest["claimed_by"] == ""
    assert oldest["claimed_by_id"] is None
    assert oldest["nobody_reached"] is False


async def test_only_open_keeps_the_claimed_and_leaves_out_the_resolved(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    done = await world.open()
    taken = await world.open(JOHN)
    waiting = await world.open()
    await world.command(V1, f"OK {done}")
    await world.command(V1, f"KLAR {done}")
    await world.command(V1, f"OK {taken}")

    everything = await listed(world)
    assert [case["id"] for case in everything] == [waiting, taken, done]
    resolved = everything[-1]
    assert resolved["status"] == "resolved"
    assert resolved["resolved_at"] == "2026-12-02T11:00+01:00"
    assert [case["id"] for case in await listed(world, only_open=True)] == [waiting, taken]


async def test_a_case_whose_ladder_ran_out_says_nobody_was_reached(world: World) -> None:
    """No volunteers: the coordinator is alerted, nobody takes it, and the
    ladder has nobody left; the list must say so rather than look calm."""
    case = await world.open()
    [before] = await listed(world)
    assert before["nobody_reached"] is False
    await world.fire(minutes=16)
    [after] = await listed(world)
    assert after["id"] == case
    assert after["nobody_reached"] is True
    assert after["status"] == "alerted"
