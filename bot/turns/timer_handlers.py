"""What each timer does when it fires: the one table of timer handlers.

Built here, explicitly, and passed to the firing loop (`bot.db.timers`):
no handler registers itself by being imported.

    senior:N      a reply window or offer ran out -> a turn of that senior
    event:N       invitation stages (many seniors), or a seat check for the
                  waiting list
    escalation:N  nobody took the case in time -> the ladder's next step
"""

from __future__ import annotations

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
from bot.escalations import wellbeing
from bot.escalations.ladder import fire_ladder_timer
from bot.events import rsvps
from bot.events.waiting_list import SEAT_CHECK, offer_lapsed, waiting
from bot.turns.invitation_stages import send_stage
from bot.turns.turn import load_state, run_turn
from conversations.actions import TIMER_WAITLIST
from conversations.events import ReplyWindowExpired, WaitlistOffer
from conversations.state import Awaiting
from scheduler.invitation_plan import InvitationStage


async def senior_timer(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """A reply window or an offer ran out: the senior's conversation moves on."""
    senior = await session.get(Senior, subject_id(timer))
    if senior is None:
        return 0
    before = await load_state(session, senior)
    result = await run_turn(
        session, shell, senior, ReplyWindowExpired(timer.kind, timer.due_at), state=before
    )
    if timer.kind == TIMER_WAITLIST and result.state.event is not None:
        await offer_lapsed(session, senior.id, int(result.state.event.id), shell.now())
    if before.awaiting is Awaiting.CHECKIN and result.state.awaiting is not Awaiting.CHECKIN:
        await wellbeing.after_checkin_closed(session, shell, senior)
    return len(result.queued)


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
        if senior is None or senior.opted_out_at is not None:
            continue
        result = await run_turn(session, shell, senior, WaitlistOffer(info))
        return len(result.queued)
    return 0


def timer_handlers() -> TimerHandlers:
    """The table the firing loop uses, in every process that fires timers."""
    return TimerHandlers(
        by_subject={SENIOR: senior_timer, EVENT: seat_check, ESCALATION: fire_ladder_timer},
        batches={(EVENT, stage): send_stage for stage in InvitationStage},
    )


async def fire_due_timers(database: Database, shell: Shell) -> int:
    """Fire every timer due now with the full handler table (tests, one-shot runs)."""
    return await fire_due(database, shell, timer_handlers())
