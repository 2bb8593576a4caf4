"""The inbound path: one message, one transaction, whoever sent it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from bot.channels.types import Channel, InboundMessage
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Message
from bot.people.directory import Role
from bot.turns.inbound import MAX_STORED_CHARS, InboundOutcome, receive
from tests.bot.builders import ANNA, KARIN, add_person, sms_shell, texts_to
from tests.fakes.clock import Clock

STRANGER = "+46701740699"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def shell(db_url: str, clock: Clock) -> Shell:
    return sms_shell(db_url, clock)


def sms(phone: str, text: str, sid: str, at: datetime) -> InboundMessage:
    return InboundMessage(Channel.SMS, phone, text, sid, at)


async def inbound_count(db: Database) -> int:
    async with db.reading() as session:
        return int(await session.scalar(select(func.count()).where(Message.direction == "in")) or 0)


async def test_a_provider_retry_of_the_same_message_is_handled_once(
    db: Database, shell: Shell
) -> None:
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    first = await receive(db, shell, sms(ANNA, "ring mig", "SM1", shell.now()))
    again = await receive(db, shell, sms(ANNA, "ring mig", "SM1", shell.now()))
    assert first.outcome is InboundOutcome.SENIOR
    assert first.queued >= 1
    assert again.outcome is InboundOutcome.DUPLICATE
    assert await inbound_count(db) == 1
    assert len(first.escalation_ids) == 1


async def test_a_stranger_gets_one_polite_reply_a_day(
    db: Database, shell: Shell, clock: Clock
) -> None:
    first = await receive(db, shell, sms(STRANGER, "hej", "SM1", shell.now()))
    second = await receive(db, shell, sms(STRANGER, "hallå?", "SM2", shell.now()))
    assert (first.outcome, first.queued) == (InboundOutcome.UNKNOWN, 1)
    assert (second.outcome, second.queued) == (InboundOutcome.UNKNOWN, 0)
    clock.advance(hours=24)
    third = await receive(db, shell, sms(STRANGER, "hej igen", "SM3", shell.now()))
    assert third.queued == 1
    replies = await texts_to(db, STRANGER)
    assert len(replies) == 2
    assert all("Anna" not in reply for reply in replies), "nothing about anyone leaks"


async def test_a_volunteers_message_is_answered_as_a_command(db: Database, shell: Shell) -> None:
    await add_person(db, Role.VOLUNTEER, "Karin Ek", KARIN)
    result = await receive(db, shell, sms(KARIN, "vad ska jag skriva?", "SM1", shell.now()))
    assert (result.outcome, result.queued) == (InboundOutcome.VOLUNTEER, 1)
    assert "OK" in (await texts_to(db, KARIN))[0]


async def test_a_huge_or_binary_message_is_stored_safely(db: Database, shell: Shell) -> None:
    await add_person(db, Role.SENIOR, "Anna Lindqvist", ANNA)
    text = "bra\x00" + "x" * (MAX_STORED_CHARS + 100)
    await receive(db, shell, sms(ANNA, text, "SM1", shell.now()))
    async with db.reading() as session:
        body = await session.scalar(select(Message.body).where(Message.direction == "in"))
    assert body is not None
    assert len(body) == MAX_STORED_CHARS
    assert "\x00" not in body
