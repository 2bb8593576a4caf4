"""Check-ins of a day: who was asked, who answered (and how they feel), who did not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import CampaignDefinition, CheckInResult, Senior

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


async def checkins_on(
    session: AsyncSession, day: date, tz: ZoneInfo, now: datetime, default_window: timedelta
) -> list[CheckInRow]:
    """Every senior asked on `day` (local), oldest question first."""
    start, end = day_bounds(day, tz)
    windows = {
        name: timedelta(hours=hours or 0)
        for name, hours in await session.execute(
            select(CampaignDefinition.name, CampaignDefinition.reply_window_hours).where(
                CampaignDefinition.reply_window_hours.is_not(None)
            )
        )
    }
    rows = await session.execute(
        select(
            CheckInResult.senior_id,
            Senior.name,
            CheckInResult.campaign,
            CheckInResult.asked_at,
            CheckInResult.answered_at,
            CheckInResult.mood,
        )
        .join(Senior, Senior.id == CheckInResult.senior_id)
        .where(
            CheckInResult.asked_at >= start,
            CheckInResult.asked_at < end,
            CheckInResult.campaign != UNPROMPTED,
        )
        .order_by(CheckInResult.asked_at, Senior.name)
    )
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
