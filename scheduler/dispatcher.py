"""The outbox dispatcher: sends every committed outgoing message exactly once.

It claims due rows from the store (one per recipient at a time, so a busy
chat never holds up anyone else), sends each through its channel's adapter
under that provider's rate limit, and records the outcome: sent, retry later
(temporary trouble, exponential backoff) or failed (permanent: the address is
marked unusable). It is woken as soon as new rows are committed and otherwise
looks again every second.

Under failure: an urgent message (an alert, the answer to a cry for help) is
never given up; it retries on a capped backoff and is also queued on the
person's other channel. Other messages give up after a while, always with a
WARNING and a `gave_up` status. When a channel recovers, its waiting urgent
rows are due at once, before any campaign text. Each attempt is recorded
before the request and its result right after, and rows left `sending` by a
dead worker are settled at start (and, on a shared database, while running):
never sent → queued again; in doubt → looked up at the provider when it can
say, else sent again.

The store and the senders are passed in (protocols below), so this module
knows nothing of SQLAlchemy or of any provider.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from scheduler.backoff import retry_delay, should_give_up
from scheduler.ratelimit import ChannelRateLimit

log = logging.getLogger("hejsan.dispatcher")

# A cheap look at the outbox this often, so rows written by another process
# (the CLI, the console) go out within about a second where nothing wakes us
# (SQLite; on PostgreSQL the store hears other processes' rows at once).
IDLE_POLL = timedelta(seconds=1)
# Pauses between tries to record a send the provider accepted (seconds).
RECORD_RETRY_PAUSES = (0.05, 0.25, 1.0)
# How often rows of dead workers are looked for while running.
RECOVERY_INTERVAL = timedelta(seconds=5)
# An urgent message retries at least this often, however long it has failed.
URGENT_RETRY_CAP = timedelta(seconds=20)
# While a channel fails, one message at a time probes it, this often: the
# queue is not burnt through against a provider that is down, and the first
# success lets the urgent rows go first.
PROBE_INTERVAL = timedelta(seconds=1)
# Temporary failures in a row (no success between) before a channel counts as
# failing: one 429 in a busy minute is a hint to slow down, not an outage.
FAILING_AFTER = 3
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
    kind: str = "reply"
    urgent: bool = False
    created_at: datetime | None = None
    joined_ids: tuple[int, ...] = ()

    @property
    def ids(self) -> tuple[int, ...]:
        return (self.id, *self.joined_ids)


@dataclass(frozen=True, slots=True)
class InDoubt:
    """A row a dead worker was sending when it died: the request may have
    reached the provider. `started_at`: when that request began."""

    item: OutboxItem
    started_at: datetime


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
# Asks the provider whether it already accepted this message (None: it did not).
Lookup = Callable[[InDoubt], Awaitable[Sent | None]]


class OutboxStore(Protocol):
    async def open(self, wake: Callable[[], None]) -> None:
        """Register as a live worker (before the first claim); `wake` is called
        when another process commits rows (where the database can tell)."""
        ...

    async def close(self) -> None: ...

    async def claim_due(
        self, now: datetime, budgets: Mapping[str, int], other_channels: int
    ) -> list[OutboxItem]:
        """Mark due rows as sending and return them: up to `budgets[channel]` per
        channel, at most one per recipient and none for a recipient already
        being sent to, urgent messages first, then replies, then proactive
        ones, oldest first; and up to `other_channels` rows of channels not in
        `budgets`."""
        ...

    async def mark_attempt(self, item: OutboxItem, now: datetime) -> None:
        """Record, committed, that a request for this row is about to start."""
        ...

    async def reserve_slot(self, channel: str, per_second: float) -> float:
        """The channel's next send slot shared with other processes (seconds to
        wait for it; 0 when this process is the only sender)."""
        ...

    async def mark_sent(self, item: OutboxItem, sent: Sent, now: datetime) -> None: ...

    async def mark_retry(
        self, item: OutboxItem, code: str | None, detail: str, at: datetime, now: datetime
    ) -> None: ...

    async def mark_failed(
        self, item: OutboxItem, code: str | None, detail: str, *, unusable: bool, now: datetime
    ) -> None: ...

    async def mark_gave_up(
        self, item: OutboxItem, code: str | None, detail: str, now: datetime
    ) -> None:
        """A message that is not urgent stops being retried (status `gave_up`)."""
        ...

    async def queue_fallback(self, item: OutboxItem, channels: list[str], now: datetime) -> bool:
        """Queue a copy of an urgent row on its recipient's other channel;
        False when there is none (or a copy is already queued)."""
        ...

    async def expedite_urgent(self, channel: str, now: datetime) -> int:
        """Urgent rows of `channel` waiting for a retry become due now; returns
        how many urgent rows are queued and due."""
        ...

    async def next_due_at(self) -> datetime | None: ...

    async def recover(self, now: datetime) -> list[InDoubt]:
        """Rows left `sending` by dead workers: those never requested go back to
        the queue at once; the ones whose request was in flight are returned."""
        ...

    async def requeue(self, item: OutboxItem, now: datetime) -> None:
        """An in-doubt row the provider did not accept: queue it again."""
        ...


OTHER_CHANNELS = "*"


def _maybe_more_due(budgets: Mapping[str, int], items: Sequence[OutboxItem]) -> set[str]:
    """Channels whose claim was cut short by their budget (or had none left).

    Only they can have due rows left over, so only a finished send in one of
    them is worth another claim (besides rows held back for a recipient being
    sent to, see `_sleep_until_due`). The rest wait for what wakes the
    dispatcher anyway: new rows (`wake`), a retry's own timer, or the next look.
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
        clock: Callable[[], datetime],
        concurrency: int = 32,
        lookups: Mapping[str, Lookup] | None = None,
    ) -> None:
        self.store = store
        self.senders = senders
        self.limits = limits
        self.clock = clock
        self.lookups = dict(lookups or {})
        # Channels whose last attempt failed for a temporary reason: the first
        # success after that makes their waiting urgent rows due at once.
        self._troubled: set[str] = set()
        self._failures: dict[str, int] = {}
        self._probed_at: dict[str, datetime] = {}
        self._probes: set[int] = set()
        # After a recovery: how many urgent rows to claim alone before the rest,
        # (0: wait until they are out). The rate limiter does not keep order.
        self._urgent_first: dict[str, int] = {}
        self._recovered_at: datetime | None = None
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(concurrency)
        self._in_flight: set[asyncio.Task[None]] = set()
        self._busy: dict[str, int] = {}
        # One message at a time per recipient, in claim order, so a senior
        # never reads our messages in a different order than we wrote them.
        self._recipients: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}
        # Channels that may have more due than the last claim took (see dispatch_due).
        self._more_due: set[str] = set()
        # Due rows the last claim left (a recipient already being sent to): a
        # finished send may free them. Sends finished, to tell whether one did
        # between a claim and the look that found such rows.
        self._held_back = False
        self._finished = 0
        self._finished_at_claim = 0
        self._stopping = False

    def wake(self) -> None:
        """New rows were committed: look at the outbox now."""
        self._wake.set()

    async def run(self) -> None:
        """Dispatch until stopped."""
        await self.store.open(self.wake)
        try:
            while not self._stopping:
                try:
                    await self.recover_if_due()
                    count = await self.dispatch_due()
                except Exception:  # the database may be briefly away: look again soon
                    log.exception("outbox.loop_failed")
                    await asyncio.sleep(IDLE_POLL.total_seconds())
                    continue
                if count and self._more_due and self._wake.is_set():
                    continue
                await self._sleep_until_due()
        finally:  # stopped while opening: `stop` found nothing yet to close
            await self.store.close()

    async def recover_if_due(self) -> None:
        now = self.clock()
        if self._recovered_at is not None and now - self._recovered_at < RECOVERY_INTERVAL:
            return
        self._recovered_at = now
        await self.recover()

    async def recover(self) -> int:
        """Settle rows of dead workers: look each in-doubt one up where the
        provider can say, queue it again where it did not accept it. Returns
        how many in-doubt rows were settled."""
        settled = 0
        for doubt in await self.store.recover(self.clock()):
            lookup = self.lookups.get(doubt.item.channel)
            if lookup is None:
                # No way to ask (Telegram): only requests in flight at the crash
                # can be sent twice.
                await self.store.requeue(doubt.item, self.clock())
                settled += 1
                continue
            try:
                found = await lookup(doubt)
            except Exception:  # provider away: leave it in doubt, ask again later
                log.warning(
                    "outbox.lookup_failed",
                    extra={"fields": {"outbox_id": doubt.item.id, "channel": doubt.item.channel}},
                )
                continue
            if found is None:
                await self.store.requeue(doubt.item, self.clock())
            else:
                await self.store.mark_sent(doubt.item, found, self.clock())
            settled += 1
        if settled:
            log.warning("outbox.recovered_in_doubt", extra={"fields": {"count": settled}})
        return settled

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        await self.store.close()

    def _budgets(self) -> dict[str, int]:
        budgets = {}
        now = self.clock()
        for channel in self.senders:
            if channel in self._troubled:
                budgets[channel] = self._probe(channel, now)
                continue
            if channel in self._urgent_first:
                budgets[channel] = self._urgent_budget(channel)
                if channel in self._urgent_first:
                    continue
            limit = self.limits.get(channel)
            cap = (
                UNLIMITED_BATCH if limit is None else max(2, int(limit.per_second * CLAIM_SECONDS))
            )
            budgets[channel] = max(0, cap - self._busy.get(channel, 0))
        return budgets

    def _urgent_budget(self, channel: str) -> int:
        waiting = self._urgent_first[channel]
        if waiting > 0:
            self._urgent_first[channel] = 0
            return waiting
        if self._busy.get(channel, 0) > 0:
            return 0
        del self._urgent_first[channel]
        return 0

    def _probe(self, channel: str, now: datetime) -> int:
        """A failing channel gets one message at a time, once per PROBE_INTERVAL."""
        if self._busy.get(channel, 0) > 0:
            return 0
        last = self._probed_at.get(channel)
        if last is not None and now - last < PROBE_INTERVAL and now >= last:
            return 0
        self._probed_at[channel] = now
        return 1

    async def dispatch_due(self) -> int:
        """Claim what is due (within each channel's budget) and start sending it;
        return how many were claimed."""
        self._wake.clear()
        self._held_back = False
        self._finished_at_claim = self._finished
        budgets = self._budgets()
        probing = self._troubled & set(budgets)  # as it stood when the budgets were set
        if not any(budgets.values()):
            self._more_due = _maybe_more_due(budgets, [])
            return 0  # every channel is full or between probes: no transaction
        items = await self.store.claim_due(self.clock(), budgets, other_channels=UNLIMITED_BATCH)
        self._more_due = _maybe_more_due(budgets, items)
        for item in items:
            if item.channel in probing:
                self._probes.add(item.id)
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
                # Budgets were set while sends were still finishing: look once
                # more now that none is.
                claimed = await self.dispatch_due()
                if not claimed and not self._in_flight:
                    return
            if not claimed:
                await asyncio.wait(list(self._in_flight), return_when=asyncio.FIRST_COMPLETED)

    async def _sleep_until_due(self) -> None:
        next_due = await self.store.next_due_at()
        timeout = IDLE_POLL.total_seconds()
        if next_due is not None and next_due > self.clock():
            timeout = min(timeout, (next_due - self.clock()).total_seconds())
        # Rows already due but not claimed are held back (a full budget, a
        # recipient being sent to, a failing channel between probes): a send
        # finishing wakes us, so do not spin on the database meanwhile.
        self._held_back = next_due is not None and next_due <= self.clock()
        if self._held_back and self._finished != self._finished_at_claim:
            self._wake.set()  # a send finished since the claim: look again now
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
            # Recorded before the wait for the rate limit, so no database write
            # sits between the limiter and the request (that bunched requests
            # into bursts a provider refuses). A row marked but not requested
            # when the process dies is looked up or sent: never twice.
            await self.store.mark_attempt(item, self.clock())
            if limit is not None:
                await limit.acquire(item.address)
            if item.channel in self._troubled and item.id not in self._probes:
                # Claimed before the channel failed: back to the queue, untried,
                # so urgent rows go first when it recovers.
                await self.store.requeue(item, self.clock())
                return
            if limit is not None:  # last, so the request leaves right at its slot
                wait = await self.store.reserve_slot(item.channel, limit.per_second)
                if wait > 0:
                    await asyncio.sleep(wait)
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
            self._probes.discard(item.id)
            self._slots.release()
            self._busy[item.channel] = self._busy.get(item.channel, 1) - 1
            self._finished += 1
            more = item.channel in self._more_due or OTHER_CHANNELS in self._more_due
            if more or self._held_back:
                self._wake.set()  # room in this channel's budget, or a recipient free

    async def _attempt(self, item: OutboxItem, sender: Sender) -> None:
        try:
            sent = await sender(item)
        except Retry as trouble:
            await self._retry_later(item, trouble)
            return
        except GiveUp as permanent:
            await self.store.mark_failed(
                item, permanent.code, str(permanent), unusable=True, now=self.clock()
            )
            if item.urgent:
                await self._fall_back(item)
            return
        if not await self._record_sent(item, sent):
            return
        self._failures[item.channel] = 0
        if item.channel in self._troubled:
            # Urgent rows due first, then the channel opens: no claim in between
            # can take campaign texts ahead of them.
            expedited = await self.store.expedite_urgent(item.channel, self.clock())
            self._troubled.discard(item.channel)
            if expedited:
                self._urgent_first[item.channel] = expedited
                log.info(
                    "outbox.channel_recovered",
                    extra={"fields": {"channel": item.channel, "urgent_due_now": expedited}},
                )
                self._wake.set()

    async def _record_sent(self, item: OutboxItem, sent: Sent) -> bool:
        """The provider took the text: record it, and never send it again. A
        failed write is tried again (treated as a send error, it queued the
        row for a retry and the senior got the text twice); if it keeps
        failing, the row stays `sending` and is settled by lookup on recovery."""
        for pause in (*RECORD_RETRY_PAUSES, None):
            try:
                await self.store.mark_sent(item, sent, self.clock())
                return True
            except Exception:
                log.warning("outbox.record_failed", extra={"fields": {"outbox_id": item.id}})
                if pause is None:
                    return False
                await asyncio.sleep(pause)
        return False

    async def _retry_later(self, item: OutboxItem, trouble: Retry) -> None:
        """Temporary trouble: try again later; an urgent message always, and
        on the person's other channel too; anything else until it is stale."""
        now = self.clock()
        attempts = item.attempts + 1
        self._failures[item.channel] = self._failures.get(item.channel, 0) + 1
        if self._failures[item.channel] >= FAILING_AFTER:
            self._troubled.add(item.channel)
        if trouble.retry_after and item.channel in self.limits:
            self.limits[item.channel].pause(trouble.retry_after)
        if not item.urgent and should_give_up(attempts, item.kind, item.created_at, now):
            detail = f"gave up after {attempts} attempts: {trouble}"
            await self.store.mark_gave_up(item, trouble.code, detail, now)
            log.warning(
                "outbox.gave_up",
                extra={
                    "fields": {
                        "outbox_id": item.id,
                        "channel": item.channel,
                        "kind": item.kind,
                        "attempts": attempts,
                        "error_code": trouble.code,
                    }
                },
            )
            return
        delay = retry_delay(attempts, trouble.retry_after)
        if item.urgent:
            delay = min(delay, max(URGENT_RETRY_CAP, timedelta(seconds=trouble.retry_after or 0)))
        at = now + delay
        await self.store.mark_retry(item, trouble.code, str(trouble), at, now)
        self._schedule_wake(at)
        if item.urgent and item.attempts == 0:
            await self._fall_back(item)

    async def _fall_back(self, item: OutboxItem) -> None:
        if await self.store.queue_fallback(item, list(self.senders), self.clock()):
            log.warning(
                "outbox.urgent_fallback",
                extra={"fields": {"outbox_id": item.id, "from_channel": item.channel}},
            )
            self._wake.set()

    def _schedule_wake(self, at: datetime) -> None:
        delay = max((at - self.clock()).total_seconds(), 0.0)
        asyncio.get_running_loop().call_later(delay, self._wake.set)
