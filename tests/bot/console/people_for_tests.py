"""People for the console's mirrored tests: a senior added as `hejsan seniors add`
does, who then writes in through the same inbound path as an SMS; and a desk for
scripts, whose accounts have API tokens but no password (hashing one is what
makes the logged-in `desk` slow)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import uuid4

import httpx
from sqlalchemy import select

from bot.channels.types import Channel, InboundMessage
from bot.console.accounts import AccountRole, add_account
from bot.console.tokens import create_token
from bot.core.config import load_config
from bot.db.database import Database
from bot.db.models import Address
from bot.people.directory import Role, clean_person, upsert_people
from bot.turns.inbound import InboundResult, receive
from bot.web.app import create_app
from tests.bot.console.conftest import BASE, Desk


@asynccontextmanager
async def token_desk(db: Database) -> AsyncIterator[Desk]:
    """One account per role with a token; `as_role` gives a client with no cookie."""
    app = create_app(load_config(None, {"HEJSAN_SERVICE_QUIET_HOURS": ""}), db)
    made = Desk(db, app)
    async with db.transaction() as session:
        for role in AccountRole:
            account = await add_account(
                session,
                email=f"{role.value}@kommun.se",
                name=role.value.title(),
                role=role,
                password=None,
                now=db.now(),
            )
            made.tokens[role.value] = await create_token(session, account, db.now())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        made.clients = dict.fromkeys(made.tokens, client)
        yield made


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
