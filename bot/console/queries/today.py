"""The Today page in one read: check-ins, open cases, replies to read, next lunch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.queries.cases import with_overdue
from bot.console.queries.checkins import (
    CheckInRow,
    CheckInStatus,
    checkins_on,
    count_by_status,
)
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
    counts: dict[CheckInStatus, int]
    by_status: dict[CheckInStatus, list[CheckInRow]]  # the first `shown` of each
    open_cases: list[dict[str, Any]]
    to_read: int
    next_lunch: NextLunch | None


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
    session: AsyncSession,
    tz: ZoneInfo,
    now: datetime,
    reply_window: timedelta,
    *,
    shown: int | None = None,
) -> Today:
    day = now.astimezone(tz).date()
    cases = await with_overdue(session, await list_escalations(session, tz, only_open=True))
    by_status = {
        status: await checkins_on(session, day, tz, now, reply_window, status=status, limit=shown)
        for status in CheckInStatus
    }
    return Today(
        counts=await count_by_status(session, day, tz, now, reply_window),
        by_status=by_status,
        open_cases=sorted(cases, key=_case_order),
        to_read=await count_waiting(session, now),
        next_lunch=await next_lunch(session, now),
    )
