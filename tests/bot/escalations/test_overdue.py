"""An alert or 112 reply stuck in the outbox for a minute: the coordinators
are told once per case, on every channel they have, and the case says so."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.db.models import Address, AuditEntry, Message
from bot.db.outbox import enqueue
from bot.db.outbox_status import MessageStatus
from bot.escalations.overdue import report_overdue
from tests.bot.escalations.world import ANNA, COORDINATOR, World, volunteers


async def overdue(world: World, **later: float) -> int:
    world.clock.advance(**later)
    return await report_overdue(world.db, world.shell)


async def all_sent(world: World) -> None:
    """The provider came back: everything queued so far went out."""
    async with world.db.transaction() as session:
        await session.execute(update(Message).values(status=MessageStatus.SENT))


async def reply_to_anna(world: World, template: str) -> None:
    async with world.db.transaction() as session:
        address = await session.scalar(select(Address).where(Address.value == ANNA))
        assert address is not None
        await enqueue(
            session, address, "Om det är akut, ring 112 nu.", template=template, now=world.clock()
        )


async def test_an_alert_not_out_in_a_minute_tells_the_coordinator_once(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open()
    assert await world.texts_to(COORDINATOR) == []  # a normal case starts with volunteers
    assert await overdue(world, seconds=59) == 0
    assert await world.texts_to(COORDINATOR) == []
    assert await overdue(world, seconds=2) == 2  # both volunteers' alerts
    [told] = await world.texts_to(COORDINATOR)
    assert told.startswith(f"BRÅDSKANDE, ärende {case}: Anna ")
    assert told.endswith("Vi når inte volontären sedan en minut. Ring själv.")
    marked = await world.case(case)
    assert marked.delivery_overdue_at == world.clock()
    async with world.db.reading() as session:
        entries = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "escalation.delivery_overdue")
            )
        )
    assert [entry.subject_id for entry in entries] == [case]
    # Still stuck later: nothing new to report, no second text about the case.
    assert await overdue(world, minutes=10) == 0
    assert len(await world.texts_to(COORDINATOR)) == 1


async def test_alerts_that_went_out_are_never_overdue(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open()
    await all_sent(world)
    assert await overdue(world, minutes=5) == 0
    assert await world.texts_to(COORDINATOR) == []
    assert (await world.case(case)).delivery_overdue_at is None


async def test_a_stuck_112_reply_to_the_senior_says_we_cannot_reach_her(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open(urgency="urgent", quote="har ramlat")
    await all_sent(world)
    await reply_to_anna(world, "urgent.reply")
    assert await overdue(world, minutes=2) == 1
    told = (await world.texts_to(COORDINATOR))[-1]
    assert told.startswith(f"BRÅDSKANDE, ärende {case}:")
    assert "Vi når inte personen sedan en minut." in told


async def test_an_ordinary_reply_to_a_senior_is_never_urgent(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    await world.open(urgency="urgent")
    await all_sent(world)
    await reply_to_anna(world, "checkin.thanks")
    assert await overdue(world, minutes=30) == 0


async def test_a_stuck_112_reply_without_an_open_case_is_marked_only(world: World) -> None:
    await reply_to_anna(world, "urgent.reply")
    assert await overdue(world, minutes=2) == 1
    assert await world.texts_to(COORDINATOR) == []
    async with world.db.reading() as session:
        row = await session.scalar(select(Message).where(Message.template == "urgent.reply"))
    assert row is not None
    assert row.overdue_at == world.clock()


async def test_the_coordinators_own_notice_never_reports_itself(world: World) -> None:
    """Otherwise a provider down for an hour would text the coordinator
    about the text about the text."""
    await world.add_volunteers(*volunteers(2))
    await world.open()
    assert await overdue(world, minutes=2) == 2
    assert await overdue(world, minutes=30) == 0
    assert len(await world.texts_to(COORDINATOR)) == 1
