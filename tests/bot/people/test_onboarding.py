"""Linking a Telegram chat with a single-use token from `hejsan link`."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.channels.types import Channel, InboundMessage
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Address
from bot.people.directory import Role
from bot.people.onboarding import TOKEN_TTL, create_token
from bot.turns.inbound import InboundOutcome, receive
from tests.bot.builders import ANNA, add_person, sms_shell, texts_to
from tests.fakes.clock import Clock

CHAT = "555000111"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def shell(db_url: str, clock: Clock) -> Shell:
    return sms_shell(db_url, clock)


async def token_for(db: Database, senior_id: int, clock: Clock) -> str:
    async with db.transaction() as session:
        return (await create_token(session, senior_id=senior_id, now=clock.now)).token


def start(token: str | None, sid: str, shell: Shell) -> InboundMessage:
    return InboundMessage(
        Channel.TELEGRAM,
        CHAT,
        f"/start {token or ''}".strip(),
        sid,
        shell.now(),
        start_token=token,
        is_start_command=True,
    )


async def chat_owner(db: Database) -> int | None:
    async with db.reading() as session:
        return await session.scalar(select(Address.senior_id).where(Address.value == CHAT))


async def test_a_valid_token_links_the_chat_once(db: Database, shell: Shell, clock: Clock) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    token = await token_for(db, anna.id, clock)
    linked = await receive(db, shell, start(token, "u1", shell))
    assert linked.outcome is InboundOutcome.LINKED
    assert await chat_owner(db) == anna.id
    assert "Anna" in (await texts_to(db, CHAT))[0]


async def test_a_used_or_expired_token_links_nothing_and_says_so(
    db: Database, shell: Shell, clock: Clock
) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    old = await token_for(db, anna.id, clock)
    clock.advance(days=TOKEN_TTL.days, seconds=1)
    refused = await receive(db, shell, start(old, "u1", shell))
    assert refused.outcome is InboundOutcome.UNKNOWN
    assert await chat_owner(db) is None
    assert len(await texts_to(db, CHAT)) == 1, "never silence: the link is explained"


async def test_a_token_links_only_the_first_chat(db: Database, shell: Shell, clock: Clock) -> None:
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    token = await token_for(db, anna.id, clock)
    await receive(db, shell, start(token, "u1", shell))
    other = InboundMessage(
        Channel.TELEGRAM,
        "999",
        f"/start {token}",
        "u2",
        shell.now(),
        start_token=token,
        is_start_command=True,
    )
    assert (await receive(db, shell, other)).outcome is InboundOutcome.UNKNOWN
    async with db.reading() as session:
        stranger = await session.scalar(select(Address.senior_id).where(Address.value == "999"))
    assert stranger is None
