"""Check-ins of a day: who was asked, who answered (and how they feel), who did not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import CampaignDefinition, CheckInResult, Senior, UtcDateTime

UNPROMPTED = "unprompted"  # a mood told without a question: not a check-in


class CheckInStatus(StrEnum):
    ANSWERED = "answered"
    WAITING = "waiting"
    MISSED = "missed"


@dataclass(frozen=True)
class CheckInRow:
    senior_id: int
    senior: str
    campaign: str
    asked_at: datetime
    answered_at: datetime | None
    mood: str | None
    status: CheckInStatus


def status_of(
    asked_at: datetime, answered_at: datetime | None, window: timedelta, now: datetime
) -> CheckInStatus:
    """Answered; still inside its reply window; or missed."""
    if answered_at is not None:
        return CheckInStatus.ANSWERED
    return CheckInStatus.WAITING if now < asked_at + window else CheckInStatus.MISSED


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


async def _windows(session: AsyncSession) -> dict[str, timedelta]:
    rows = await session.execute(
        select(CampaignDefinition.name, CampaignDefinition.reply_window_hours).where(
            CampaignDefinition.reply_window_hours.is_not(None)
        )
    )
    return {name: timedelta(hours=hours or 0) for name, hours in rows}


def _status_sql(
    windows: dict[str, timedelta], default_window: timedelta, now: datetime
) -> ColumnElement[str]:
    """`status_of` as SQL, so a day of 10,000 check-ins is counted in the database."""
    cutoff: ColumnElement[datetime] = literal(now - default_window, UtcDateTime())
    if windows:
        cutoff = case(
            *[
                (CheckInResult.campaign == name, literal(now - window, UtcDateTime()))
                for name, window in windows.items()
            ],
            else_=cutoff,
        )
    return case(
        (CheckInResult.answered_at.is_not(None), CheckInStatus.ANSWERED.value),
        (CheckInResult.asked_at > cutoff, CheckInStatus.WAITING.value),
        else_=CheckInStatus.MISSED.value,
    )


def _on_day(day: date, tz: ZoneInfo) -> tuple[ColumnElement[bool], ...]:
    start, end = day_bounds(day, tz)
    return (
        CheckInResult.asked_at >= start,
        CheckInResult.asked_at < end,
        CheckInResult.campaign != UNPROMPTED,
    )


async def checkins_on(
    session: AsyncSession,
    day: date,
    tz: ZoneInfo,
    now: datetime,
    default_window: timedelta,
    *,
    status: CheckInStatus | None = None,
    limit: int | None = None,
) -> list[CheckInRow]:
    """Seniors asked on `day` (local), oldest question first; optionally one status."""
    windows = await _windows(session)
    query = (
        select(
            CheckInResult.senior_id,
            Senior.name,
            CheckInResult.campaign,
            CheckInResult.asked_at,
            CheckInResult.answered_at,
            CheckInResult.mood,
        )
        .join(Senior, Senior.id == CheckInResult.senior_id)
        .where(*_on_day(day, tz))
        # The asked_at index gives this order, so a page of 200 stops early.
        .order_by(CheckInResult.asked_at, CheckInResult.id)
        .limit(limit)
    )
    if status is not None:
        query = query.where(_status_sql(windows, default_window, now) == status.value)
    rows = await session.execute(query)
    return [
        CheckInRow(
            senior_id=senior_id,
            senior=name,
            campaign=campaign,
            asked_at=asked_at,
            answered_at=answered_at,
            mood=mood,
            status=status_of(asked_at, answered_at, windows.get(campaign, default_window), now),
        )
        for senior_id, name, campaign, asked_at, answered_at, mood in rows
    ]


async def count_by_status(
    session: AsyncSession, day: date, tz: ZoneInfo, now: datetime, default_window: timedelta
) -> dict[CheckInStatus, int]:
    status = _status_sql(await _windows(session), default_window, now)
    rows = await session.execute(
        select(status, func.count()).where(*_on_day(day, tz)).group_by(status)
    )
    counts = dict.fromkeys(CheckInStatus, 0)
    for value, count in rows:
        counts[CheckInStatus(value)] = int(count)
    return counts
