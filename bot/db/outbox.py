"""The outbox: every outgoing message is a row before it is sent.

`enqueue` adds rows inside the caller's transaction (so a reply is committed
together with the inbound message that caused it). `SqlOutboxStore` is what
the dispatcher in `scheduler/` claims, updates and retries through.

Every step of a send is committed before the next begins (claimed, request
started, result), so a crash loses none of them; steps of several sends that
come in while the database is busy share a commit (bot.db.group_commit).
Each dispatcher is a numbered worker; on PostgreSQL it holds a session
advisory lock on its number for its whole life, so any other worker can tell,
exactly, that it died.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.db.database import Database, session_now
from bot.db.engine import insert_for
from bot.db.group_commit import GroupCommit
from bot.db.models import Address, EarlyStatus, Message, UtcDateTime
from bot.db.notices import OUTBOX_NOTICES, listen
from bot.db.outbox_status import URGENT_KINDS, URGENT_ROW, MessageStatus, is_urgent
from scheduler.dispatcher import InDoubt, OutboxItem, Sent

PROACTIVE = "proactive"
FALLBACK_KEY = "fallback:"
# Attempt marks made this close together are committed in one transaction.
ATTEMPT_GROUP_SECONDS = 0.005
# A dead worker's request may still be landing at the provider (it received
# the bytes; the worker died before the answer): its row is looked up only
# this long after the attempt began. Looked up sooner, "not there yet" read
# as "never arrived" and the text went twice (scale-out test under load).
IN_FLIGHT_SETTLE = timedelta(seconds=10)
# How far behind the shared send slot may fall (and be caught up).
RATE_CATCH_UP_SECONDS = 0.1
# Namespace of the workers' advisory locks (the second key is the worker number).
WORKER_LOCK_NAMESPACE = 0x4845_4A53  # "HEJS"
# Which channel is tried first when an urgent message falls back.
FALLBACK_ORDER = ("telegram", "sms", "simulator")

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
    MessageStatus.GAVE_UP: 3,
    MessageStatus.CANCELLED: 3,
}


_RESERVE_SLOT = text(
    "INSERT INTO rate_slots (channel, next_free) "
    "VALUES (:channel, clock_timestamp() + make_interval(secs => :step)) "
    "ON CONFLICT (channel) DO UPDATE SET next_free = "
    "greatest(rate_slots.next_free, "
    "clock_timestamp() - make_interval(secs => :catch_up)) "
    "+ make_interval(secs => :step) "
    "RETURNING extract(epoch from "
    "(rate_slots.next_free - make_interval(secs => :step) - clock_timestamp()))"
)


# A kept callback whose message never appears (another account's id, a test
# from the provider's console) is dropped after this long.
KEPT_STATUS_DAYS = 2


def _priority(kind: str, template: str | None) -> int:
    if is_urgent(kind, template):
        return 0
    return 1 if kind in URGENT_KINDS else 2


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
    now = now or session_now(session)
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
    for later in texts[1:]:
        if greeting and later.startswith(greeting):
            later = later[len(greeting) :].lstrip()
        parts.append(later)
    return "\n\n".join(parts)


def _item(message: Message, address: str) -> OutboxItem:
    return OutboxItem(
        id=message.id,
        channel=message.channel,
        address=address,
        text=message.body,
        buttons=decode_buttons(message.buttons),
        attempts=message.attempts,
        kind=message.kind,
        urgent=is_urgent(message.kind, message.template),
        created_at=message.created_at,
    )


def decode_buttons(stored: Sequence[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in stored:
        label, _, value = item.partition("\x1f")
        pairs.append((label, value or label))
    return tuple(pairs)


class SqlOutboxStore:
    """The dispatcher's view of the messages table, as worker number `worker`."""

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime] | None = None,
        worker: int | None = None,
    ) -> None:
        self.db = database
        self.clock = clock or database.clock
        self._attempts = GroupCommit(self._write_attempts, ATTEMPT_GROUP_SECONDS)
        self._results = GroupCommit(self._write_results)
        self.worker = worker if worker is not None else secrets.randbelow(2**31 - 2) + 1
        self._lock_connection: AsyncConnection | None = None

    @property
    def _shared(self) -> bool:
        return self.db.engine.dialect.name == "postgresql"

    async def open(self, wake: Callable[[], None]) -> None:
        """PostgreSQL: hold this worker's advisory lock on a dedicated
        connection (when the process dies, the lock goes with it), and listen
        there for rows other processes commit."""
        if not self._shared or self._lock_connection is not None:
            return
        connection = await self.db.engine.connect()
        try:
            await connection.execute(
                text("SELECT pg_advisory_lock(:ns, :worker)"),
                {"ns": WORKER_LOCK_NAMESPACE, "worker": self.worker},
            )
            await connection.commit()
            await listen(connection, OUTBOX_NOTICES, wake)
        except BaseException:  # stopped (cancelled) or failed half-way: give it back
            await connection.close()
            raise
        self._lock_connection = connection

    async def close(self) -> None:
        if self._lock_connection is not None:
            await self._lock_connection.close()
            self._lock_connection = None

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
            rows.sort(
                key=lambda row: (
                    _priority(row[0].kind, row[0].template),
                    row[0].next_attempt_at or now,
                    row[0].id,
                )
            )
            rows += await self._due_with(session, now, rows)
            ids = [message.id for message, _ in rows]
            await session.execute(
                update(Message)
                .where(Message.id.in_(ids))
                .values(
                    status=MessageStatus.SENDING,
                    claimed_by=self.worker,
                    attempt_started_at=None,
                    updated_at=now,
                )
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
        """Due rows, urgent first, then replies, then proactive messages; one per
        recipient, and none for a recipient with a message being sent (so one
        busy chat never fills the budget, and nobody gets two out of order)."""
        priority = case((URGENT_ROW, 0), (Message.kind.in_(URGENT_KINDS), 1), else_=2)
        busy = select(Message.address_id).where(Message.status == MessageStatus.SENDING)
        ranked = (
            select(
                Message.id.label("id"),
                priority.label("priority"),
                Message.next_attempt_at.label("due"),
                func.row_number()
                .over(
                    partition_by=Message.address_id,
                    order_by=(priority, Message.next_attempt_at, Message.id),
                )
                .label("turn"),
            )
            .where(
                Message.direction == "out",
                Message.status == MessageStatus.QUEUED,
                Message.next_attempt_at <= now,
                Message.address_id.not_in(busy),
                where,
            )
            .subquery()
        )
        chosen = (
            select(ranked.c.id)
            .where(ranked.c.turn == 1)
            .order_by(ranked.c.priority, ranked.c.due, ranked.c.id)
            .limit(limit)
        )
        query = (
            select(Message, Address.value)
            .join(Address, Address.id == Message.address_id)
            .where(Message.id.in_(chosen), Message.status == MessageStatus.QUEUED)
            # PostgreSQL: several dispatchers share the queue without overlap.
            # SQLite ignores it; BEGIN IMMEDIATE already serialises writers.
            .with_for_update(skip_locked=True, of=Message)
        )
        return [(message, address) for message, address in await session.execute(query)]

    async def reserve_slot(self, channel: str, per_second: float) -> float:
        """PostgreSQL: take the channel's next send slot, shared by every
        worker; returns how many seconds to wait for it. One row per channel
        moves on by 1/rate with each send (evenly spaced; a sender that fell
        behind may catch up RATE_CATCH_UP_SECONDS of missed slots), on the database's
        clock. SQLite serves one process: nothing to share."""
        if not self._shared:
            return 0.0
        # One statement, committed on its own: no transaction round trips per send.
        async with self.db.statement() as connection:
            wait = await connection.scalar(
                _RESERVE_SLOT,
                {"channel": channel, "step": 1.0 / per_second, "catch_up": RATE_CATCH_UP_SECONDS},
            )
        return max(float(wait or 0.0), 0.0)

    async def mark_attempt(self, item: OutboxItem, now: datetime) -> None:
        """Committed before this returns. Marks made within a few milliseconds
        share one transaction: safe, as no request has been made yet (a crash
        before the commit leaves rows that were never requested)."""
        await self._attempts.add([(message_id, now) for message_id in item.ids])

    async def _write_attempts(self, batch: list[tuple[int, datetime]]) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(Message)
                .where(Message.id.in_([message_id for message_id, _ in batch]))
                .values(attempt_started_at=min(at for _, at in batch))
            )

    async def mark_sent(self, item: OutboxItem, sent: Sent, now: datetime) -> None:
        """Record a send, committed before this returns. Results that come in
        while earlier ones are being written share the next commit (see
        bot.db.group_commit): none waits longer than it would alone."""
        await self._results.add([(item, sent, now)])

    async def _write_results(self, batch: list[tuple[OutboxItem, Sent, datetime]]) -> None:
        """Callbacks that came before the provider id was known are applied;
        an urgent row's twin on another channel that has not gone yet is
        cancelled."""
        async with self.db.transaction() as session:
            # One statement, many rows: Core's executemany (the ORM's bulk
            # update by primary key cannot add one to `attempts`).
            messages = cast(Table, Message.__table__)
            connection = await session.connection()
            await connection.execute(
                update(messages)
                .where(messages.c.id == bindparam("sent_id"))
                .values(
                    status=MessageStatus.SENT,
                    attempts=messages.c.attempts + 1,
                    sent_at=bindparam("sent_at"),
                    updated_at=bindparam("sent_at"),
                    error_code=None,
                    error_detail=None,
                    provider_message_id=bindparam("provider_id"),
                ),
                [
                    {"sent_id": message_id, "sent_at": now, "provider_id": pid}
                    for item, sent, now in batch
                    for message_id, pid in _provider_ids(item, sent)
                ],
            )
            for item, _, now in batch:
                if item.urgent:
                    key = await session.scalar(
                        select(Message.idempotency_key).where(Message.id == item.id)
                    )
                    await _cancel_twin(session, item.id, key, now)
            await _apply_early(
                session,
                {sent.provider_message_id: (item.channel, now) for item, sent, now in batch},
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
                    attempt_started_at=None,
                    claimed_by=None,
                    updated_at=now,
                )
            )

    async def mark_gave_up(
        self, item: OutboxItem, code: str | None, detail: str, now: datetime
    ) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(Message)
                .where(Message.id.in_(item.ids))
                .values(
                    status=MessageStatus.GAVE_UP,
                    attempts=Message.attempts + 1,
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

    async def queue_fallback(self, item: OutboxItem, channels: list[str], now: datetime) -> bool:
        async with self.db.transaction() as session:
            message = await session.get(Message, item.id)
            if message is None or (message.idempotency_key or "").startswith(FALLBACK_KEY):
                return False
            owner = (
                Address.senior_id == message.senior_id
                if message.senior_id is not None
                else Address.volunteer_id == message.volunteer_id
                if message.volunteer_id is not None
                else None
            )
            if owner is None:
                return False
            others = list(
                await session.scalars(
                    select(Address).where(
                        owner,
                        Address.channel != message.channel,
                        Address.channel.in_(channels),
                        Address.unusable_at.is_(None),
                    )
                )
            )
            if not others:
                return False
            others.sort(
                key=lambda a: FALLBACK_ORDER.index(a.channel) if a.channel in FALLBACK_ORDER else 99
            )
            target = others[0]
            copy = await enqueue(
                session,
                target,
                message.body,
                buttons=decode_buttons(message.buttons) if target.channel == "telegram" else (),
                kind=message.kind,
                template=message.template,
                idempotency_key=f"{FALLBACK_KEY}{message.id}",
                now=now,
            )
            return copy is not None

    async def expedite_urgent(self, channel: str, now: datetime) -> int:
        async with self.db.transaction() as session:
            result = await session.execute(
                update(Message)
                .where(
                    Message.channel == channel,
                    Message.direction == "out",
                    Message.status == MessageStatus.QUEUED,
                    URGENT_ROW,
                )
                .values(
                    next_attempt_at=case(
                        (Message.next_attempt_at > now, now), else_=Message.next_attempt_at
                    )
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def next_due_at(self) -> datetime | None:
        async with self.db.reading() as session:
            value: datetime | None = await session.scalar(
                select(func.min(Message.next_attempt_at)).where(
                    Message.direction == "out", Message.status == MessageStatus.QUEUED
                )
            )
            return value

    async def recover(self, now: datetime) -> list[InDoubt]:
        async with self.db.reading() as session:
            owners = set(
                await session.scalars(
                    select(Message.claimed_by)
                    .where(Message.status == MessageStatus.SENDING)
                    .distinct()
                )
            )
        owners.discard(self.worker)
        dead = [owner for owner in owners if owner is None or not await self._alive(owner)]
        if not dead:
            return []
        of_dead = or_(
            Message.claimed_by.in_([d for d in dead if d is not None]),
            *([Message.claimed_by.is_(None)] if None in dead else []),
        )
        async with self.db.transaction() as session:
            # Never requested: nothing can have gone out; queue again at once.
            await session.execute(
                update(Message)
                .where(
                    Message.status == MessageStatus.SENDING,
                    Message.attempt_started_at.is_(None),
                    of_dead,
                )
                .values(status=MessageStatus.QUEUED, claimed_by=None, updated_at=now)
            )
            rows = list(
                await session.execute(
                    select(Message, Address.value)
                    .join(Address, Address.id == Message.address_id)
                    .where(
                        Message.status == MessageStatus.SENDING,
                        Message.attempt_started_at <= now - IN_FLIGHT_SETTLE,
                        of_dead,
                    )
                )
            )
        # A recipient has one send at a time, so its in-doubt rows are one text:
        # texts joined into it are joined again exactly as sent, and settled
        # together (looked up as that one text, recorded or sent again as one).
        started = {message.id: message.attempt_started_at or now for message, _ in rows}
        return [
            InDoubt(item, min(started[message_id] for message_id in item.ids))
            for item in join_proactive([(message, address) for message, address in rows])
        ]

    async def _alive(self, worker: int) -> bool:
        """SQLite serves one process: any other worker is a dead one. PostgreSQL:
        a worker is alive while its advisory lock is held."""
        if not self._shared:
            return False
        connection = self._lock_connection or await self.db.engine.connect()
        try:
            got = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:ns, :worker)"),
                {"ns": WORKER_LOCK_NAMESPACE, "worker": worker},
            )
            if got:
                await connection.execute(
                    text("SELECT pg_advisory_unlock(:ns, :worker)"),
                    {"ns": WORKER_LOCK_NAMESPACE, "worker": worker},
                )
            await connection.commit()
        finally:
            if connection is not self._lock_connection:
                await connection.close()
        return not got

    async def requeue(self, item: OutboxItem, now: datetime) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(Message)
                .where(Message.id.in_(item.ids), Message.status == MessageStatus.SENDING)
                .values(
                    status=MessageStatus.QUEUED,
                    claimed_by=None,
                    attempt_started_at=None,
                    next_attempt_at=now,
                    updated_at=now,
                )
            )


