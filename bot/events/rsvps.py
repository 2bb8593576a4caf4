"""Events (soup lunches) as the engine sees them, and RSVPs with real seat counts.

Capacity counts guests. The engine decides "full -> waiting list" from the
seats_left it is given; this module re-checks inside the same transaction,
holding the event row's lock, because the database, not the engine, holds the
real count.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Event, Rsvp
from conversations.inputs import EventInfo


class EventCancelledError(LookupError):
    """An answer to an event that was cancelled: nobody is booked on it."""


class RsvpAnswer(StrEnum):
    """A stored answer: the engine's yes / no / maybe, and the waiting list
    (a "yes" that no longer fits)."""

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"
    WAITLIST = "waitlist"


async def seats_taken(
    session: AsyncSession, event_id: int, *, except_senior: int | None = None
) -> int:
    """People coming (seniors who said yes plus their guests)."""
    query = select(func.coalesce(func.sum(1 + Rsvp.guests), 0)).where(
        Rsvp.event_id == event_id, Rsvp.answer == RsvpAnswer.YES
    )
    if except_senior is not None:
        query = query.where(Rsvp.senior_id != except_senior)
    return int(await session.scalar(query) or 0)


async def event_info(
    session: AsyncSession, event: Event, tz: ZoneInfo, *, for_senior: int | None = None
) -> EventInfo:
    """The engine's view of `event`; seats_left excludes the senior's own seats."""
    seats_left = None
    if event.capacity is not None:
        taken = await seats_taken(session, event.id, except_senior=for_senior)
        seats_left = max(event.capacity - taken, 0)
    return EventInfo(
        id=str(event.id),
        title=event.title,
        venue=event.venue,
        starts_at=event.starts_at.astimezone(tz),
        price=event.price,
        rsvp_by=event.rsvp_by.astimezone(tz).date() if event.rsvp_by else None,
        seats_left=seats_left,
        cancelled=event.cancelled,
    )


async def record_rsvp(
    session: AsyncSession, event_id: int, senior_id: int, answer: str, guests: int, now: datetime
) -> tuple[str, str | None]:
    """Store the senior's answer; return (stored answer, previous answer).

    A "yes" that no longer fits is stored as "waitlist"; an answer to a
    cancelled event raises EventCancelledError. The event's row is
    locked first (PostgreSQL; SQLite has one writer): two replies at the same
    moment then count the seats one after the other, never both the last one.
    """
    event = await session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if event is None:
        raise LookupError(f"event {event_id} does not exist")
    if event.cancelled:
        raise EventCancelledError(f"event {event_id} is cancelled")
    guests = max(int(guests), 0)
    if answer == RsvpAnswer.YES and event.capacity is not None:
        taken = await seats_taken(session, event_id, except_senior=senior_id)
        if taken + 1 + guests > event.capacity:
            answer = RsvpAnswer.WAITLIST
    existing = await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.senior_id == senior_id)
    )
    if existing is None:
        session.add(
            Rsvp(
                event_id=event_id,
                senior_id=senior_id,
                answer=answer,
                guests=guests,
                answered_at=now,
                updated_at=now,
            )
        )
        await session.flush()
        return answer, None
    previous = existing.answer
    if answer == RsvpAnswer.WAITLIST and previous == RsvpAnswer.WAITLIST:
        existing.guests = guests  # keeps their place in the queue
    else:
        if answer != previous:
            existing.answered_at = now
        existing.answer = answer
        existing.guests = guests
    existing.updated_at = now
    await session.flush()
    return answer, previous
