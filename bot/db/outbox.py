"""The outbox: every outgoing message is a row before it is sent.

`enqueue` adds rows inside the caller's transaction (so a reply is committed
together with the inbound message that caused it). `SqlOutboxStore` is what
the dispatcher in `scheduler/` claims, updates and retries through.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.database import Database
from bot.db.engine import insert_for
from bot.db.models import Address, Message, utcnow
from scheduler.dispatcher import OutboxItem, Sent


class MessageStatus(StrEnum):
    """Where a message stands: outgoing ones queued -> sending -> sent ->
    delivered (or failed); incoming ones are received."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    RECEIVED = "received"


GROUP_COMMIT_SECONDS = 0.01

# Sent before anything proactive: a volunteer alert, an answer to a senior.
URGENT_KINDS = ("alert", "reply")
PROACTIVE = "proactive"

# Provider statuses from delivery callbacks, mapped to ours.
_PROVIDER_STATUS = {
    "accepted": MessageStatus.SENT,
    "queued": MessageStatus.SENT,
    "sending": MessageStatus.SENT,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
}
# Delivery errors after which this number will never receive our SMS.
PERMANENT_CALLBACK_CODES = frozenset({"21610", "21211", "21614", "30005", "30006"})
# Order, so a late "sent" callback never overwrites "delivered".
_RANK: dict[str, int] = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.FAILED: 3,
}


async def enqueue(
    session: AsyncSession,
    address: Address,
    text: str,
    *,
    buttons: Sequence[tuple[str, str]] = (),
    kind: str = "reply",
    template: str | None = None,
    idempotency_key: str | None = None,
    not_before: datetime | None = None,
    now: datetime | None = None,
) -> Message | None:
    """Add one outgoing message; with an idempotency key a second call adds nothing.

    Returns the new row, or None when the key was already used.
    """
    now = now or utcnow()
    values = {
        "direction": "out",
        "channel": address.channel,
        "address_id": address.id,
        "senior_id": address.senior_id,
        "volunteer_id": address.volunteer_id,
        "body": text,
        "buttons": [f"{label}\x1f{value}" for label, value in buttons],
        "kind": kind,
        "template": template,
        "idempotency_key": idempotency_key,
        "status": MessageStatus.QUEUED,
        "attempts": 0,
        "next_attempt_at": not_before or now,
        "created_at": now,
        "updated_at": now,
    }
    if idempotency_key is None:
        message = Message(**values)
        session.add(message)
        await session.flush()
        return message
    insert = insert_for(session)
    statement = (
        insert(Message)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(Message.id)
    )
    new_id = (await session.execute(statement)).scalar_one_or_none()
    if new_id is None:
        return None
    return await session.get(Message, new_id)


def occurrence_prefix(campaign: str, occurrence: str) -> str:
    """The start of the idempotency key of every text planned for one
    occurrence; the senior's id and the text's number follow."""
    return f"campaign:{campaign}:{occurrence}:"


async def received_at(
    session: AsyncSession, campaign: str, occurrence: str, senior_id: int
) -> datetime | None:
    """When the senior was sent this occurrence's question (sent or delivered),
    or None while it is queued, deferred, failed or was never planned."""
    prefix = f"{occurrence_prefix(campaign, occurrence)}{senior_id}:"
    found: datetime | None = await session.scalar(
        select(func.min(Message.sent_at)).where(
            Message.senior_id == senior_id,
            Message.direction == "out",
            Message.status.in_((MessageStatus.SENT, MessageStatus.DELIVERED)),
            func.substr(Message.idempotency_key, 1, len(prefix)) == prefix,
        )
    )
    return found


def join_proactive(rows: Sequence[tuple[Message, str]]) -> list[OutboxItem]:
    """One item per claimed row, except that proactive rows to one address
    become one text (a check-in and an invitation due together): the texts
    in order, a greeting they share said once, all their buttons."""
    items: list[OutboxItem] = []
    proactive: dict[int, list[tuple[Message, str]]] = {}
    for message, address in rows:
        if message.kind == PROACTIVE:
            proactive.setdefault(message.address_id, []).append((message, address))
        else:
            items.append(_item(message, address))
    for group in proactive.values():
        group.sort(key=lambda pair: pair[0].id)
        first, address = group[0]
        item = _item(first, address)
        if len(group) > 1:
            others = [message for message, _ in group[1:]]
            buttons = [*item.buttons]
            for message in others:
                buttons += [b for b in decode_buttons(message.buttons) if b not in buttons]
            item = replace(
                item,
                text=joined_text([first.body, *(message.body for message in others)]),
                buttons=tuple(buttons),
                joined_ids=tuple(message.id for message in others),
            )
        items.append(item)
    return items


