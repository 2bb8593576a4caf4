"""The outbox dispatcher against an in-memory store: sent, retried, given up."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from scheduler.backoff import MAX_ATTEMPTS
from scheduler.dispatcher import Dispatcher, GiveUp, InDoubt, OutboxItem, Retry, Sent
from scheduler.ratelimit import ChannelRateLimit
from tests.fakes.clock import Clock


@dataclass
class Row:
    item: OutboxItem
    due: datetime
    status: str = "queued"
    provider_id: str | None = None
    error: str | None = None
    unusable: bool = False
    attempted_at: datetime | None = None


@dataclass
class MemoryStore:
    """The dispatcher's store protocol over a list, as the SQL store behaves."""

    rows: list[Row] = field(default_factory=list)

    def add(self, channel: str, address: str, text: str, due: datetime) -> None:
        item = OutboxItem(len(self.rows) + 1, channel, address, text, (), 0)
        self.rows.append(Row(item, due))

    def by_status(self, status: str) -> list[Row]:
        return [row for row in self.rows if row.status == status]

    async def claim_due(
        self, now: datetime, budgets: Mapping[str, int], other_channels: int
    ) -> list[OutboxItem]:
        left = dict(budgets)
        claimed = []
        for row in self.rows:
            if row.status != "queued" or row.due > now:
                continue
            channel = row.item.channel
            if left.get(channel, other_channels) <= 0:
                continue
            if channel in left:
                left[channel] -= 1
            else:
                other_channels -= 1
            row.status = "sending"
            claimed.append(row.item)
        return claimed

    def _row(self, item: OutboxItem) -> Row:
        return next(row for row in self.rows if row.item.id == item.id)

    async def mark_sent(self, item: OutboxItem, sent: Sent, now: datetime) -> None:
        row = self._row(item)
        row.status, row.provider_id = "sent", sent.provider_message_id

    async def mark_retry(
        self, item: OutboxItem, code: str | None, detail: str, at: datetime, now: datetime
    ) -> None:
        row = self._row(item)
        row.status, row.due, row.error = "queued", at, code
        row.item = replace(item, attempts=item.attempts + 1)

    async def mark_failed(
        self, item: OutboxItem, code: str | None, detail: str, *, unusable: bool, now: datetime
    ) -> None:
        row = self._row(item)
        row.status, row.error, row.unusable = "failed", code, unusable

    async def next_due_at(self) -> datetime | None:
        due = [row.due for row in self.rows if row.status == "queued"]
        return min(due, default=None)

    async def open(self, wake: Callable[[], None]) -> None:
        pass

    async def close(self) -> None:
        pass

    async def mark_attempt(self, item: OutboxItem, now: datetime) -> None:
        self._row(item).attempted_at = now

    async def reserve_slot(self, channel: str, per_second: float) -> float:
        return 0.0

    async def mark_gave_up(
        self, item: OutboxItem, code: str | None, detail: str, now: datetime
    ) -> None:
        row = self._row(item)
        row.status, row.error = "gave_up", code

    async def queue_fallback(self, item: OutboxItem, channels: list[str], now: datetime) -> bool:
        return False

    async def expedite_urgent(self, channel: str, now: datetime) -> int:
        return 0

    async def recover(self, now: datetime) -> list[InDoubt]:
        """One process: every row left sending is a dead one's."""
        doubts = []
        for row in self.by_status("sending"):
            if row.attempted_at is None:
                row.status = "queued"
            else:
                doubts.append(InDoubt(row.item, row.attempted_at))
        return doubts

    async def requeue(self, item: OutboxItem, now: datetime) -> None:
        row = self._row(item)
        row.status, row.attempted_at = "queued", None


@dataclass
class Provider:
    """A sender that records what it sent, and fails as the test scripts it."""

    sent: list[OutboxItem] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)

    async def __call__(self, item: OutboxItem) -> Sent:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(item)
        return Sent(f"p-{item.id}", "queued")


