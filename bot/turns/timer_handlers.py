"""What each timer does when it fires: the one table of timer handlers.

Built here, explicitly, and passed to the firing loop (`bot.db.timers`):
no handler registers itself by being imported.

    senior:N      a reply window or offer ran out -> a turn of that senior
    event:N       invitation stages (many seniors), or a seat check for the
                  waiting list
    escalation:N  nobody took the case in time -> the ladder's next step
    reading:N     nobody read a reply flagged for review -> a case
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.shell import Shell
from bot.db.database import Database
from bot.db.models import Event, Senior, Timer
from bot.db.timers import (
    ESCALATION,
    EVENT,
    SENIOR,
    TimerHandlers,
    fire_due,
    senior_subject,
    subject_id,
)
from bot.escalations.ladder import fire_ladder_timer
from bot.events import rsvps
from bot.events.waiting_list import SEAT_CHECK, offer_lapsed, waiting
from bot.people.safety_settings import SAFETY_DAILY
from bot.turns.invitation_stages import send_stage
from bot.turns.reviews import READING, review_timer
from bot.turns.safety_checks import fire_safety_check
from bot.turns.turn import run_turn
from conversations.actions import TIMER_WAITLIST, WaitlistOfferLapsed
from conversations.inputs import ReplyWindowExpired, WaitlistOffer
from scheduler.invitation_plan import InvitationStage

PAUSED_RETRY = timedelta(days=1)


async def senior_timer(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """A reply window or an offer ran out: the senior's conversation moves on."""
    if timer.kind == SAFETY_DAILY:
        return await fire_safety_check(session, shell, timer)
    senior = await session.get(Senior, subject_id(timer))
    if senior is None or senior.removed_at is not None:
        return 0
    if senior.paused:  # a follow-up is Hejsan starting something: it waits for the pause
        await defer_until_resumed(session, shell, senior, timer)
        return 0
    result = await run_turn(session, shell, senior, ReplyWindowExpired(timer.kind, timer.due_at))
    for action in result.actions:
        if isinstance(action, WaitlistOfferLapsed):
            await offer_lapsed(session, senior.id, int(action.event_id), shell.now())
    return len(result.queued)


async def defer_until_resumed(
    session: AsyncSession, shell: Shell, senior: Senior, timer: Timer
) -> None:
    """Put the timer back, due when the pause ends (or tomorrow, for a pause with no end)."""
    due = senior.paused_until or shell.now() + PAUSED_RETRY
    session.add(
        Timer(
            subject=timer.subject,
            kind=timer.kind,
            due_at=max(due, shell.now()),
            payload=dict(timer.payload),
            created_at=shell.now(),
        )
    )


async def seat_check(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """A place may have freed up: offer it to the first on the waiting list
    who has no offer open already."""
    if timer.kind != SEAT_CHECK:
        return 0
    event = await session.get(Event, subject_id(timer))
    if event is None or event.cancelled or event.starts_at <= shell.now():
        return 0
    offered = select(Timer.subject).where(Timer.kind == TIMER_WAITLIST)
    in_line = await waiting(session, event.id)
    open_offers = set(await session.scalars(offered))
    for rsvp in in_line:
        if senior_subject(rsvp.senior_id) in open_offers:
            continue
        info = await rsvps.event_info(session, event, shell.tz, for_senior=rsvp.senior_id)
        if info.seats_left is not None and info.seats_left < 1 + rsvp.guests:
            return 0
        senior = await session.get(Senior, rsvp.senior_id)
        if senior is None or senior.opted_out_at is not None or senior.paused:
            continue
        result = await run_turn(session, shell, senior, WaitlistOffer(info))
        return len(result.queued)
    return 0


def timer_handlers() -> TimerHandlers:
    """The table the firing loop uses, in every process that fires timers."""
    return TimerHandlers(
        by_subject={
            SENIOR: senior_timer,
            EVENT: seat_check,
            ESCALATION: fire_ladder_timer,
            READING: review_timer,
        },
        batches={(EVENT, stage): send_stage for stage in InvitationStage},
    )


async def fire_due_timers(database: Database, shell: Shell) -> int:
    """Fire every timer due now with the full handler table (tests, one-shot runs)."""
    return await fire_due(database, shell, timer_handlers())