async def _cancel_twin(
    session: AsyncSession, message_id: int, key: str | None, now: datetime
) -> None:
    """One of an urgent pair (a row and its copy on the other channel) went out:
    the other, if it has not started, is not needed."""
    twin: ColumnElement[bool] = Message.idempotency_key == f"{FALLBACK_KEY}{message_id}"
    if key is not None and key.startswith(FALLBACK_KEY):
        twin = Message.id == int(key.removeprefix(FALLBACK_KEY))
    await session.execute(
        update(Message)
        .where(twin, Message.status == MessageStatus.QUEUED)
        .values(
            status=MessageStatus.CANCELLED, updated_at=now, error_detail="sent on another channel"
        )
    )


async def _apply_early(session: AsyncSession, sent: Mapping[str, tuple[str, datetime]]) -> None:
    """Callbacks kept because they came before the provider id was recorded
    (`sent`: provider id -> channel, time of the send): applied in the order
    they came (the ordering rule still holds), then deleted."""
    early = list(
        await session.scalars(
            select(EarlyStatus)
            .where(EarlyStatus.provider_message_id.in_(list(sent)))
            .order_by(EarlyStatus.id)
        )
    )
    early = [row for row in early if sent[row.provider_message_id][0] == row.channel]
    if not early:
        return
    for row in early:
        channel, now = sent[row.provider_message_id]
        this_message = _provider_message(channel, row.provider_message_id)
        await _update_status(session, this_message, row.status, row.error_code, now)
    await session.execute(delete(EarlyStatus).where(EarlyStatus.id.in_([row.id for row in early])))


