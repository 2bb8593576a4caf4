"""Acting on a reply from "Att läsa": handled once, answered in its channel, or a case."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import Address, Escalation, Message, ReviewHandled
from bot.turns import handled_replies as review
from tests.bot.escalations.world import ANNA, World


async def _reply(world: World, body: str = "Katten har fått ungar") -> int:
    async with world.db.transaction() as session:
        address = await session.scalar(select(Address).where(Address.value == ANNA))
        assert address is not None
        message = Message(
            direction="in",
            channel=address.channel,
            address_id=address.id,
            senior_id=address.senior_id,
            body=body,
            status="received",
            created_at=world.clock(),
        )
        session.add(message)
        await session.flush()
        return message.id


async def test_handled_once_and_answered_once(world: World) -> None:
    first = await _reply(world)
    async with world.db.transaction() as session:
        assert await review.mark_handled(
            session, first, account_id=None, how=review.HandledHow.HANDLED, now=world.clock()
        )
        assert not await review.mark_handled(
            session, first, account_id=None, how=review.HandledHow.HANDLED, now=world.clock()
        )
    second = await _reply(world, "Vem är du?")
    async with world.db.transaction() as session:
        sent = await review.answer(
            session, world.shell, second, "Jag heter Hejsan!", account_id=None
        )
    assert sent.channel == "sms"
    assert "Jag heter Hejsan!" in await world.texts_to(ANNA)
    with pytest.raises(review.ReviewError):
        async with world.db.transaction() as session:
            await review.answer(session, world.shell, second, "Igen", account_id=None)


async def test_a_person_can_open_a_case_from_a_reply(world: World) -> None:
    reply = await _reply(world, "Jag vet inte var jag är")
    async with world.db.transaction() as session:
        case = await review.open_case(session, world.shell, reply, account_id=None)
    async with world.db.reading() as session:
        stored = await session.get_one(Escalation, case.id)
        handled = await session.get_one(ReviewHandled, reply)
    assert stored.message_id == reply
    assert stored.reason == review.REVIEW_REASON
    assert handled.how == review.HandledHow.CASE


async def test_an_outgoing_message_is_not_a_reply_to_act_on(world: World) -> None:
    with pytest.raises(review.ReviewError):
        async with world.db.transaction() as session:
            await review.mark_handled(
                session, 999_999, account_id=None, how=review.HandledHow.HANDLED, now=world.clock()
            )
