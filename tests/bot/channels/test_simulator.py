"""The simulator as a channel: a person is reached at their number, on its own channel."""

from __future__ import annotations

from sqlalchemy import select

from bot.channels.simulator import (
    ensure_simulator_addresses,
    owner_simulator_address,
    simulator_inbound,
    simulator_send,
)
from bot.channels.types import Channel
from bot.db.database import Database
from bot.db.models import Address
from bot.people.directory import Role
from scheduler.dispatcher import OutboxItem
from tests.bot.builders import ANNA, KARIN, add_person
from tests.fakes.clock import Clock


async def addresses(db: Database, channel: str) -> list[tuple[str, int | None, int | None]]:
    async with db.reading() as session:
        rows = await session.scalars(select(Address).where(Address.channel == channel))
        return sorted((r.value, r.senior_id, r.volunteer_id) for r in rows)


async def test_everyone_with_a_phone_gets_a_simulator_address_once(db: Database) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    karin = await add_person(db, Role.VOLUNTEER, "Karin Ek", KARIN)
    await ensure_simulator_addresses(db)
    await ensure_simulator_addresses(db)
    assert await addresses(db, "simulator") == [(ANNA, anna.id, None), (KARIN, None, karin.id)]


async def test_a_number_that_wrote_before_it_was_listed_is_adopted(db: Database) -> None:
    async with db.transaction() as session:
        session.add(Address(channel="simulator", value=ANNA, created_at=Clock().now))
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    async with db.transaction() as session:
        value = await owner_simulator_address(session, senior_id=anna.id, volunteer_id=None)
    assert value == ANNA
    assert await addresses(db, "simulator") == [(ANNA, anna.id, None)]


async def test_a_typed_message_arrives_like_any_channels_and_sends_are_delivered() -> None:
    now = Clock().now
    first = simulator_inbound(ANNA, "bra", now)
    second = simulator_inbound(ANNA, "bra", now)
    assert (first.channel, first.address, first.text) == (Channel.SIMULATOR, ANNA, "bra")
    assert first.provider_message_id != second.provider_message_id, "two typings, two messages"
    sent = await simulator_send(OutboxItem(7, "simulator", ANNA, "Hej", (), 0))
    assert (sent.provider_message_id, sent.status) == ("sim-7", "delivered")