async def apply_kept_statuses(database: Database, now: datetime) -> int:
    """Kept callbacks whose send has been recorded since, applied now; kept
    callbacks older than `KEPT_STATUS_DAYS` (no such message ever came) dropped.

    A send records its provider id and applies the callbacks kept for it in
    one transaction; a callback whose own transaction overlapped that one saw
    no message and was kept after the lookup, and would otherwise wait for
    ever (a delivery status lost, never a message). The service runs this
    with its upkeep. Returns how many provider ids had kept callbacks applied.
    """
    async with database.transaction() as session:
        found = (
            await session.execute(
                select(EarlyStatus.provider_message_id, EarlyStatus.channel)
                .join(
                    Message,
                    and_(
                        Message.channel == EarlyStatus.channel,
                        Message.direction == "out",
                        Message.provider_message_id == EarlyStatus.provider_message_id,
                    ),
                )
                .distinct()
            )
        ).all()
        if found:
            await _apply_early(session, {pid: (channel, now) for pid, channel in found})
        stale = now - timedelta(days=KEPT_STATUS_DAYS)
        await session.execute(delete(EarlyStatus).where(EarlyStatus.received_at < stale))
    return len(found)


def _provider_ids(item: OutboxItem, sent: Sent) -> list[tuple[int, str | None]]:
    """The rows of one send and the provider id each records: the provider's
    id names the first (delivery callbacks update that one); rows joined into
    the same text went with it."""
    return [(item.id, sent.provider_message_id), *((joined, None) for joined in item.joined_ids)]


