"""People for the console's mirrored tests: a senior added as `hejsan seniors add`
does, who then writes in through the same inbound path as an SMS."""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy import select

from bot.channels.types import Channel, InboundMessage
from bot.db.models import Address
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.inbound import InboundResult, receive
from tests.bot.console.conftest import Desk


async def add_person(desk: Desk, name: str, phone: str, role: Role = Role.SENIOR) -> int:
    """The new person's id (a senior's or a volunteer's, after `role`)."""
    person = clean_person(name=name, phone=phone)
    owner = Address.senior_id if role is Role.SENIOR else Address.volunteer_id
    async with desk.db.transaction() as session:
        await upsert_people(session, role, [person])
        found = await session.scalar(
            select(owner).where(Address.channel == "sms", Address.value == person.phone)
        )
    assert found is not None
    return int(found)


async def texts(desk: Desk, phone: str, text: str) -> InboundResult:
    """`phone` (E.164) sends `text` by SMS; the turn runs as in production."""
    inbound = InboundMessage(
        channel=Channel.SMS,
        address=phone,
        text=text,
        provider_message_id=f"SMtest{uuid4().hex}",
        received_at=desk.shell.now(),
    )
    return await receive(desk.db, desk.shell, inbound)
