"""The Today page in one read: check-ins, open cases, replies to read, next lunch."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.queries.checkins import CheckInRow, CheckInStatus, checkins_on
from bot.console.queries.review import count_waiting
from bot.db.models import Event
from bot.escalations.listing import list_escalations
from bot.events.gatherings import attendees, head_count


@dataclass(frozen=True)
class NextLunch:
    event: Event
    taken: int
    free: int | None


@dataclass
class Today:
    checkins: list[CheckInRow]
    open_cases: list[dict[str, Any]]
    to_read: int
    next_lunch: NextLunch | None
    by_status: dict[CheckInStatus, list[CheckInRow]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for status in CheckInStatus:
            self.by_status[status] = [c for c in self.checkins if c.status is status]


def _case_order(case: dict[str, Any]) -> tuple[int, str]:
    """Urgent first, then the oldest."""
    return (0 if case["urgency"] == "urgent" else 1, case["created_at"] or "")


async def next_lunch(session: AsyncSession, now: datetime) -> NextLunch | None:
    event = await session.scalar(
        select(Event)
        .where(Event.starts_at >= now, Event.cancelled.is_(False))
        .order_by(Event.starts_at)
        .limit(1)
    )
    if event is None:
        return None
    _, people = await attendees(session, event.id)
    taken = head_count(people)
    free = max(event.capacity - taken, 0) if event.capacity is not None else None
    return NextLunch(event, taken, free)


async def today(
    session: AsyncSession, tz: ZoneInfo, now: datetime, reply_window: timedelta
) -> Today:
    day = now.astimezone(tz).date()
    cases = await list_escalations(session, tz, only_open=True)
    return Today(
        checkins=await checkins_on(session, day, tz, now, reply_window),
        open_cases=sorted(cases, key=_case_order),
        to_read=await count_waiting(session, now),
        next_lunch=await next_lunch(session, now),
    )