def dispatcher(store: MemoryStore, provider: Provider, clock: Clock) -> Dispatcher:
    return Dispatcher(store, {"sms": provider}, {}, clock=clock)


async def test_due_messages_are_sent_once_and_later_ones_wait() -> None:
    clock, store, provider = Clock(), MemoryStore(), Provider()
    store.add("sms", "+46701", "Hur mår du?", clock.now)
    store.add("sms", "+46702", "Imorgon", clock.now + timedelta(hours=1))
    sender = dispatcher(store, provider, clock)
    await sender.drain()
    await sender.drain()
    assert [item.text for item in provider.sent] == ["Hur mår du?"]
    assert store.rows[0].provider_id == "p-1"
    clock.advance(hours=1)
    await sender.drain()
    assert [item.text for item in provider.sent] == ["Hur mår du?", "Imorgon"]


async def test_temporary_trouble_is_retried_later_not_at_once() -> None:
    clock, store = Clock(), MemoryStore()
    provider = Provider(failures=[Retry("503", "503")])
    store.add("sms", "+46701", "Hej", clock.now)
    sender = dispatcher(store, provider, clock)
    await sender.drain()
    assert provider.sent == []
    row = store.rows[0]
    assert (row.status, row.error, row.item.attempts) == ("queued", "503", 1)
    assert row.due > clock.now
    clock.now = row.due
    await sender.drain()
    assert [item.text for item in provider.sent] == ["Hej"]


async def test_a_permanent_error_marks_the_address_unusable() -> None:
    clock, store = Clock(), MemoryStore()
    provider = Provider(failures=[GiveUp("not a mobile number", "21614")])
    store.add("sms", "+46801", "Hej", clock.now)
    await dispatcher(store, provider, clock).drain()
    row = store.rows[0]
    assert (row.status, row.error, row.unusable) == ("failed", "21614", True)


async def test_it_gives_up_after_the_last_attempt_without_blaming_the_address() -> None:
    """Not urgent (an ordinary reply): given up, visibly, not failed."""
    clock, store = Clock(), MemoryStore()
    provider = Provider(failures=[Retry("timeout")] * MAX_ATTEMPTS)
    store.add("sms", "+46701", "Hej", clock.now)
    sender = dispatcher(store, provider, clock)
    for _ in range(MAX_ATTEMPTS):
        await sender.drain()
        clock.advance(hours=1)
    row = store.rows[0]
    assert (row.status, row.unusable) == ("gave_up", False)
    assert provider.sent == []


async def test_an_alert_is_never_given_up() -> None:
    clock, store = Clock(), MemoryStore()
    provider = Provider(failures=[Retry("timeout")] * (MAX_ATTEMPTS * 3))
    store.add("sms", "+46701", "Ärende 1", clock.now)
    store.rows[0].item = replace(store.rows[0].item, kind="alert", urgent=True)
    sender = dispatcher(store, provider, clock)
    for _ in range(MAX_ATTEMPTS * 3):
        await sender.drain()
        clock.advance(hours=1)
    await sender.drain()
    assert store.rows[0].status == "sent"
    assert [item.text for item in provider.sent] == ["Ärende 1"]


async def test_a_channel_without_a_sender_fails_the_message() -> None:
    clock, store, provider = Clock(), MemoryStore(), Provider()
    store.add("telegram", "12345", "Hej", clock.now)
    await dispatcher(store, provider, clock).drain()
    assert (store.rows[0].status, store.rows[0].error) == ("failed", "no_channel")


async def test_one_recipient_gets_messages_in_the_order_they_were_written() -> None:
    clock, store, provider = Clock(), MemoryStore(), Provider()
    for text in ("ett", "två", "tre"):
        store.add("sms", "+46701", text, clock.now)
    await dispatcher(store, provider, clock).drain()
    assert [item.text for item in provider.sent] == ["ett", "två", "tre"]


