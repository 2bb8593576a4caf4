"""Planning one prompt for many seniors, exactly once.

A campaign occurrence, an invitation or a reminder becomes outbox rows whose
idempotency key is (name, occurrence, person) under a unique constraint, and a
`campaign_runs` row. A double fire, a restart in the middle or `run --now`
twice never sends anyone the same message twice: people already planned are
skipped, the rest are planned, and the run is marked finished.

The engine decides each senior's message (`step`). A municipality's list can
be 100,000 people, so the work is a pipeline of batches: the next batch is
read while this one is stepped in memory and the previous ones are written
(`bot.turns.plan_writes`); PostgreSQL writes two batches at once.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Coroutine
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import String, cast, func, select, update

from bot.channels.reach import pick_address, reachable_channels
from bot.channels.simulator import ensure_simulator_addresses
from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.engine import insert_for
from bot.db.models import Address, CampaignRun, Message, Senior
from bot.db.models import ConversationState as StateRow
from bot.db.outbox import occurrence_prefix
from bot.people.directory import first_name
from bot.turns.pacing import PacedText, paced_due, proactive_texts
from bot.turns.plan_recheck import had_messages, lock_and_find_changed, without
from bot.turns.plan_writes import BatchRows, write_batch
from bot.turns.turn import run_turn, state_for
from conversations import actions as a
from conversations.engine import step
from conversations.inputs import Input
from conversations.state import ConversationState

log = logging.getLogger("hejsan.planning")

BATCH = 5000
MEMO_LIMIT = 20_000  # distinct outcomes kept: bounds memory when every state differs
# Actions a prompt may produce that are written in bulk; anything else goes
# through the ordinary one-senior turn (rare, and always correct). A check-in
# asked becomes the `asked` row.
_BULK_ACTIONS = (a.SendMessage, a.StartTimer, a.CancelTimer, a.QuestionAsked)


class SeniorRow(NamedTuple):
    """The columns planning needs, without the cost of ORM objects."""

    id: int
    name: str
    lang: str
    tags: tuple[str, ...]
    area: str | None
    opted_out_at: datetime | None
    paused: bool
    safety_reminders: str = "30,60"


class AddressRow(NamedTuple):
    id: int
    channel: str


# Tags come as JSON text and are decoded once per distinct list: most
# seniors of a municipality share a handful of tag lists.
SENIOR_COLUMNS = (
    Senior.id,
    Senior.name,
    Senior.lang,
    cast(Senior.tags, String),
    Senior.area,
    Senior.opted_out_at,
    Senior.paused,
    Senior.safety_reminders,
)


@functools.lru_cache(maxsize=4096)
def _tags(stored: str | None) -> tuple[str, ...]:
    value = json.loads(stored) if stored else []
    return tuple(str(tag) for tag in value) if isinstance(value, list) else ()


def senior_row(row: Any) -> SeniorRow:
    return SeniorRow(row[0], row[1], row[2], _tags(row[3]), row[4], row[5], row[6], row[7])


@dataclass
class PlanReport:
    campaign: str
    occurrence: str
    planned: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    already_ran: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "occurrence": self.occurrence,
            "planned": self.planned,
            "skipped": dict(self.skipped),
            "already_ran": self.already_ran,
        }


@dataclass
class Batch:
    """Seniors in id order with their stored states (JSON text, decoded only
    when needed), usable addresses and recent proactive texts (for pacing)."""

    seniors: list[SeniorRow]
    states: dict[int, str]
    addresses: dict[int, list[AddressRow]]
    paced: dict[int, list[PacedText]] = field(default_factory=dict)

    def state(self, senior: SeniorRow) -> ConversationState:
        return stored_state(self.states.get(senior.id), senior)


def stored_state(stored: str | None, senior: SeniorRow) -> ConversationState:
    """The conversation stored as JSON text (or a fresh one) for `senior`."""
    return state_for(json.loads(stored) if stored else None, senior)


def prompt_for(
    senior: SeniorRow,
    batch: Batch,
    make_prompt: Callable[[SeniorRow], Input | None],
    shell: Shell,
    channels: list[str],
) -> tuple[AddressRow, Input] | str:
    """Where and what to prompt `senior`, or why they hear nothing from this
    occurrence (counted in reports)."""
    if senior.opted_out_at is not None:
        return "opted_out"
    if senior.paused:
        return "paused"
    address = pick_address(shell.config, batch.addresses.get(senior.id, ()), channels)
    if address is None:
        return "unreachable"
    prompt = make_prompt(senior)
    if prompt is None:
        return "no_text"
    return address, prompt


async def _read_batch(
    database: Database,
    condition: Any,
    keep: Callable[[SeniorRow], bool] | None,
    *,
    by_range: bool,
    size: int,
    now: datetime,
) -> tuple[int, Batch]:
    """Up to `size` seniors matching `condition`, in id order, with their states
    and addresses (looked up by the batch's id range when `by_range`: that
    costs the database nothing). Returns the last id read, 0 for none."""
    # Core rows on the session's connection: no ORM loading for 100,000 rows.
    async with database.reading() as session:
        connection = await session.connection()
        query = select(*SENIOR_COLUMNS).where(condition).order_by(Senior.id).limit(size)
        rows = [senior_row(row) for row in await connection.execute(query)]
        if not rows:
            return 0, Batch([], {}, {})
        ids = [row.id for row in rows]

        def related(column: Any) -> Any:
            return column.between(ids[0], ids[-1]) if by_range else column.in_(ids)

        states = {
            row[0]: row[1]
            for row in await connection.execute(
                select(StateRow.senior_id, cast(StateRow.state, String)).where(
                    related(StateRow.senior_id)
                )
            )
        }
        addresses: dict[int, list[AddressRow]] = {}
        for row in await connection.execute(
            select(Address.id, Address.channel, Address.senior_id).where(
                related(Address.senior_id), Address.unusable_at.is_(None)
            )
        ):
            addresses.setdefault(row.senior_id, []).append(AddressRow(row.id, row.channel))
        paced = await proactive_texts(connection, related(Message.senior_id), now)
    kept = [row for row in rows if keep is None or keep(row)]
    return ids[-1], Batch(kept, states, addresses, paced)


async def read_batches(
    database: Database,
    senior_ids: list[int] | None = None,
    keep: Callable[[SeniorRow], bool] | None = None,
    *,
    size: int = BATCH,
    now: datetime,
) -> AsyncIterator[Batch]:
    """Every senior `keep` accepts (or those in `senior_ids`), `size` at a time;
    their proactive texts from a day before `now` on."""
    if senior_ids is not None:
        ordered = sorted(set(senior_ids))
        for start in range(0, len(ordered), size):
            chunk = ordered[start : start + size]
            _, batch = await _read_batch(
                database, Senior.id.in_(chunk), keep, by_range=False, size=size, now=now
            )
            yield batch
        return
    after = 0
    while True:
        after, batch = await _read_batch(
            database, Senior.id > after, keep, by_range=True, size=size, now=now
        )
        if not after:
            return
        yield batch


class Decided(NamedTuple):
    """One batch stepped: its bulk rows, the seniors who need a full turn, and
    for each bulk senior the stored conversation and prompt it was stepped from."""

    rows: BatchRows
    by_turn: list[tuple[int, Input]]
    stepped: dict[int, tuple[str | None, Input]]


class BulkStep(NamedTuple):
    """What `step` said for one distinct (state, prompt), ready to write."""

    bulk: bool  # only actions the set-based writer handles
    state_json: str
    messages: tuple[tuple[int, str, str, str, str | None, datetime], ...]
    timers: tuple[tuple[str, datetime], ...]
    cancelled: tuple[str, ...]
    asked_checkin: bool  # the engine's fact: this senior was asked the check-in


def step_outcome(
    state: ConversationState, prompt: Input, now: datetime, shell: Shell, not_before: datetime
) -> BulkStep:
    new_state, actions = step(state, prompt, now, shell.settings)
    messages: list[tuple[int, str, str, str, str | None, datetime]] = []
    for action in actions:
        if isinstance(action, a.SendMessage):
            buttons = json.dumps([f"{label}\x1f{value}" for label, value in action.buttons])
            due = not_before if action.kind == "proactive" else now
            messages.append(
                (len(messages), action.text, buttons, action.kind, action.template, due)
            )
    return BulkStep(
        bulk=all(isinstance(action, _BULK_ACTIONS) for action in actions),
        state_json=json.dumps(new_state.to_json()),
        messages=tuple(messages),
        timers=tuple(
            (action.kind, action.due_at) for action in actions if isinstance(action, a.StartTimer)
        ),
        cancelled=tuple(action.kind for action in actions if isinstance(action, a.CancelTimer)),
        asked_checkin=any(
            isinstance(action, a.QuestionAsked) and action.question is a.Question.CHECKIN
            for action in actions
        ),
    )


@dataclass
class _Planner:
    """Steps seniors (each distinct state and prompt once: `step` is pure)."""

    shell: Shell
    make_prompt: Callable[[SeniorRow], Input | None]
    report: PlanReport
    now: datetime
    not_before: datetime
    done: set[int]
    channels: list[str]
    memo: dict[Any, BulkStep] = field(default_factory=dict)

    def decide(self, batch: Batch) -> Decided:
        """The batch's rows, and the seniors who need a one-senior turn."""
        rows = BatchRows([], [], [], [], [], [])
        groups: dict[int, int] = {}
        used: list[BulkStep] = []
        by_turn: list[tuple[int, Input]] = []
        stepped: dict[int, tuple[str | None, Input]] = {}
        skipped = self.report.skipped
        for senior in batch.seniors:
            if senior.id in self.done:
                skipped["already_planned"] += 1
                continue
            found = prompt_for(senior, batch, self.make_prompt, self.shell, self.channels)
            if isinstance(found, str):
                skipped[found] += 1
                continue
            address, prompt = found
            outcome = self._outcome(senior, batch.states.get(senior.id), prompt)
            if not outcome.bulk:
                by_turn.append((senior.id, prompt))
                continue
            group = groups.get(id(outcome))
            if group is None:
                group = groups[id(outcome)] = len(used)
                used.append(outcome)
            stepped[senior.id] = (batch.states.get(senior.id), prompt)
            due = self._due(batch.paced.get(senior.id))
            rows.seniors.append((senior.id, address.id, address.channel, group, due))
            rows.cancelled.extend((senior.id, kind) for kind in outcome.cancelled)
            if outcome.asked_checkin:
                rows.asked.append(senior.id)
            if not outcome.messages:
                skipped["silent"] += 1
        for group, outcome in enumerate(used):
            rows.messages.extend((group, *message) for message in outcome.messages)
            rows.states.append((group, outcome.state_json))
            rows.timers.extend((group, kind, due) for kind, due in outcome.timers)
        return Decided(rows, by_turn, stepped)

    def _due(self, texts: list[PacedText] | None) -> datetime:
        """When this senior's proactive text goes: quiet hours, and pacing
        when the senior has other proactive texts around now."""
        return paced_due(self.shell, texts, self.not_before) if texts else self.not_before

    def _outcome(self, senior: SeniorRow, stored: str | None, prompt: Input) -> BulkStep:
        # The answer depends on the stored conversation, first name, language,
        # opt-out and prompt: seniors alike in these share one step and decode.
        opted_out = senior.opted_out_at is not None
        key = (stored, first_name(senior.name), senior.lang, opted_out, prompt)
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            state = stored_state(stored, senior)
            found = self.memo[key] = step_outcome(
                state, prompt, self.now, self.shell, self.not_before
            )
        return found