async def apply_status(
    session: AsyncSession,
    channel: str,
    provider_message_id: str,
    provider_status: str,
    error_code: str | None,
    now: datetime,
) -> bool:
    """Apply a delivery callback; False when no message has that provider id
    yet (the callback is kept and applied when the id is recorded: Twilio can
    call back before its create request has answered us).

    Callbacks repeat and arrive out of order: a status never moves backwards.
    Usually one UPDATE: its WHERE holds the ordering rule, so a stale or repeated
    callback changes nothing (and only then do we look whether the message exists).
    """
    this_message = _provider_message(channel, provider_message_id)
    if await _update_status(session, this_message, provider_status, error_code, now):
        return True
    if await session.scalar(select(Message.id).where(*this_message).limit(1)) is not None:
        return True
    if _PROVIDER_STATUS.get(provider_status.lower()) is not None:
        session.add(
            EarlyStatus(
                channel=channel,
                provider_message_id=provider_message_id,
                status=provider_status[:20],
                error_code=error_code,
                received_at=now,
            )
        )
    return False


async def record_status(
    database: Database,
    channel: str,
    provider_message_id: str,
    provider_status: str,
    error_code: str | None,
    now: datetime,
) -> bool:
    """`apply_status` as a change of its own (a delivery callback).

    PostgreSQL: one statement, committed on its own, whatever the outcome:
    the conditional UPDATE, the address made unusable after a permanent
    failure, and the callback kept when the message is not known yet (the
    same rules as `apply_status`, in one round trip instead of four or five).
    """
    status = _PROVIDER_STATUS.get(provider_status.lower())
    if status is None or database.engine.dialect.name != "postgresql":
        async with database.transaction() as session:
            return await apply_status(
                session, channel, provider_message_id, provider_status, error_code, now
            )
    params = {
        "channel": channel,
        "provider_id": provider_message_id,
        "status": status,
        "rank": _RANK[status],
        "error_code": error_code,
        "raw_status": provider_status[:20],
        "now": now,
        "delivered": status == MessageStatus.DELIVERED,
        "failed": status == MessageStatus.FAILED,
        "permanent": status == MessageStatus.FAILED and error_code in PERMANENT_CALLBACK_CODES,
        "reason": f"{error_code}: undeliverable (status callback)",
    }
    async with database.statement() as connection:
        known = await connection.scalar(_CALLBACK_POSTGRESQL, params)
    return bool(known)


