"""Timer rows and the loop that fires them: every reply window, offer and
ladder step is a row, so a restart loses nothing.

A timer row is deleted and acted on in one transaction, so it fires once even
with several workers (FOR UPDATE SKIP LOCKED on PostgreSQL), and a crash
before the commit leaves it to fire after the restart.

This module knows nothing of what a timer means: the caller passes the table
of handlers (built once, at the top, in `bot.turns.timer_handlers`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Timer

log = logging.getLogger("hejsan.timers")

RETRY_BROKEN_TIMER = timedelta(minutes=5)
SENIOR, EVENT, ESCALATION = "senior", "event", "escalation"

# Runs inside the timer's own transaction; returns the outbox rows it queued.
Handler = Callable[[AsyncSession, Shell, Timer], Awaitable[int]]
# Runs its own (idempotent) transactions first; the timer row is dropped after.
# Called with the subject's id and the timer's kind; returns rows planned.
BatchHandler = Callable[[Database, Shell, int, str], Awaitable[int]]


@dataclass(frozen=True)
class TimerHandlers:
    """What fires each timer: by subject prefix ("senior", "event", "escalation"),
    and (prefix, kind) pairs that plan many people in their own transactions."""

    by_subject: Mapping[str, Handler]
    batches: Mapping[tuple[str, str], BatchHandler] = field(default_factory=dict)


def subject(prefix: str, subject_id: int) -> str:
    return f"{prefix}:{subject_id}"


def senior_subject(senior_id: int) -> str:
    return subject(SENIOR, senior_id)


def event_subject(event_id: int) -> str:
    return subject(EVENT, event_id)


def escalation_subject(escalation_id: int) -> str:
    return subject(ESCALATION, escalation_id)


def subject_prefix(timer: Timer) -> str:
    return timer.subject.split(":", 1)[0]


def subject_id(timer: Timer) -> int:
    return int(timer.subject.split(":", 1)[1])


async def find_timer(session: AsyncSession, subject: str, kind: str) -> Timer | None:
    timer: Timer | None = await session.scalar(
        select(Timer).where(Timer.subject == subject, Timer.kind == kind)
    )
    return timer


async def set_timer(
    session: AsyncSession,
    subject: str,
    kind: str,
    due_at: datetime,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> None:
    """Start the (subject, kind) timer, or move it to `due_at` if it runs already."""
    row = await find_timer(session, subject, kind)
    if row is None:
        session.add(
            Timer(subject=subject, kind=kind, due_at=due_at, payload=payload or {}, created_at=now)
        )
    else:
        row.due_at = due_at
        if payload is not None:
            row.payload = payload
    await session.flush()


async def cancel_timer(session: AsyncSession, subject: str, kind: str) -> None:
    await session.execute(delete(Timer).where(Timer.subject == subject, Timer.kind == kind))


async def _due_ids(database: Database, now: datetime, limit: int) -> list[int]:
    async with database.reading() as session:
        rows = await session.scalars(
            select(Timer.id).where(Timer.due_at <= now).order_by(Timer.due_at).limit(limit)
        )
        return list(rows)


async def _fire_batch(
    database: Database, shell: Shell, handlers: TimerHandlers, timer_id: int
) -> int | None:
    """Run a batch handler first (it is idempotent), then drop the timer.
    None: this timer has no batch handler."""
    async with database.reading() as session:
        timer = await session.get(Timer, timer_id)
        if timer is None:
            return None
        batch = handlers.batches.get((subject_prefix(timer), timer.kind))
        if batch is None:
            return None
        owner, kind = subject_id(timer), timer.kind
    planned = await batch(database, shell, owner, kind)
    async with database.transaction() as session:
        await session.execute(delete(Timer).where(Timer.id == timer_id))
    return planned


async def _fire_one(
    database: Database, shell: Shell, handlers: TimerHandlers, timer_id: int
) -> int:
    planned = await _fire_batch(database, shell, handlers, timer_id)
    if planned is not None:
        return planned
    async with database.transaction() as session:
        timer = await session.scalar(
            select(Timer).where(Timer.id == timer_id).with_for_update(skip_locked=True)
        )
        if timer is None:
            return 0  # fired by someone else meanwhile
        await session.delete(timer)
        await session.flush()
        handler = handlers.by_subject.get(subject_prefix(timer))
        if handler is None:
            log_event(log, "timer.no_handler", logging.WARNING, subject=timer.subject)
            return 0
        return await handler(session, shell, timer)


async def fire_due(
    database: Database, shell: Shell, handlers: TimerHandlers, limit: int = 200
) -> int:
    """Fire every timer due now; return how many outbox rows they queued."""
    queued = 0
    for timer_id in await _due_ids(database, shell.now(), limit):
        try:
            queued += await _fire_one(database, shell, handlers, timer_id)
        except Exception:  # one broken timer must not stop the others
            log.exception("timer.failed", extra={"fields": {"timer_id": timer_id}})
            async with database.transaction() as session:
                timer = await session.get(Timer, timer_id)
                if timer is not None:
                    timer.due_at = shell.now() + RETRY_BROKEN_TIMER
    if queued:
        shell.on_outbox()
    return queued


async def next_due(database: Database) -> datetime | None:
    async with database.reading() as session:
        value: datetime | None = await session.scalar(select(func.min(Timer.due_at)))
        return value
