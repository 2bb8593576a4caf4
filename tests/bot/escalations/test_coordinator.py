"""A coordinator's own actions on a case: a note on the timeline, reopening."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import AuditEntry, Escalation
from bot.escalations.cases import CaseStatus
from bot.escalations.commands import resolve
from bot.escalations.coordinator import add_note, reopen
from tests.bot.escalations.world import COORDINATOR, V1, World


async def test_reopened_case_is_alerted_again(world: World) -> None:
    """The ladder goes on: someone not yet asked, else the coordinator."""
    await world.add_volunteers({"name": "Karin Ek", "phone": V1})
    case_id = await world.open()
    async with world.db.transaction() as session:
        await resolve(session, world.shell, case_id, volunteer=None, note=None, actor="cli")
    before = len(await world.texts_to(COORDINATOR))
    world.clock.advance(minutes=5)
    async with world.db.transaction() as session:
        case = await session.get_one(Escalation, case_id)
        queued = await reopen(session, world.shell, case, actor="account:1")
    assert queued >= 1
    reopened = await world.case(case_id)
    assert reopened.status == CaseStatus.ALERTED
    assert reopened.claimed_by_id is None
    assert len(await world.texts_to(COORDINATOR)) == before + 1


async def test_reopening_an_open_case_changes_nothing(world: World) -> None:
    case_id = await world.open()
    async with world.db.transaction() as session:
        case = await session.get_one(Escalation, case_id)
        assert await reopen(session, world.shell, case, actor="account:1") == 0


async def test_a_note_lands_on_the_timeline(world: World) -> None:
    case_id = await world.open()
    async with world.db.transaction() as session:
        case = await session.get_one(Escalation, case_id)
        add_note(session, case, "Ringde dottern", actor="account:1", now=world.clock())
    async with world.db.reading() as session:
        notes = list(
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "escalation.noted", AuditEntry.subject_id == case_id
                )
            )
        )
    assert [n.details["note"] for n in notes] == ["Ringde dottern"]
