"""Seniors as the console lists and shows them: search, profile, conversation, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.charts import MoodWeek, mood_weeks
from bot.console.queries.checkins import UNPROMPTED, CheckInStatus, status_of
from bot.db.models import Address, CheckInResult, Escalation, Event, Message, Rsvp, Senior

SEARCH_LIMIT = 100
CONVERSATION_LIMIT = 300
HISTORY_WEEKS = 12


class ChannelHealth(StrEnum):
    WORKING = "working"
    BLOCKED = "blocked"
    UNSUBSCRIBED = "unsubscribed"


@dataclass(frozen=True)
class Channel:
    channel: str
    value: str
    health: ChannelHealth
    reason: str | None


@dataclass(frozen=True)
class SeniorListRow:
    id: int
    name: str
    phone: str | None
    tags: list[str]
    area: str | None
    lang: str
    opted_out: bool
    paused: bool
    paused_until: datetime | None = None
    removed: bool = False


def health_of(address: Address, senior: Senior) -> ChannelHealth:
    if senior.opted_out_at is not None:
        return ChannelHealth.UNSUBSCRIBED
    if address.unusable_at is not None:
        reason = (address.unusable_reason or "").lower()
        return ChannelHealth.UNSUBSCRIBED if "21610" in reason else ChannelHealth.BLOCKED
    return ChannelHealth.WORKING


async def search_seniors(
    session: AsyncSession, text: str = "", *, limit: int = SEARCH_LIMIT, by_phone: bool = True
) -> list[SeniorListRow]:
    """By name, phone digits, tag or area; everyone (by name) when `text` is empty.

    `by_phone=False` for whoever may not see numbers: matching on digits would
    let them rebuild a number one digit at a time."""
    phone = (
        select(Address.value)
        .where(Address.senior_id == Senior.id, Address.channel == "sms")
        .limit(1)
        .scalar_subquery()
    )
    query = select(Senior, phone).order_by(Senior.name, Senior.id).limit(limit)
    words = text.strip()
    if words:
        like = f"%{words.lower()}%"
        digits = "".join(ch for ch in words if ch.isdigit())
        conditions = [
            func.lower(Senior.name).like(like),
            func.lower(Senior.area).like(like),
            func.lower(cast(Senior.tags, String)).like(f'%"{words.lower()}"%'),
        ]
        if by_phone and len(digits) >= 3:
            tail = digits.lstrip("0")
            conditions.append(
                Senior.id.in_(select(Address.senior_id).where(Address.value.like(f"%{tail}%")))
            )
        query = query.where(or_(*conditions))
    rows = await session.execute(query)
    return [
        SeniorListRow(
            s.id,
            s.name,
            number,
            list(s.tags),
            s.area,
            s.lang,
            s.opted_out_at is not None,
            s.paused,
            s.paused_until,
            s.removed_at is not None,
        )
        for s, number in rows
    ]


async def channels_of(session: AsyncSession, senior: Senior) -> list[Channel]:
    addresses = await session.scalars(
        select(Address).where(Address.senior_id == senior.id).order_by(Address.id)
    )
    return [Channel(a.channel, a.value, health_of(a, senior), a.unusable_reason) for a in addresses]


async def conversation(
    session: AsyncSession, senior_id: int, *, limit: int = CONVERSATION_LIMIT
) -> list[Message]:
    """The newest `limit` messages in and out, oldest first."""
    rows = list(
        await session.scalars(
            select(Message)
            .where(Message.senior_id == senior_id)
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(limit)
        )
    )
    rows.reverse()
    return rows


@dataclass(frozen=True)
class CheckInHistoryRow:
    asked_at: datetime
    answered_at: datetime | None
    mood: str | None
    status: CheckInStatus


async def checkin_history(
    session: AsyncSession, senior_id: int, now: datetime, window: timedelta
) -> list[CheckInHistoryRow]:
    since = now - timedelta(weeks=HISTORY_WEEKS)
    rows = await session.scalars(
        select(CheckInResult)
        .where(
            CheckInResult.senior_id == senior_id,
            CheckInResult.asked_at >= since,
            CheckInResult.campaign != UNPROMPTED,
        )
        .order_by(CheckInResult.asked_at.desc())
    )
    return [
        CheckInHistoryRow(
            r.asked_at, r.answered_at, r.mood, status_of(r.asked_at, r.answered_at, window, now)
        )
        for r in rows
    ]


def weeks_of(history: list[CheckInHistoryRow], tz: ZoneInfo, now: datetime) -> list[MoodWeek]:
    answers = [
        (row.asked_at.astimezone(tz).date(), row.mood, row.status is not CheckInStatus.MISSED)
        for row in history
        if row.status is not CheckInStatus.WAITING
    ]
    return mood_weeks(answers, now.astimezone(tz).date(), HISTORY_WEEKS)


async def cases_of(session: AsyncSession, senior_id: int) -> list[Escalation]:
    return list(
        await session.scalars(
            select(Escalation)
            .where(Escalation.senior_id == senior_id)
            .order_by(Escalation.created_at.desc())
        )
    )


async def lunches_of(session: AsyncSession, senior_id: int) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(Event.id, Event.title, Event.starts_at, Rsvp.answer, Rsvp.guests)
        .join(Rsvp, Rsvp.event_id == Event.id)
        .where(Rsvp.senior_id == senior_id)
        .order_by(Event.starts_at.desc())
    )
    return [
        {"id": i, "title": t, "starts_at": s, "answer": a, "guests": g} for i, t, s, a, g in rows
    ]
