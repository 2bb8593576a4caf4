"""Events (soup lunches) for the console: the list with seats, and one event's people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Event, Rsvp, Senior
from bot.events.gatherings import attendees, head_count

PAST_DAYS = 30


@dataclass(frozen=True)
class EventRow:
    event: Event
    taken: int
    free: int | None


@dataclass
class EventPeople:
    event: Event
    coming: list[dict[str, Any]] = field(default_factory=list)
    declined: list[dict[str, Any]] = field(default_factory=list)
    maybe: list[dict[str, Any]] = field(default_factory=list)
    waiting: list[dict[str, Any]] = field(default_factory=list)
    not_answered: list[dict[str, Any]] = field(default_factory=list)

    @property
    def taken(self) -> int:
        return head_count(self.coming)

    @property
    def free(self) -> int | None:
        if self.event.capacity is None:
            return None
        return max(self.event.capacity - self.taken, 0)


async def event_rows(session: AsyncSession, now: datetime) -> list[EventRow]:
    events = list(
        await session.scalars(
            select(Event)
            .where(Event.starts_at >= now - timedelta(days=PAST_DAYS))
            .order_by(Event.starts_at)
        )
    )
    taken = dict(
        (
            await session.execute(
                select(Rsvp.event_id, func.sum(1 + Rsvp.guests))
                .where(Rsvp.answer == "yes", Rsvp.event_id.in_([e.id for e in events]))
                .group_by(Rsvp.event_id)
            )
        ).all()
    )
    rows = []
    for event in events:
        seats = int(taken.get(event.id) or 0)
        free = max(event.capacity - seats, 0) if event.capacity is not None else None
        rows.append(EventRow(event, seats, free))
    return rows


async def event_people(session: AsyncSession, event_id: int) -> EventPeople:
    """Who comes (with guests), who said no, the waiting list, who has not answered."""
    event, people = await attendees(session, event_id)
    result = EventPeople(event)
    buckets = {
        "yes": result.coming,
        "no": result.declined,
        "maybe": result.maybe,
        "waitlist": result.waiting,
    }
    for person in people:
        buckets.get(person["answer"], result.maybe).append(person)
    answered = {p["senior_id"] for p in people}
    invited = await session.execute(
        select(Senior.id, Senior.name, Senior.tags)
        .where(Senior.opted_out_at.is_(None))
        .order_by(Senior.name)
    )
    for senior_id, name, tags in invited:
        if senior_id in answered:
            continue
        if event.audience_tag is not None and event.audience_tag not in (tags or []):
            continue
        result.not_answered.append({"senior_id": senior_id, "name": name})
    return result
