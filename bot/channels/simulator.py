"""The built-in simulator as a channel: the third channel beside Telegram and SMS.

Its "provider" is the database: an outgoing message is delivered the moment
it is sent and shown on the simulator page; an incoming one is typed on that
page. A person is reached at their phone number on the simulator's own
channel, so SMS and simulator conversations never mix.
"""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.types import Channel, InboundMessage
from bot.db.database import Database
from bot.db.models import Address
from scheduler.dispatcher import OutboxItem, Sent


async def simulator_send(item: OutboxItem) -> Sent:
    """The simulator's "provider": the message is shown on its page from the database."""
    return Sent(f"sim-{item.id}", "delivered")


def simulator_inbound(address: str, body: str, now: datetime) -> InboundMessage:
    """A message typed on the simulator page, as every channel hands it over."""
    return InboundMessage(
        channel=Channel.SIMULATOR,
        address=address,
        text=body,
        provider_message_id=f"sim:{uuid4()}",
        received_at=now,
    )


async def simulator_address(
    session: AsyncSession,
    senior_id: int | None,
    rows: list[Address],
    volunteer_id: int | None = None,
) -> Address | None:
    """The simulator reaches a person at their phone number, on its own channel."""
    for row in rows:
        if row.channel == Channel.SIMULATOR.value:
            return row
    phone = next((r.value for r in rows if r.channel == Channel.SMS.value), None)
    if phone is None:
        return None
    address = Address(
        channel=Channel.SIMULATOR.value, value=phone, senior_id=senior_id, volunteer_id=volunteer_id
    )
    session.add(address)
    await session.flush()
    return address


async def owner_simulator_address(
    session: AsyncSession, *, senior_id: int | None, volunteer_id: int | None
) -> str | None:
    """One person's simulator address value (their E.164 number), created if new.
    Exactly one of `senior_id` and `volunteer_id` is given."""
    owner = Address.senior_id == senior_id if senior_id is not None else None
    if owner is None:
        owner = Address.volunteer_id == volunteer_id
    rows = list(await session.scalars(select(Address).where(owner)))
    existing = next((r for r in rows if r.channel == Channel.SIMULATOR.value), None)
    if existing is not None:
        return existing.value
    phone = next((r.value for r in rows if r.channel == Channel.SMS.value), None)
    if phone is None:
        return None
    orphan = await session.scalar(
        select(Address).where(Address.channel == Channel.SIMULATOR.value, Address.value == phone)
    )
    if orphan is not None:  # written from this number before the person was listed
        if orphan.senior_id is not None or orphan.volunteer_id is not None:
            return None
        orphan.senior_id, orphan.volunteer_id = senior_id, volunteer_id
        return orphan.value
    address = await simulator_address(session, senior_id, rows, volunteer_id=volunteer_id)
    return address.value if address is not None else None


async def ensure_simulator_addresses(database: Database) -> None:
    """Give every senior and volunteer with a phone number a simulator address
    (before planning many of them at once)."""
    async with database.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO addresses (channel, value, senior_id, volunteer_id, created_at) "
                "SELECT 'simulator', value, senior_id, volunteer_id, created_at FROM addresses "
                "WHERE channel = 'sms' AND (senior_id IS NOT NULL OR volunteer_id IS NOT NULL) "
                "ON CONFLICT (channel, value) DO NOTHING"
            )
        )
