"""Two messages from one senior at the same moment: both are answered, none is
lost, and the stored conversation is what one order or the other would give.

Two first messages used to race to create the conversation state (a 500 on
PostgreSQL), and two turns that both read the state before either wrote it
kept only the last one's changes.
"""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from bot.db.models import Address, ConversationState, Message, Senior
from bot.people.directory import Role, clean_person, upsert_people
from tests.e2e.conftest import Service

PAIRS = 200
PAIRS_AT_ONCE = 8


def phone(i: int) -> str:
    return f"+4670{5000000 + i:07d}"


async def add_seniors(service: Service) -> None:
    people = [clean_person(name=f"Senior {i}", phone=phone(i)) for i in range(PAIRS)]
    async with service.db.transaction() as session:
        await upsert_people(session, Role.SENIOR, people)


async def test_two_first_messages_at_once_are_both_kept(service: Service) -> None:
    await add_seniors(service)
    gate = asyncio.Semaphore(PAIRS_AT_ONCE)

    async def pair(i: int) -> list[httpx.Response]:
        async with gate:
            return list(
                await asyncio.gather(
                    service.sms(phone(i), "STOPP"), service.sms(phone(i), "bra tack")
                )
            )

    answers = [r for responses in await asyncio.gather(*map(pair, range(PAIRS))) for r in responses]
    assert sorted({r.status_code for r in answers}) == [200]

    async with service.db.reading() as session:
        inbound = dict(
            (
                await session.execute(
                    select(Message.senior_id, func.count())
                    .where(Message.direction == "in")
                    .group_by(Message.senior_id)
                )
            ).all()
        )
        rows = (
            await session.execute(
                select(Senior.name, Senior.opted_out_at, ConversationState.state).join(
                    ConversationState, ConversationState.senior_id == Senior.id
                )
            )
        ).all()
    racers = [row for row in rows if row.name.startswith("Senior ")]
    assert len(racers) == PAIRS
    assert sorted(set(inbound.values())) == [2]
    # Whichever came first, STOPP holds: a lost update would have dropped it.
    assert [row.name for row in racers if not row.state["opted_out"]] == []
    assert all(row.opted_out_at is not None for row in racers)


async def test_two_first_messages_from_an_unknown_number_make_one_address(
    service: Service,
) -> None:
    strangers = [f"+4673{6000000 + i:07d}" for i in range(50)]
    gate = asyncio.Semaphore(PAIRS_AT_ONCE)

    async def pair(number: str) -> list[httpx.Response]:
        async with gate:
            return list(
                await asyncio.gather(service.sms(number, "hej"), service.sms(number, "hallå"))
            )

    answers = [r for responses in await asyncio.gather(*map(pair, strangers)) for r in responses]
    assert sorted({r.status_code for r in answers}) == [200]
    async with service.db.reading() as session:
        per_number = dict(
            (
                await session.execute(
                    select(Address.value, func.count())
                    .where(Address.value.in_(strangers))
                    .group_by(Address.value)
                )
            ).all()
        )
        stored = await session.scalar(
            select(func.count())
            .select_from(Message)
            .join(Address, Address.id == Message.address_id)
            .where(Message.direction == "in", Address.value.in_(strangers))
        )
    assert per_number == dict.fromkeys(strangers, 1)
    assert stored == 2 * len(strangers)