_STATUS_RANK = " ".join(f"WHEN '{known}' THEN {value}" for known, value in _RANK.items())
# Every part of it reads one snapshot; the UPDATE's WHERE holds the ordering
# rule (rechecked on the newest row if another callback got there first).
_CALLBACK_POSTGRESQL = text(
    "WITH found AS ("
    " SELECT id FROM messages WHERE channel = :channel AND direction = 'out'"
    " AND provider_message_id = :provider_id LIMIT 1),"
    " moved AS ("
    " UPDATE messages SET status = CAST(:status AS varchar), updated_at = :now,"
    " delivered_at = CASE WHEN :delivered THEN :now ELSE delivered_at END,"
    " error_code = CASE WHEN :failed THEN CAST(:error_code AS varchar) ELSE error_code END"
    " WHERE channel = :channel AND direction = 'out' AND provider_message_id = :provider_id"
    f" AND (CASE status {_STATUS_RANK} ELSE 0 END) <= :rank"
    " AND NOT (status = CAST(:status AS varchar)"
    " AND error_code IS NOT DISTINCT FROM CAST(:error_code AS varchar))"
    " RETURNING address_id),"
    " unusable AS ("
    " UPDATE addresses SET unusable_at = :now, unusable_reason = :reason"
    " WHERE :permanent AND unusable_at IS NULL AND id IN (SELECT address_id FROM moved)),"
    " early AS ("
    " INSERT INTO early_statuses (channel, provider_message_id, status, error_code, received_at)"
    " SELECT CAST(:channel AS varchar), CAST(:provider_id AS varchar),"
    " CAST(:raw_status AS varchar), CAST(:error_code AS varchar), CAST(:now AS timestamptz)"
    " WHERE NOT EXISTS (SELECT 1 FROM found))"
    " SELECT EXISTS (SELECT 1 FROM found)"
).bindparams(
    bindparam("now", type_=UtcDateTime()),
    bindparam("delivered", type_=Boolean()),
    bindparam("failed", type_=Boolean()),
    bindparam("permanent", type_=Boolean()),
    bindparam("rank", type_=Integer()),
)


def _provider_message(channel: str, provider_message_id: str) -> tuple[ColumnElement[bool], ...]:
    return (
        Message.channel == channel,
        Message.direction == "out",
        Message.provider_message_id == provider_message_id,
    )


async def _update_status(
    session: AsyncSession,
    this_message: tuple[ColumnElement[bool], ...],
    provider_status: str,
    error_code: str | None,
    now: datetime,
) -> bool:
    """One conditional UPDATE; True when it moved the message on."""
    status = _PROVIDER_STATUS.get(provider_status.lower())
    if status is None:
        return False
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
            ~and_(Message.status == status, Message.error_code.is_not_distinct_from(error_code)),
        )
        .values(**values)
        .returning(Message.address_id)
        .execution_options(synchronize_session=False)
    )
    address_id = changed.scalar_one_or_none()
    if address_id is None:
        return False
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
