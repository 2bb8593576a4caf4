"""Firing due timers: every reply window, offer and ladder step is a row.

A timer row is deleted and acted on in one transaction, so it fires once even
with several workers (FOR UPDATE SKIP LOCKED on PostgreSQL), and a crash
before the commit leaves it to fire after the restart.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import invitations, lunches
from bot.db.database import Database
from bot.db.models import Event, Rsvp, Senior, Timer
from bot.logs import log_event
from bot.shell import Shell
from bot.turns import run_turn, senior_subject
from conversations.actions import TIMER_WAITLIST, WaitlistOfferLapsed
from conversations.inputs import ReplyWindowExpired, WaitlistOffer

log = logging.getLogger("hejsan.timers")

# subject prefix ("senior", "event", "escalation") -> handler; returns rows queued.
Handler = Callable[[AsyncSession, Shell, Timer], Awaitable[int]]
HANDLERS: dict[str, Handler] = {}
RETRY_BROKEN_TIMER = timedelta(minutes=5)


def handles(prefix: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[prefix] = handler
        return handler

    return register


def subject_id(timer: Timer) -> int:
    return int(timer.subject.split(":", 1)[1])


@handles("senior")
async def _senior_timer(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    senior = await session.get(Senior, subject_id(timer))
    if senior is None:
        return 0
    result = await run_turn(session, shell, senior, ReplyWindowExpired(timer.kind, timer.due_at))
    for action in result.actions:
        if isinstance(action, WaitlistOfferLapsed):
            await _offer_lapsed(session, shell, senior, int(action.event_id))
    return len(result.queued)


async def _offer_lapsed(session: AsyncSession, shell: Shell, senior: Senior, event_id: int) -> None:
    """The senior let a freed place go: back of the queue, offer the next in line."""
    rsvp = await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.senior_id == senior.id)
    )
    if rsvp is not None and rsvp.answer == invitations.WAITLIST:
        rsvp.answered_at = shell.now()
    await schedule_seat_check(session, event_id, shell.now())


async def schedule_seat_check(session: AsyncSession, event_id: int, now: datetime) -> None:
    """Look for someone on the waiting list of `event_id` now."""
    subject = f"event:{event_id}"
    existing = await session.scalar(
        select(Timer).where(Timer.subject == subject, Timer.kind == "seat_check")
    )
    if existing is None:
        session.add(
            Timer(subject=subject, kind="seat_check", due_at=now, payload={}, created_at=now)
        )
    else:
        existing.due_at = min(existing.due_at, now)
    await session.flush()


@handles("event")
async def _seat_check(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """A place may have freed up: offer it to the first on the waiting list
    who has no offer open already."""
    event = await session.get(Event, subject_id(timer))
    if event is None or event.cancelled or event.starts_at <= shell.now():
        return 0
    offered = select(Timer.subject).where(Timer.kind == TIMER_WAITLIST)
    waiting = await session.scalars(
        select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.answer == invitations.WAITLIST)
        .order_by(Rsvp.answered_at, Rsvp.id)
    )
    open_offers = set(await session.scalars(offered))
    for rsvp in waiting:
        if senior_subject(rsvp.senior_id) in open_offers:
            continue
        info = await invitations.event_info(session, event, shell.tz, for_senior=rsvp.senior_id)
        if info.seats_left is not None and info.seats_left < 1 + rsvp.guests:
            return 0
        senior = await session.get(Senior, rsvp.senior_id)
        if senior is None or senior.opted_out_at is not None:
            continue
        result = await run_turn(session, shell, senior, WaitlistOffer(info))
        return len(result.queued)
    return 0


async def _due_ids(database: Database, now: datetime, limit: int) -> list[int]:
    async with database.reading() as session:
        rows = await session.scalars(
            select(Timer.id).where(Timer.due_at <= now).order_by(Timer.due_at).limit(limit)
        )
        return list(rows)


async def _event_stage(database: Database, shell: Shell, timer_id: int) -> int | None:
    """Invitations, second asks and reminders plan many seniors in their own
    transactions: run them first (they are idempotent), then drop the timer.
    None: this timer is not an event stage."""
    async with database.reading() as session:
        timer = await session.get(Timer, timer_id)
        if timer is None or not timer.subject.startswith("event:"):
            return None
        if timer.kind not in lunches.STAGES:
            return None
        event_id, kind = subject_id(timer), timer.kind
    planned = await lunches.send_stage(database, shell, event_id, kind)
    async with database.transaction() as session:
        await session.execute(delete(Timer).where(Timer.id == timer_id))
    return planned


async def _fire_one(database: Database, shell: Shell, timer_id: int) -> int:
    staged = await _event_stage(database, shell, timer_id)
    if staged is not None:
        return staged
    async with database.transaction() as session:
        timer = await session.scalar(
            select(Timer).where(Timer.id == timer_id).with_for_update(skip_locked=True)
        )
        if timer is None:
            return 0  # fired by someone else meanwhile
        await session.delete(timer)
        await session.flush()
        handler = HANDLERS.get(timer.subject.split(":", 1)[0])
        if handler is None:
            log_event(log, "timer.no_handler", logging.WARNING, subject=timer.subject)
            return 0
        return await handler(session, shell, timer)


async def fire_due(database: Database, shell: Shell, limit: int = 200) -> int:
    """Fire every timer due now; return how many outbox rows they queued."""
    queued = 0
    for timer_id in await _due_ids(database, shell.now(), limit):
        try:
            queued += await _fire_one(database, shell, timer_id)
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


# The escalation ladder registers its timer handler when imported; import it
# here too, so any process that fires timers fires the ladder's.
from bot import escalations  # noqa: E402, F401
