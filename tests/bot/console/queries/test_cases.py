"""Cases as the coordinator filters and reads them: by status, urgency, reason,
volunteer and area; each with its story in time order, whether its alerts went
out in time, and whether the ladder ran out with nobody taking it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.console.queries.cases import (
    CaseFilters,
    active_volunteers,
    filtered_cases,
    nobody_reached,
    timeline,
)
from bot.db.models import Escalation, Volunteer
from bot.escalations.commands import resolve
from bot.escalations.coordinator import add_note
from bot.escalations.overdue import report_overdue
from bot.people.close_contacts import add_close_contact
from tests.bot.console.queries.town import GOSTA, MARGIT, add_seniors
from tests.bot.escalations.world import STOCKHOLM, V1, World, volunteers


async def _cases(world: World, **filters: object) -> set[int]:
    async with world.db.reading() as session:
        found = await filtered_cases(session, STOCKHOLM, CaseFilters(**filters))  # type: ignore[arg-type]
    return {case["id"] for case in found}


async def _three_cases(world: World) -> tuple[int, int, int]:
    """Anna's taken by Karin, Gösta's urgent and open, Margit's closed."""
    await add_seniors(world)
    await world.add_volunteers(*volunteers(2))
    anna = await world.open()
    world.clock.advance(minutes=2)
    assert (await world.command(V1, f"OK {anna}")).startswith("Tack")
    gosta = await world.open(GOSTA, urgency="urgent", quote="jag har ramlat")
    margit = await world.open(MARGIT)
    async with world.db.transaction() as session:
        await resolve(session, world.shell, margit, volunteer=None, note="Ringt, allt väl")
    return anna, gosta, margit


async def test_cases_are_filtered_the_way_the_coordinator_asks(world: World) -> None:
    anna, gosta, margit = await _three_cases(world)
    karin = await world.volunteer(V1)
    assert await _cases(world) == {anna, gosta, margit}
    assert await _cases(world, status="open") == {anna, gosta}  # taken is still open
    assert await _cases(world, status="claimed") == {anna}
    assert await _cases(world, status="resolved") == {margit}
    assert await _cases(world, urgency="urgent") == {gosta}
    assert await _cases(world, reason="contact") == {anna, margit}
    assert await _cases(world, volunteer=karin.id) == {anna}
    assert await _cases(world, area=" TYRESÖ ") == {gosta}
    assert await _cases(world, status="open", area="Haninge") == set()


async def test_every_listed_case_says_whether_its_alerts_went_out_in_time(world: World) -> None:
    await add_seniors(world)
    await world.add_volunteers(*volunteers(2))
    late = await world.open(GOSTA, urgency="urgent", quote="jag har ramlat")
    world.clock.advance(minutes=2)  # nothing was sent: the provider is down
    assert await report_overdue(world.db, world.shell) > 0
    fresh = await world.open()  # its alerts are seconds old
    async with world.db.reading() as session:
        found = await filtered_cases(session, STOCKHOLM, CaseFilters())
    assert {case["id"]: case["delivery_overdue"] for case in found} == {
        fresh: False,
        late: True,
    }


async def test_the_timeline_tells_the_case_in_order_with_names(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case_id = await world.open()
    world.clock.advance(minutes=3)
    await world.command(V1, f"OK {case_id}")
    world.clock.advance(minutes=30)
    async with world.db.transaction() as session:
        case = await session.get(Escalation, case_id)
        assert case is not None
        add_note(session, case, "  Karin har ringt Anna.  ", actor="cli", now=world.clock.now)
    world.clock.advance(minutes=5)
    async with world.db.transaction() as session:
        await resolve(session, world.shell, case_id, volunteer=None, note="Allt väl")
    async with world.db.reading() as session:
        case = await session.get(Escalation, case_id)
        assert case is not None
        entries = await timeline(session, case)
    told = [(entry.what, entry.detail) for entry in entries]
    assert told[0] == ("Öppnat", "Hejsan")
    alerts = sorted(detail for what, detail in told[1:3])
    assert [what for what, _ in told[1:3]] == ["Larm skickat", "Larm skickat"]
    assert alerts == ["Ali Hassan (nivå 1), någon annan tog det", "Karin Ek (nivå 1), tog det"]
    assert told[3:] == [
        ("Taget", "Karin Ek"),
        ("Anteckning", "kommandoraden – Karin har ringt Anna."),
        ("Avslutat", "kommandoraden – Allt väl"),
    ]
    times = [entry.at for entry in entries]
    assert times == sorted(times)


async def test_a_case_nobody_took_is_marked_once_the_ladder_runs_out(world: World) -> None:
    await world.add_volunteers(*volunteers(1))
    stuck = await world.open()
    async with world.db.reading() as session:
        assert await nobody_reached(session, [stuck]) == set()
    for _ in range(6):
        await world.fire(minutes=20)
    other = await world.open(quote="ring när du kan")
    async with world.db.reading() as session:
        assert await nobody_reached(session, [stuck, other]) == {stuck}
        assert await nobody_reached(session, []) == set()


async def test_a_case_can_be_given_to_active_volunteers_but_not_to_a_close_contact(
    world: World,
) -> None:
    ids = await add_seniors(world)
    await world.add_volunteers(*volunteers(3))
    async with world.db.transaction() as session:
        maja = await session.scalar(select(Volunteer).where(Volunteer.name == "Maja Berg"))
        assert maja is not None
        maja.active = False
        await add_close_contact(
            session,
            ids["Gösta"],
            name="Eva Berg",
            phone="+46701740690",
            relation="dotter",
            has_key=True,
            first_tier=True,
            consent_by="Gösta själv",
            now=datetime(2026, 12, 1, tzinfo=UTC),
        )
    async with world.db.reading() as session:
        names = [volunteer.name for volunteer in await active_volunteers(session)]
    assert names == ["Ali Hassan", "Karin Ek"]