class _Writers:
    """At most `limit` batches being written at once, each in its own
    transaction; the first failure cancels the rest and is raised."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.running: set[asyncio.Task[None]] = set()

    async def submit(self, work: Coroutine[Any, Any, None]) -> None:
        while len(self.running) >= self.limit:
            await self._wait(asyncio.FIRST_COMPLETED)
        self.running.add(asyncio.create_task(work))

    async def drain(self) -> None:
        while self.running:
            await self._wait(asyncio.ALL_COMPLETED)

    async def _wait(self, when: str) -> None:
        done, self.running = await asyncio.wait(self.running, return_when=when)
        for task in done:
            task.result()

    async def cancel(self) -> None:
        for task in self.running:
            task.cancel()
        await asyncio.gather(*self.running, return_exceptions=True)
        self.running.clear()


async def _start_run(
    database: Database, name: str, occurrence: str, scheduled: datetime, now: datetime
) -> str:
    """Record the occurrence: "fresh" (new), "resumed" (a run that stopped
    half-way: some people may be planned already) or "done"."""
    async with database.transaction() as session:
        insert = insert_for(session)
        created = await session.scalar(
            insert(CampaignRun)
            .values(
                campaign=name,
                occurrence=occurrence,
                scheduled_for=scheduled,
                started_at=now,
                planned=0,
                skipped={},
            )
            .on_conflict_do_nothing(index_elements=["campaign", "occurrence"])
            .returning(CampaignRun.id)
        )
        if created is not None:
            return "fresh"
        run = await session.scalar(
            select(CampaignRun).where(
                CampaignRun.campaign == name, CampaignRun.occurrence == occurrence
            )
        )
        return "resumed" if run is not None and run.finished_at is None else "done"


async def _already_planned(database: Database, prefix: str) -> set[int]:
    """Seniors a run that stopped half-way planned already."""
    async with database.reading() as session:
        rows = await session.scalars(
            select(Message.senior_id).where(
                func.substr(Message.idempotency_key, 1, len(prefix)) == prefix
            )
        )
        return {senior_id for senior_id in rows if senior_id is not None}


async def _finish_run(database: Database, report: PlanReport, now: datetime) -> None:
    async with database.transaction() as session:
        await session.execute(
            update(CampaignRun)
            .where(
                CampaignRun.campaign == report.campaign,
                CampaignRun.occurrence == report.occurrence,
            )
            .values(finished_at=now, planned=report.planned, skipped=dict(report.skipped))
        )


async def _prefetched(batches: AsyncIterator[Batch]) -> AsyncGenerator[Batch, None]:
    """`batches`, with the next one read while the caller works on this one."""
    iterator = aiter(batches)
    pending = asyncio.ensure_future(anext(iterator, None))
    try:
        while (batch := await pending) is not None:
            pending = asyncio.ensure_future(anext(iterator, None))
            yield batch
    finally:
        if not pending.done():
            pending.cancel()
            await asyncio.gather(pending, return_exceptions=True)


@dataclass
class _Run:
    """One occurrence being planned: where its batches are written."""

    database: Database
    shell: Shell
    report: PlanReport
    now: datetime

    @property
    def prefix(self) -> str:
        return occurrence_prefix(self.report.campaign, self.report.occurrence)

    async def write(self, decided: Decided) -> None:
        """One batch in one transaction: the bulk rows of the seniors whose
        conversation is still the one they were stepped from (`plan_recheck`),
        then a full turn for the others and for those who need one."""
        async with self.database.transaction() as session:
            connection = await session.connection()
            changed = await lock_and_find_changed(
                connection, {sid: was for sid, (was, _) in decided.stepped.items()}
            )
            rows = without(decided.rows, changed)
            self._uncount(decided.rows, changed)
            by_turn = decided.by_turn + [(sid, decided.stepped[sid][1]) for sid in sorted(changed)]
            queued = await write_batch(
                connection,
                rows,
                prefix=self.prefix,
                campaign=self.report.campaign,
                occurrence=self.report.occurrence,
                now=self.now,
            )
            # Counted from what was written: another run of this occurrence
            # (a second process) may have queued some of them first.
            self.report.planned += len(queued)
            if others := len(rows.texting() - queued):
                self.report.skipped["already_planned"] += others
            for senior_id, prompt in by_turn:
                senior = await session.get(Senior, senior_id)
                key = self.prefix + str(senior_id)
                if senior is None:
                    continue
                if await session.scalar(
                    select(Message.id).where(Message.idempotency_key == f"{key}:0")
                ):
                    self.report.skipped["already_planned"] += 1
                    continue
                await run_turn(session, self.shell, senior, prompt, idempotency_key=key)
                self.report.planned += 1

    def _uncount(self, rows: BatchRows, changed: set[int]) -> None:
        """Seniors moved to a full turn are counted by it, not as silent bulk rows
        (texts are counted from what the batch queued)."""
        if not changed:
            return
        sent = had_messages(rows, changed)
        self.report.skipped["silent"] -= len(changed) - sent
        if not self.report.skipped["silent"]:
            del self.report.skipped["silent"]

    async def write_all(self, planner: _Planner, batches: AsyncIterator[Batch]) -> None:
        # Two writers keep both of PostgreSQL's cores busy; SQLite has one writer.
        writers = _Writers(2 if self.database.engine.dialect.name == "postgresql" else 1)
        try:
            prefetched = _prefetched(batches)
            async with aclosing(prefetched):
                async for batch in prefetched:
                    await writers.submit(self.write(planner.decide(batch)))
            await writers.drain()
        except BaseException:
            await writers.cancel()
            raise


async def plan(
    database: Database,
    shell: Shell,
    *,
    name: str,
    occurrence: str,
    scheduled: datetime,
    senior_ids: list[int] | None,
    make_prompt: Callable[[SeniorRow], Input | None],
    keep: Callable[[SeniorRow], bool] | None = None,
    batch_size: int = BATCH,
) -> PlanReport:
    """Step every senior in `senior_ids` (None: every senior `keep` accepts)
    through their prompt and queue the result."""
    # One run of an occurrence at a time (a second process waits, then finds
    # it done): each report says what that run queued.
    async with database.one_at_a_time(occurrence_prefix(name, occurrence)):
        return await _plan_alone(
            _Run(database, shell, PlanReport(name, occurrence), shell.now()),
            scheduled,
            senior_ids,
            make_prompt,
            keep,
            batch_size,
        )


async def _plan_alone(
    run: _Run,
    scheduled: datetime,
    senior_ids: list[int] | None,
    make_prompt: Callable[[SeniorRow], Input | None],
    keep: Callable[[SeniorRow], bool] | None,
    batch_size: int,
) -> PlanReport:
    database, shell, now, report = run.database, run.shell, run.now, run.report
    started = await _start_run(database, report.campaign, report.occurrence, scheduled, now)
    if started == "done":
        report.already_ran = True
        return report
    if shell.config.simulator_only:
        await ensure_simulator_addresses(database)
    planner = _Planner(
        shell=shell,
        make_prompt=make_prompt,
        report=report,
        now=now,
        not_before=shell.quiet_hours.next_allowed(now, shell.tz),
        done=await _already_planned(database, run.prefix) if started == "resumed" else set(),
        channels=reachable_channels(shell.config),
    )
    await run.write_all(planner, read_batches(database, senior_ids, keep, size=batch_size, now=now))
    await _finish_run(database, report, shell.now())
    if report.planned:
        shell.on_outbox()
    log_event(log, "campaign.planned", **report.as_dict())
    return report