def joined_text(texts: Sequence[str]) -> str:
    """Texts sent as one: a later one that opens with the first one's
    greeting ("Hej Anna!") drops it."""
    greeting = texts[0].split("!", 1)[0] + "!" if "!" in texts[0][:40] else None
    parts = [texts[0]]
    for text in texts[1:]:
        if greeting and text.startswith(greeting):
            text = text[len(greeting) :].lstrip()
        parts.append(text)
    return "\n\n".join(parts)


def _item(message: Message, address: str) -> OutboxItem:
    return OutboxItem(
        id=message.id,
        channel=message.channel,
        address=address,
        text=message.body,
        buttons=decode_buttons(message.buttons),
        attempts=message.attempts,
    )


def decode_buttons(stored: Sequence[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in stored:
        label, _, value = item.partition("\x1f")
        pairs.append((label, value or label))
    return tuple(pairs)


class SqlOutboxStore:
    """The dispatcher's view of the messages table."""

    def __init__(self, database: Database, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = database
        self.clock = clock
        self._sent: list[tuple[OutboxItem, Sent, datetime]] = []
        self._flush: asyncio.Task[None] | None = None

    async def claim_due(
        self, now: datetime, budgets: Mapping[str, int], other_channels: int
    ) -> list[OutboxItem]:
        async with self.db.transaction() as session:
            rows: list[tuple[Message, str]] = []
            for channel, budget in budgets.items():
                if budget > 0:
                    rows += await self._due(session, now, budget, Message.channel == channel)
            if other_channels > 0:
                rows += await self._due(
                    session, now, other_channels, Message.channel.not_in(list(budgets))
                )
            if not rows:
                return []
            rows += await self._due_with(session, now, rows)
            ids = [message.id for message, _ in rows]
            await session.execute(
                update(Message)
                .where(Message.id.in_(ids))
                .values(status=MessageStatus.SENDING, updated_at=now)
            )
            return join_proactive(rows)

    async def _due_with(
        self, session: AsyncSession, now: datetime, rows: list[tuple[Message, str]]
    ) -> list[tuple[Message, str]]:
        """Proactive rows due to the same addresses as the proactive `rows`
        but left out by the claim's limit: they go in the same text."""
        addresses = {message.address_id for message, _ in rows if message.kind == PROACTIVE}
        if not addresses:
            return []
        claimed = [message.id for message, _ in rows]
        query = (
            select(Message, Address.value)
            .join(Address, Address.id == Message.address_id)
            .where(
                Message.address_id.in_(addresses),
                Message.id.not_in(claimed),
                Message.direction == "out",
                Message.status == MessageStatus.QUEUED,
                Message.kind == PROACTIVE,
                Message.next_attempt_at <= now,
            )
            .with_for_update(skip_locked=True, of=Message)
        )
        return [(message, address) for message, address in await session.execute(query)]

    async def _due(
        self, session: AsyncSession, now: datetime, limit: int, where: ColumnElement[bool]
    ) -> list[tuple[Message, str]]:
        """Due rows, alerts first, then replies, then proactive messages."""
        found: list[tuple[Message, str]] = []
        for kinds in (URGENT_KINDS, None):
            if len(found) >= limit:
                break
            kind_filter = (
                Message.kind.in_(URGENT_KINDS) if kinds else Message.kind.not_in(URGENT_KINDS)
            )
            query = (
                select(Message, Address.value)
                .join(Address, Address.id == Message.address_id)
                .where(
                    Message.direction == "out",
                    Message.status == MessageStatus.QUEUED,
                    Message.next_attempt_at <= now,
                    where,
                    kind_filter,
                )
                .order_by(
                    *([case((Message.kind == "alert", 0), else_=1)] if kinds else []),
                    Message.next_attempt_at,
                    Message.id,
                )
                .limit(limit - len(found))
                # PostgreSQL: several dispatchers share the queue without overlap.
                # SQLite ignores it; BEGIN IMMEDIATE already serialises writers.
                .with_for_update(skip_locked=True, of=Message)
            )
            found += [(message, address) for message, address in (await session.execute(query))]
        return found

    async def mark_sent(self, item: OutboxItem, sent: Sent, now: datetime) -> None:
        """Record a send; returns once committed. Sends finishing within a few
        milliseconds share one transaction (a group commit): on SQLite, one
        write transaction per message would compete with inbound messages."""
        self._sent.append((item, sent, now))
        if self._flush is None:
            self._flush = asyncio.get_running_loop().create_task(self._flush_sent())
        await asyncio.shield(self._flush)

    async def _flush_sent(self) -> None:
        await asyncio.sleep(GROUP_COMMIT_SECONDS)
        batch, self._sent, self._flush = self._sent, [], None
        async with self.db.transaction() as session:
            for item, sent, now in batch:
                # The provider's id names one row; rows joined into the same
                # text are sent with it (delivery callbacks update the first).
                for ids, provider_id in (
                    ((item.id,), sent.provider_message_id),
                    (item.joined_ids, None),
                ):
                    if not ids:
                        continue
                    await session.execute(
                        update(Message)
                        .where(Message.id.in_(ids))
                        .values(
                            status=MessageStatus.SENT,
                            provider_message_id=provider_id,
                            attempts=Message.attempts + 1,
                            sent_at=now,
                            updated_at=now,
                            error_code=None,
                            error_detail=None,
                        )
                    )

    async def mark_retry(
        self, item: OutboxItem, code: str | None, detail: str, at: datetime, now: datetime
    ) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(Message)
                .where(Message.id.in_(item.ids))
                .values(
                    status=MessageStatus.QUEUED,
                    attempts=Message.attempts + 1,
                    next_attempt_at=at,
                    error_code=code,
                    error_detail=detail[:500],
                    updated_at=now,
                )
            )

    async def mark_failed(
        self, item: OutboxItem, code: str | None, detail: str, *, unusable: bool, now: datetime
    ) -> None:
        async with self.db.transaction() as session:
            messages = list(await session.scalars(select(Message).where(Message.id.in_(item.ids))))
            for message in messages:
                message.status = MessageStatus.FAILED
                message.attempts += 1
                message.error_code = code
                message.error_detail = detail[:500]
                message.updated_at = now
            if unusable and messages:
                address = await session.get(Address, messages[0].address_id)
                if address is not None and address.unusable_at is None:
                    address.unusable_at = now
                    address.unusable_reason = f"{code or 'error'}: {detail}"[:200]

    async def next_due_at(self) -> datetime | None:
        async with self.db.reading() as session:
            value: datetime | None = await session.scalar(
                select(func.min(Message.next_attempt_at)).where(
                    Message.direction == "out", Message.status == MessageStatus.QUEUED
                )
            )
            return value

    async def requeue_stale(self, older_than: datetime) -> int:
        async with self.db.transaction() as session:
            result = await session.execute(
                update(Message)
                .where(Message.status == MessageStatus.SENDING, Message.updated_at < older_than)
                .values(status=MessageStatus.QUEUED, updated_at=self.clock())
            )
            return int(getattr(result, "rowcount", 0) or 0)


async def apply_status(
    session: AsyncSession,
    channel: str,
    provider_message_id: str,
    provider_status: str,
    error_code: str | None,
    now: datetime,
) -> bool:
    """Apply a delivery callback; False when no message has that provider id.

    Callbacks repeat and arrive out of order: a status never moves backwards.
    Usually one UPDATE: its WHERE holds the ordering rule, so a stale or repeated
    callback changes nothing (and only then do we look whether the message exists).
    """
    this_message = (
        Message.channel == channel,
        Message.direction == "out",
        Message.provider_message_id == provider_message_id,
    )
    status = _PROVIDER_STATUS.get(provider_status.lower())
    if status is not None:
        rank = case({known: value for known, value in _RANK.items()}, value=Message.status, else_=0)
        values: dict[str, Any] = {"status": status, "updated_at": now}
        if status == MessageStatus.DELIVERED:
            values["delivered_at"] = now
        if status == MessageStatus.FAILED:
            values["error_code"] = error_code
        changed = await session.execute(
            update(Message)
            .where(
                *this_message,
                rank <= _RANK[status],
                ~and_(
                    Message.status == status, Message.error_code.is_not_distinct_from(error_code)
                ),
            )
            .values(**values)
            .returning(Message.address_id)
            .execution_options(synchronize_session=False)
        )
        address_id = changed.scalar_one_or_none()
        if address_id is not None:
            if status == MessageStatus.FAILED and error_code in PERMANENT_CALLBACK_CODES:
                await session.execute(
                    update(Address)
                    .where(Address.id == address_id, Address.unusable_at.is_(None))
                    .values(
                        unusable_at=now,
                        unusable_reason=f"{error_code}: undeliverable (status callback)",
                    )
                    .execution_options(synchronize_session=False)
                )
            return True
    known = await session.scalar(select(Message.id).where(*this_message).limit(1))
    return known is not None
