"""The outbox dispatcher: sends every committed outgoing message exactly once.

It claims due rows from the store, sends each through its channel's adapter
under that provider's rate limit, and records the outcome: sent, retry later
(temporary trouble, exponential backoff) or failed (permanent: the address is
marked unusable). It is woken as soon as new rows are committed and otherwise
sleeps until the next retry is due.

The store and the senders are passed in (protocols below), so this module
knows nothing of SQLAlchemy or of any provider.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from scheduler.backoff import retry_delay, should_give_up
from scheduler.ratelimit import ChannelRateLimit

log = logging.getLogger("hejsan.dispatcher")

IDLE_POLL = timedelta(seconds=30)
# How much a channel may have claimed at once: about this many seconds of its
# rate. Small, so a new alert never waits behind a long claimed backlog.
CLAIM_SECONDS = 2.0
UNLIMITED_BATCH = 200


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One text to send. `joined_ids` are further outbox rows sent in this
    same text (proactive texts due together to one address): they share its
    fate, sent or retried or failed."""

    id: int
    channel: str
    address: str
    text: str
    buttons: tuple[tuple[str, str], ...]
    attempts: int
    joined_ids: tuple[int, ...] = ()

    @property
    def ids(self) -> tuple[int, ...]:
        return (self.id, *self.joined_ids)


@dataclass(frozen=True, slots=True)
class Sent:
    provider_message_id: str
    status: str


