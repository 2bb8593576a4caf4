"""Outbox rows: written once, and delivery callbacks that never go backwards."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.database import Database
from bot.db.models import Address, EarlyStatus, Message
from bot.db.outbox import (
    KEPT_STATUS_DAYS,
    SqlOutboxStore,
    apply_kept_statuses,
    apply_status,
    enqueue,
    record_status,
)
from bot.db.outbox_status import MessageStatus
from scheduler.dispatcher import Sent
from tests.fakes.clock import Clock

PHONE = "+46701740605"


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def queue_one(db: Database, clock: Clock, key: str | None = None) -> Message | None:
    async with db.transaction() as session:
        address = await session.scalar(select(Address).where(Address.value == PHONE))
        if address is None:
            address = Address(channel="sms", value=PHONE, created_at=clock.now)
            session.add(address)
            await session.flush()
        return await enqueue(session, address, "Hej Anna", idempotency_key=key, now=clock.now)


async def send_it(db: Database, clock: Clock) -> Message:
    """Claim and mark the queued message sent, as the dispatcher does."""
    store = SqlOutboxStore(db, clock)
    (item,) = await store.claim_due(clock.now, {"sms": 10}, other_channels=0)
    await store.mark_sent(item, Sent("SM1", "queued"), clock.now)
    async with db.reading() as session:
        message = await session.get(Message, item.id)
    assert message is not None
    return message


async def status_after(db: Database, clock: Clock, status: str, code: str | None = None) -> str:
    async with db.transaction() as session:
        assert await apply_status(session, "sms", "SM1", status, code, clock.now)
    async with db.reading() as session:
        return str(await session.scalar(select(Message.status)))


async def test_the_same_idempotency_key_queues_one_message(db: Database, clock: Clock) -> None:
    first = await queue_one(db, clock, key="campaign:morgon:2026-12-02:1:0")
    second = await queue_one(db, clock, key="campaign:morgon:2026-12-02:1:0")
    assert first is not None
    assert second is None
    async with db.reading() as session:
        assert len(list(await session.scalars(select(Message)))) == 1


async def test_a_late_sent_callback_never_undoes_delivered(db: Database, clock: Clock) -> None:
    await queue_one(db, clock)
    sent = await send_it(db, clock)
    assert sent.provider_message_id == "SM1"
    assert await status_after(db, clock, "delivered") == MessageStatus.DELIVERED
    assert await status_after(db, clock, "sent") == MessageStatus.DELIVERED


async def test_an_unknown_provider_id_is_reported(db: Database, clock: Clock) -> None:
    async with db.transaction() as session:
        assert not await apply_status(session, "sms", "SM-nobody", "delivered", None, clock.now)


async def test_a_permanent_failure_marks_the_number_unusable(db: Database, clock: Clock) -> None:
    await queue_one(db, clock)
    await send_it(db, clock)
    assert await status_after(db, clock, "undelivered", "30005") == MessageStatus.FAILED
    async with db.reading() as session:
        address = await session.scalar(select(Address))
    assert address is not None
    assert address.unusable_at == clock.now


async def test_a_callback_on_its_own_moves_the_status_forward_only(
    db: Database, clock: Clock
) -> None:
    await queue_one(db, clock)
    sent = await send_it(db, clock)
    clock.advance(seconds=5)
    assert await record_status(db, "sms", "SM1", "sent", None, clock.now)
    async with db.reading() as session:
        again = await session.get(Message, sent.id)
    assert again is not None
    assert (again.status, again.updated_at) == (MessageStatus.SENT, sent.updated_at)
    assert await record_status(db, "sms", "SM1", "delivered", None, clock.now)
    clock.advance(seconds=5)
    assert await record_status(db, "sms", "SM1", "sent", None, clock.now)
    async with db.reading() as session:
        delivered = await session.get(Message, sent.id)
    assert delivered is not None
    assert delivered.status == MessageStatus.DELIVERED
    assert delivered.delivered_at == delivered.updated_at == clock.now - timedelta(seconds=5)


async def test_a_callback_on_its_own_for_a_permanent_failure_marks_the_number(
    db: Database, clock: Clock
) -> None:
    await queue_one(db, clock)
    await send_it(db, clock)
    assert await record_status(db, "sms", "SM1", "undelivered", "21610", clock.now)
    async with db.reading() as session:
        message = await session.scalar(select(Message))
        address = await session.scalar(select(Address))
    assert message is not None
    assert address is not None
    assert (message.status, message.error_code) == (MessageStatus.FAILED, "21610")
    assert address.unusable_at == clock.now
    assert address.unusable_reason == "21610: undeliverable (status callback)"


async def test_a_callback_before_the_send_is_recorded_is_applied_with_it(
    db: Database, clock: Clock
) -> None:
    await queue_one(db, clock)
    assert not await record_status(db, "sms", "SM1", "delivered", None, clock.now)
    assert not await record_status(db, "sms", "SM-other", "weird", None, clock.now)
    sent = await send_it(db, clock)
    assert sent.status == MessageStatus.DELIVERED


async def _keep(db: Database, provider_id: str, status: str, received_at: datetime) -> None:
    """A kept callback, as one whose transaction overlapped the send's leaves it."""
    async with db.transaction() as session:
        session.add(
            EarlyStatus(
                channel="sms", provider_message_id=provider_id, status=status,
                error_code=None, received_at=received_at,
            )
        )  # fmt: skip


async def _kept(db: Database) -> list[str]:
    async with db.reading() as session:
        return list(await session.scalars(select(EarlyStatus.provider_message_id)))


async def test_a_callback_kept_while_its_send_was_recorded_is_applied_by_the_upkeep(
    db: Database, clock: Clock
) -> None:
    await queue_one(db, clock)
    sent = await send_it(db, clock)
    await _keep(db, "SM1", "delivered", clock.now)
    async with db.reading() as session:
        assert await session.scalar(select(Message.status).where(Message.id == sent.id)) == "sent"
    assert await apply_kept_statuses(db, clock.now) == 1
    async with db.reading() as session:
        status = await session.scalar(select(Message.status).where(Message.id == sent.id))
    assert status == MessageStatus.DELIVERED
    assert await _kept(db) == []


async def test_a_kept_callback_for_no_known_message_waits_then_is_dropped(
    db: Database, clock: Clock
) -> None:
    await _keep(db, "SM-recent", "delivered", clock.now - timedelta(hours=1))
    await _keep(db, "SM-old", "delivered", clock.now - timedelta(days=KEPT_STATUS_DAYS, hours=1))
    assert await apply_kept_statuses(db, clock.now) == 0
    assert await _kept(db) == ["SM-recent"]