async def test_on_start_messages_left_sending_by_a_crash_are_sent() -> None:
    clock, store, provider = Clock(), MemoryStore(), Provider()
    store.add("sms", "+46701", "Hej", clock.now)
    store.rows[0].status = "sending"  # claimed by a process that then died
    sender = dispatcher(store, provider, clock)
    running = asyncio.create_task(sender.run())
    for _ in range(200):
        if provider.sent:
            break
        await asyncio.sleep(0.01)
    await sender.stop()
    await asyncio.wait_for(running, timeout=5)
    assert [item.text for item in provider.sent] == ["Hej"]


@dataclass
class CountingStore(MemoryStore):
    claims: int = 0

    async def claim_due(
        self, now: datetime, budgets: Mapping[str, int], other_channels: int
    ) -> list[OutboxItem]:
        self.claims += 1
        return await super().claim_due(now, budgets, other_channels)


async def wait_for(condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in 5 s")


async def test_a_finished_send_looks_again_only_when_the_budget_cut_the_claim_short() -> None:
    clock, store, provider = Clock(), CountingStore(), Provider()
    for number in ("+46701", "+46702", "+46703"):
        store.add("sms", number, "Hej", clock.now)
    # 1.4 messages a second: a claim may take two, so the third waits for room.
    limited = Dispatcher(store, {"sms": provider}, {"sms": ChannelRateLimit(1.4)}, clock=clock)
    running = asyncio.create_task(limited.run())
    try:
        await wait_for(lambda: len(provider.sent) == 3)
    finally:
        await limited.stop()
        await asyncio.wait_for(running, timeout=5)
    assert store.claims >= 2


async def test_sends_that_fit_the_budget_set_off_no_empty_claims() -> None:
    clock, store, provider = Clock(), CountingStore(), Provider()
    for number in ("+46701", "+46702", "+46703"):
        store.add("sms", number, "Hej", clock.now)
    sender = dispatcher(store, provider, clock)
    running = asyncio.create_task(sender.run())
    try:
        await wait_for(lambda: len(provider.sent) == 3)
        await asyncio.sleep(0.05)
        assert store.claims == 1
        store.add("sms", "+46704", "Hej igen", clock.now)
        sender.wake()  # what committing a new row does
        await wait_for(lambda: len(provider.sent) == 4)
    finally:
        await sender.stop()
        await asyncio.wait_for(running, timeout=5)
    assert store.claims == 2


class FlakyRecordStore(MemoryStore):
    """The database refuses to record the first result (a deadlock, a lost connection)."""

    def __init__(self, refusals: int) -> None:
        super().__init__()
        self.refusals = refusals

    async def mark_sent(self, item: OutboxItem, sent: Sent, now: datetime) -> None:
        if self.refusals:
            self.refusals -= 1
            raise ConnectionError("database away for a moment")
        await super().mark_sent(item, sent, now)


async def test_a_send_the_provider_took_is_recorded_again_not_sent_again() -> None:
    clock, store, provider = Clock(), FlakyRecordStore(refusals=2), Provider()
    store.add("sms", "+46701", "Hur mår du?", clock.now)
    sender = dispatcher(store, provider, clock)
    await sender.drain()
    clock.advance(hours=1)
    await sender.drain()
    assert [item.text for item in provider.sent] == ["Hur mår du?"]
    assert (store.rows[0].status, store.rows[0].provider_id) == ("sent", "p-1")


async def test_a_result_that_cannot_be_recorded_stays_in_doubt_never_resent() -> None:
    clock, store, provider = Clock(), FlakyRecordStore(refusals=99), Provider()
    store.add("sms", "+46701", "Hur mår du?", clock.now)
    sender = dispatcher(store, provider, clock)
    await sender.drain()
    clock.advance(hours=1)
    await sender.drain()
    assert [item.text for item in provider.sent] == ["Hur mår du?"]
    assert store.rows[0].status == "sending"
