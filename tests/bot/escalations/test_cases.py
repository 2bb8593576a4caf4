"""A case's audit trail: the coordinators' timeline of who did what, and when,
in the shell's time, without what the senior wrote."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import AuditEntry
from bot.escalations.cases import CaseStatus
from tests.bot.escalations.world import V1, V2, World, volunteers


async def timeline(world: World, case_id: int) -> list[tuple[str, str]]:
    async with world.db.reading() as session:
        rows = await session.execute(
            select(AuditEntry.action, AuditEntry.actor)
            .where(AuditEntry.subject_type == "escalation", AuditEntry.subject_id == case_id)
            .order_by(AuditEntry.id)
        )
        return [(action, actor) for action, actor in rows]


async def test_claim_pass_and_resolve_each_leave_a_line_naming_the_volunteer(
    world: World,
) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open(quote="ring mig, jag har ramlat")
    karin, ali = await world.volunteer(V1), await world.volunteer(V2)
    await world.command(V2, f"NEJ {case}")
    await world.command(V1, f"OK {case}")
    await world.command(V1, f"KLAR {case}")
    actions = [line for line in await timeline(world, case) if line[0] != "escalation.alerted"]
    assert actions[-3:] == [
        ("escalation.passed", f"volunteer:{ali.id}"),
        ("escalation.claimed", f"volunteer:{karin.id}"),
        ("escalation.resolved", f"volunteer:{karin.id}"),
    ]
    assert (await world.case(case)).status == CaseStatus.RESOLVED


async def test_the_trail_holds_the_shell_time_and_never_the_seniors_words(world: World) -> None:
    await world.add_volunteers(*volunteers(1))
    case = await world.open(quote="ring mig, jag har ramlat")
    world.clock.advance(minutes=3)
    await world.command(V1, f"OK {case}")
    async with world.db.reading() as session:
        claimed = await session.scalar(
            select(AuditEntry).where(
                AuditEntry.subject_id == case, AuditEntry.action == "escalation.claimed"
            )
        )
        every = list(await session.scalars(select(AuditEntry)))
    assert claimed is not None
    assert claimed.at == world.clock()
    assert not any("ramlat" in str(entry.details) for entry in every)
