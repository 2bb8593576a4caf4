"""Closing the loop: what a senior writes while her case is open reaches the
people on it, and her "all is well" closes only what she may close."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from bot.db.models import Address, AuditEntry, Message
from bot.escalations.cases import Reason
from bot.escalations.ladder import open_escalation
from bot.escalations.loop import after_senior_reply
from tests.bot.escalations.world import ANNA, COORDINATOR, V1, V2, V3, World, volunteers


async def senior_writes(
    world: World, text: str, *, all_clear: bool = False, opened_now: Iterable[int] = ()
) -> int:
    """Anna's message arrives; returns how many texts the loop queued."""
    senior = await world.senior(ANNA)
    async with world.db.transaction() as session:
        address = await session.scalar(select(Address).where(Address.value == ANNA))
        assert address is not None
        message = Message(
            direction="in",
            channel="sms",
            address_id=address.id,
            senior_id=senior.id,
            body=text,
            kind="inbound",
        )
        session.add(message)
        await session.flush()
        return await after_senior_reply(
            session,
            world.shell,
            await session.merge(senior),
            message,
            all_clear=all_clear,
            opened_now=opened_now,
        )


async def open_no_answer(world: World) -> int:
    senior = await world.senior(ANNA)
    async with world.db.transaction() as session:
        case = await open_escalation(
            session,
            world.shell,
            await session.merge(senior),
            reason=Reason.NO_ANSWER,
            urgency="normal",
            quote="",
            message=None,
            event_id=None,
        )
        return case.id


async def last_text(world: World, phone: str) -> str | None:
    texts = await world.texts_to(phone)
    return texts[-1] if texts else None


async def test_all_is_well_closes_an_untaken_case_and_tells_everyone_alerted(
    world: World,
) -> None:
    await world.add_volunteers(*volunteers(3))
    case = await world.open()
    assert await world.alerted(case) == {V1, V2}
    assert await senior_writes(world, "allt är bra", all_clear=True) == 2
    closed = await world.case(case)
    assert closed.status == "resolved"
    assert closed.resolution_note == "Seniorn svarade: allt är bra."
    for phone in (V1, V2):
        assert await last_text(world, phone) == (
            f"Anna har svarat: allt är bra. Ärende {case} är avslutat. Tack!"
        )
    # The ladder stopped: nobody new is asked later.
    await world.fire(minutes=60)
    assert await world.alerted(case) == {V1, V2}
    assert await world.texts_to(V3) == []


async def test_a_plain_reply_to_a_normal_case_is_noted_but_not_passed_on(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open()
    before = {phone: await world.texts_to(phone) for phone in (V1, V2)}
    assert await senior_writes(world, "tack") == 0
    assert {phone: await world.texts_to(phone) for phone in (V1, V2)} == before
    assert (await world.case(case)).status == "alerted"
    async with world.db.reading() as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "escalation.senior_replied")
        )
    assert entry is not None
    assert entry.subject_id == case
    assert "tack" not in str(entry.details)  # the trail names the message, not her words
    assert entry.details["message_id"] > 0


async def test_every_word_after_an_urgent_case_reaches_all_alerted(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open(urgency="urgent", quote="har ramlat")
    assert await world.alerted(case) == {V1, V2, COORDINATOR}
    assert await senior_writes(world, "det gör ont i höften") == 3
    for phone in (V1, V2, COORDINATOR):
        assert await last_text(world, phone) == (
            f'Anna har svarat i ärende {case}: "det gör ont i höften".'
        )
    assert (await world.case(case)).status == "alerted"


async def test_an_urgent_case_is_not_closed_by_her_all_is_well(world: World) -> None:
    """Whoever holds it decides: only the claimer is told, and it stays open."""
    await world.add_volunteers(*volunteers(2))
    case = await world.open(urgency="urgent", quote="har ramlat")
    await world.command(V1, f"OK {case}")
    others = {phone: await world.texts_to(phone) for phone in (V2, COORDINATOR)}
    assert await senior_writes(world, "allt ok nu", all_clear=True) == 1
    assert (await world.case(case)).status == "claimed"
    assert await last_text(world, V1) == (
        f'Anna skriver i ärende {case}: "allt ok nu". Du avgör: ring gärna, '
        f"och svara KLAR {case} om allt är bra."
    )
    assert {phone: await world.texts_to(phone) for phone in (V2, COORDINATOR)} == others


async def test_a_no_answer_case_closes_even_when_taken_and_everyone_hears(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await open_no_answer(world)
    await world.command(V1, f"OK {case}")
    assert await senior_writes(world, "jag var ute", all_clear=True) == 2
    assert (await world.case(case)).status == "resolved"
    for phone in (V1, V2):
        assert await last_text(world, phone) == (
            f"Anna har svarat: allt är bra. Ärende {case} är avslutat. Tack!"
        )


async def test_a_volunteer_who_passed_hears_no_more_and_each_hears_their_language(
    world: World,
) -> None:
    await world.add_volunteers(
        {"name": "Karin Ek", "phone": V1}, {"name": "Ali Hassan", "phone": V2, "lang": "en"}
    )
    case = await open_no_answer(world)
    await world.command(V1, f"NEJ {case}")
    passed = await world.texts_to(V1)
    await senior_writes(world, "jag sov")
    assert await world.texts_to(V1) == passed
    assert await last_text(world, V2) == f'Anna has answered in case {case}: "jag sov".'


async def test_the_case_her_message_just_opened_is_left_alone(world: World) -> None:
    await world.add_volunteers(*volunteers(2))
    case = await world.open(urgency="urgent")
    before = await world.texts_to(V1)
    assert await senior_writes(world, "hjälp", opened_now=[case]) == 0
    assert await world.texts_to(V1) == before
    async with world.db.reading() as session:
        replied = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "escalation.senior_replied")
        )
    assert replied is None
