"""Volontärer: each helper with the cases they carry now and how many they
took this month (the coordinator's local month); close contacts are not listed."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.console.queries.volunteers import volunteer_rows
from bot.escalations.commands import resolve
from bot.people.close_contacts import add_close_contact
from tests.bot.console.queries.town import GOSTA, MARGIT, add_seniors
from tests.bot.escalations.world import ANNA, STOCKHOLM, V1, V2, World, volunteers


async def _rows(world: World) -> dict[str, tuple[int, int]]:
    async with world.db.reading() as session:
        rows = await volunteer_rows(session, STOCKHOLM, world.clock.now)
    return {row.volunteer.name: (row.open_cases, row.taken_this_month) for row in rows}


async def _taken_by(world: World, phone: str, senior: str) -> int:
    case_id = await world.open(senior)
    await world.command(phone, f"OK {case_id}")
    return case_id


async def test_open_cases_and_cases_taken_this_month_per_volunteer(world: World) -> None:
    await add_seniors(world)
    await world.add_volunteers(*volunteers(3))
    # 23:30 on 30 November in Stockholm: last month.
    world.clock.now = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)
    await _taken_by(world, V2, ANNA)
    # 00:30 on 1 December in Stockholm, still November in UTC: this month.
    world.clock.now = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    first = await _taken_by(world, V1, GOSTA)
    assert await _rows(world) == {"Ali Hassan": (1, 0), "Karin Ek": (1, 1), "Maja Berg": (0, 0)}
    world.clock.now = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    await _taken_by(world, V1, MARGIT)
    async with world.db.transaction() as session:
        await resolve(session, world.shell, first, volunteer=None, note="Klart")
    assert await _rows(world) == {
        "Ali Hassan": (1, 0),
        "Karin Ek": (1, 2),  # one closed, one still hers
        "Maja Berg": (0, 0),
    }


async def test_a_close_contact_is_not_listed_among_the_volunteers(world: World) -> None:
    ids = await add_seniors(world)
    await world.add_volunteers(*volunteers(1))
    async with world.db.transaction() as session:
        await add_close_contact(
            session,
            ids["Gösta"],
            name="Eva Berg",
            phone="+46701740690",
            relation="dotter",
            has_key=True,
            first_tier=True,
            consent_by="Gösta själv",
            now=world.clock.now,
        )
    assert list(await _rows(world)) == ["Karin Ek"]