class Retry(Exception):
    """Raised by a sender for temporary trouble; `retry_after` in seconds."""

    def __init__(self, reason: str, code: str | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.code = code
        self.retry_after = retry_after


class GiveUp(Exception):
    """Raised by a sender when this address can never be reached this way."""

    def __init__(self, reason: str, code: str | None = None):
        super().__init__(reason)
        self.code = code


Sender = Callable[[OutboxItem], Awaitable[Sent]]


class OutboxStore(Protocol):
    async def claim_due(
        self, now: datetime, budgets: Mapping[str, int], other_channels: int
    ) -> list[OutboxItem]:
        """Mark due rows as sending and return them: up to `budgets[channel]` per
        channel, alerts and replies before proactive messages, oldest first; and
        up to `other_channels` rows of channels not in `budgets`."""
        ...

    async def mark_sent(self, item: OutboxItem, sent: Sent, now: datetime) -> None: ...

    async def mark_retry(
        self, item: OutboxItem, code: str | None, detail: str, at: datetime, now: datetime
    ) -> None: ...

    async def mark_failed(
        self, item: OutboxItem, code: str | None, detail: str, *, unusable: bool, now: datetime
    ) -> None: ...

    async def next_due_at(self) -> datetime | None: ...

    async def requeue_stale(self, older_than: datetime) -> int:
        """Rows left 'sending' by a crashed process go back to the queue."""
        ...


def utcnow() -> datetime:
    return datetime.now(UTC)


OTHER_CHANNELS = "*"


def _maybe_more_due(budgets: Mapping[str, int], items: Sequence[OutboxItem]) -> set[str]:
    """Channels whose claim was cut short by their budget (or had none left).

    Only they can have due rows left over, so only a finished send in one of
    them is worth another claim. The rest wait for what wakes the dispatcher
    anyway: new rows (`wake`), a retry's own timer, or the next due time.
    """
    claimed: dict[str, int] = {}
    for item in items:
        claimed[item.channel] = claimed.get(item.channel, 0) + 1
    more = {channel for channel, budget in budgets.items() if claimed.get(channel, 0) >= budget}
    others = sum(count for channel, count in claimed.items() if channel not in budgets)
    if others >= UNLIMITED_BATCH:
        more.add(OTHER_CHANNELS)
    return more


class Dispatcher:
    def __init__(
        self,
        store: OutboxStore,
        senders: dict[str, Sender],
        limits: dict[str, ChannelRateLimit],
        *,
        clock: Callable[[], datetime] = utcnow,
        concurrency: int = 32,
    ) -> None:
        self.store = store
        self.senders = senders
        self.limits = limits
        self.clock = clock
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(concurrency)
        self._in_flight: set[asyncio.Task[None]] = set()
        self._busy: dict[str, int] = {}
        # One message at a time per recipient, in claim order, so a senior
        # never reads our messages in a different order than we wrote them.
        self._recipients: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}
        # Channels that may have more due than the last claim took (see dispatch_due).
        self._more_due: set[str] = set()
        self._stopping = False

    def wake(self) -> None:
        """New rows were committed: look at the outbox now."""
        self._wake.set()

    async def run(self) -> None:
        """Dispatch until stopped."""
        requeued = await self.store.requeue_stale(self.clock() - timedelta(minutes=2))
        if requeued:
            log.warning("outbox.requeued_after_restart", extra={"fields": {"count": requeued}})
        while not self._stopping:
            await self.dispatch_due()
            if self._more_due and self._wake.is_set():
                continue
            await self._sleep_until_due()

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)

    def _budgets(self) -> dict[str, int]:
        budgets = {}
        for channel in self.senders:
            limit = self.limits.get(channel)
            cap = (
                UNLIMITED_BATCH if limit is None else max(2, int(limit.per_second * CLAIM_SECONDS))
            )
            budgets[channel] = max(0, cap - self._busy.get(channel, 0))
        return budgets

    async def dispatch_due(self) -> int:
        """Claim what is due (within each channel's budget) and start sending it;
        return how many were claimed."""
        self._wake.clear()
        budgets = self._budgets()
        items = await self.store.claim_due(self.clock(), budgets, other_channels=UNLIMITED_BATCH)
        self._more_due = _maybe_more_due(budgets, items)
        for item in items:
            await self._slots.acquire()
            self._busy[item.channel] = self._busy.get(item.channel, 0) + 1
            task = asyncio.create_task(self._send(item))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
        return len(items)

    async def drain(self) -> None:
        """Send everything due now and wait for it (tests and benchmarks)."""
        while True:
            claimed = await self.dispatch_due()
            if not claimed and not self._in_flight:
                return
            if not claimed:
                await asyncio.wait(list(self._in_flight), return_when=asyncio.FIRST_COMPLETED)

    async def _sleep_until_due(self) -> None:
        next_due = await self.store.next_due_at()
        timeout = IDLE_POLL.total_seconds()
        if next_due is not None:
            timeout = min(timeout, max((next_due - self.clock()).total_seconds(), 0.0))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=timeout)

    async def _send(self, item: OutboxItem) -> None:
        key = (item.channel, item.address)
        lock, users = self._recipients.get(key, (asyncio.Lock(), 0))
        self._recipients[key] = (lock, users + 1)
        try:
            async with lock:
                await self._send_in_turn(item)
        finally:
            lock, users = self._recipients[key]
            if users <= 1:
                del self._recipients[key]
            else:
                self._recipients[key] = (lock, users - 1)

    async def _send_in_turn(self, item: OutboxItem) -> None:
        try:
            limit = self.limits.get(item.channel)
            if limit is not None:
                await limit.acquire(item.address)
            sender = self.senders.get(item.channel)
            if sender is None:
                await self.store.mark_failed(
                    item,
                    "no_channel",
                    f"channel {item.channel} is not configured",
                    unusable=False,
                    now=self.clock(),
                )
                return
            await self._attempt(item, sender)
        except Exception:  # never let one message stop the dispatcher
            log.exception("outbox.send_crashed", extra={"fields": {"outbox_id": item.id}})
            now = self.clock()
            await self.store.mark_retry(
                item, "internal", "unexpected error", now + retry_delay(item.attempts + 1), now
            )
        finally:
            self._slots.release()
            self._busy[item.channel] = self._busy.get(item.channel, 1) - 1
            if item.channel in self._more_due or OTHER_CHANNELS in self._more_due:
                self._wake.set()  # room in this channel's budget: claim more

    async def _attempt(self, item: OutboxItem, sender: Sender) -> None:
        try:
            sent = await sender(item)
        except Retry as trouble:
            now = self.clock()
            attempts = item.attempts + 1
            if trouble.retry_after and item.channel in self.limits:
                self.limits[item.channel].pause(trouble.retry_after)
            if should_give_up(attempts):
                await self.store.mark_failed(
                    item,
                    trouble.code,
                    f"gave up after {attempts} attempts: {trouble}",
                    unusable=False,
                    now=now,
                )
                return
            at = now + retry_delay(attempts, trouble.retry_after)
            await self.store.mark_retry(item, trouble.code, str(trouble), at, now)
            self._schedule_wake(at)
            return
        except GiveUp as permanent:
            await self.store.mark_failed(
                item, permanent.code, str(permanent), unusable=True, now=self.clock()
            )
            return
        await self.store.mark_sent(item, sent, self.clock())

    def _schedule_wake(self, at: datetime) -> None:
        delay = max((at - self.clock()).total_seconds(), 0.0)
        asyncio.get_running_loop().call_later(delay, self._wake.set)
