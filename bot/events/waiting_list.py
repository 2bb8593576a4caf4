"""The waiting list: when a place frees up, the next in line is offered it.

A freed place only schedules a "seat_check" timer on the event; the offer
itself is a conversation turn, fired from that timer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Rsvp, Timer
from bot.db.timers import event_subject, find_timer
from bot.events.rsvps import RsvpAnswer

SEAT_CHECK = "seat_check"


async def schedule_seat_check(session: AsyncSession, event_id: int, now: datetime) -> None:
    """Look for someone on the waiting list of `event_id` now."""
    subject = event_subject(event_id)
    existing = await find_timer(session, subject, SEAT_CHECK)
    if existing is None:
        session.add(Timer(subject=subject, kind=SEAT_CHECK, due_at=now, payload={}, created_at=now))
    else:
        existing.due_at = min(existing.due_at, now)
    await session.flush()


async def offer_lapsed(session: AsyncSession, senior_id: int, event_id: int, now: datetime) -> None:
    """The senior let a freed place go: back of the queue, offer the next in line."""
    rsvp = await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.senior_id == senior_id)
    )
    if rsvp is not None and rsvp.answer == RsvpAnswer.WAITLIST:
        rsvp.answered_at = now
    await schedule_seat_check(session, event_id, now)


async def waiting(session: AsyncSession, event_id: int) -> list[Rsvp]:
    """Who waits for a place at `event_id`, first come first."""
    rows = await session.scalars(
        select(Rsvp)
        .where(Rsvp.event_id == event_id, Rsvp.answer == RsvpAnswer.WAITLIST)
        .order_by(Rsvp.answered_at, Rsvp.id)
    )
    return list(rows)
