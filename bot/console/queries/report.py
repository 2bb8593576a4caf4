"""Rapport: one month in numbers, for the people a coordinator reports to.

Optionally for one area. Numbers only: no names, no message content.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.queries.checkins import UNPROMPTED
from bot.db.models import CheckInResult, Escalation, Event, Message, Rsvp, Senior
from conversations.sms_cost import sms_cost


@dataclass
class MonthReport:
    month: str
    area: str
    seniors_active: int = 0
    checkins_sent: int = 0
    checkins_answered: int = 0
    moods: dict[str, int] = field(default_factory=lambda: {"good": 0, "ok": 0, "bad": 0})
    cases_opened: int = 0
    cases_claimed: int = 0
    cases_resolved: int = 0
    median_minutes_to_claim: float | None = None
    events: int = 0
    lunch_seats: int = 0
    lunch_guests: int = 0
    opt_outs: int = 0
    sms_segments: int = 0
    sms_cost: float = 0.0
    currency: str = "SEK"

    @property
    def answered_percent(self) -> float | None:
        if not self.checkins_sent:
            return None
        return round(100 * self.checkins_answered / self.checkins_sent, 1)

    def measures(self) -> list[tuple[str, Any]]:
        """(measure, value) with the Swedish label as the page translates it;
        `{currency}` is filled in after translation, so every currency has English."""
        return [
            ("Månad", self.month),
            ("Område", self.area or "alla"),
            ("Aktiva seniorer", self.seniors_active),
            ("Incheckningar skickade", self.checkins_sent),
            ("Incheckningar besvarade", self.checkins_answered),
            ("Andel besvarade (%)", self.answered_percent),
            ("Humör bra", self.moods["good"]),
            ("Humör sådär", self.moods["ok"]),
            ("Humör dåligt", self.moods["bad"]),
            ("Ärenden öppnade", self.cases_opened),
            ("Ärenden tagna", self.cases_claimed),
            ("Ärenden avslutade", self.cases_resolved),
            ("Median minuter till taget", self.median_minutes_to_claim),
            ("Träffar", self.events),
            ("Platser bokade på träffar", self.lunch_seats),
            ("Varav gäster", self.lunch_guests),
            ("Avregistreringar", self.opt_outs),
            ("SMS-delar", self.sms_segments),
            ("SMS-kostnad ({currency})", round(self.sms_cost, 2)),
        ]

    def rows(self) -> list[tuple[str, Any]]:
        """(measure, value) in Swedish, for the exports."""
        return [(label.format(currency=self.currency), value) for label, value in self.measures()]


def month_bounds(month: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (
        first.replace(year=first.year + 1, month=1)
        if first.month == 12
        else first.replace(month=first.month + 1)
    )
    return (
        datetime.combine(first, time(0), tzinfo=tz),
        datetime.combine(following, time(0), tzinfo=tz),
    )


def _in_area(area: str, senior_id: Any) -> ColumnElement[bool]:
    if not area:
        return true()
    wanted = select(Senior.id).where(func.lower(Senior.area) == area.lower())
    condition: ColumnElement[bool] = senior_id.in_(wanted)
    return condition


async def month_report(
    session: AsyncSession,
    month: date,
    tz: ZoneInfo,
    *,
    area: str = "",
    price_per_segment: float = 0.0,
    currency: str = "SEK",
) -> MonthReport:
    start, end = month_bounds(month, tz)
    report = MonthReport(month.strftime("%Y-%m"), area, currency=currency)
    await _checkins(session, report, start, end, area)
    await _cases(session, report, start, end, area)
    await _events(session, report, start, end, area)
    await _opt_outs_and_sms(session, report, start, end, area, price_per_segment)
    return report


async def _checkins(
    session: AsyncSession,
    report: MonthReport,
    start: datetime,
    end: datetime,
    area: str,
) -> None:
    checkins = (CheckInResult.asked_at >= start, CheckInResult.asked_at < end)
    in_area = _in_area(area, CheckInResult.senior_id)
    report.checkins_sent = int(
        await session.scalar(
            select(func.count()).where(*checkins, CheckInResult.campaign != UNPROMPTED, in_area)
        )
        or 0
    )
    report.checkins_answered = int(
        await session.scalar(
            select(func.count()).where(
                *checkins,
                CheckInResult.campaign != UNPROMPTED,
                CheckInResult.answered_at.is_not(None),
                in_area,
            )
        )
        or 0
    )
    report.seniors_active = int(
        await session.scalar(
            select(func.count(func.distinct(CheckInResult.senior_id))).where(*checkins, in_area)
        )
        or 0
    )
    for mood, count in await session.execute(
        select(CheckInResult.mood, func.count())
        .where(*checkins, CheckInResult.mood.is_not(None), in_area)
        .group_by(CheckInResult.mood)
    ):
        if mood in report.moods:
            report.moods[mood] = int(count)


async def _cases(
    session: AsyncSession,
    report: MonthReport,
    start: datetime,
    end: datetime,
    area: str,
) -> None:
    case_area = _in_area(area, Escalation.senior_id)
    report.cases_opened = int(
        await session.scalar(
            select(func.count()).where(
                Escalation.created_at >= start, Escalation.created_at < end, case_area
            )
        )
        or 0
    )
    claims = list(
        await session.execute(
            select(Escalation.created_at, Escalation.claimed_at).where(
                Escalation.claimed_at >= start, Escalation.claimed_at < end, case_area
            )
        )
    )
    report.cases_claimed = len(claims)
    if claims:
        report.median_minutes_to_claim = round(
            statistics.median((c - o).total_seconds() / 60 for o, c in claims if c), 1
        )
    report.cases_resolved = int(
        await session.scalar(
            select(func.count()).where(
                Escalation.resolved_at >= start, Escalation.resolved_at < end, case_area
            )
        )
        or 0
    )


async def _events(
    session: AsyncSession,
    report: MonthReport,
    start: datetime,
    end: datetime,
    area: str,
) -> None:
    report.events = int(
        await session.scalar(
            select(func.count()).where(
                Event.starts_at >= start, Event.starts_at < end, Event.cancelled.is_(False)
            )
        )
        or 0
    )
    seats = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(Rsvp.guests), 0))
            .join(Event, Event.id == Rsvp.event_id)
            .where(
                Event.starts_at >= start,
                Event.starts_at < end,
                Rsvp.answer == "yes",
                _in_area(area, Rsvp.senior_id),
            )
        )
    ).one()
    report.lunch_guests = int(seats[1])
    report.lunch_seats = int(seats[0]) + report.lunch_guests


async def _opt_outs_and_sms(
    session: AsyncSession,
    report: MonthReport,
    start: datetime,
    end: datetime,
    area: str,
    price_per_segment: float,
) -> None:
    report.opt_outs = int(
        await session.scalar(
            select(func.count()).where(
                Senior.opted_out_at >= start,
                Senior.opted_out_at < end,
                _in_area(area, Senior.id),
            )
        )
        or 0
    )
    bodies = await session.scalars(
        select(Message.body).where(
            Message.direction == "out",
            Message.channel == "sms",
            Message.created_at >= start,
            Message.created_at < end,
            _in_area(area, Message.senior_id),
        )
    )
    report.sms_segments = sum(sms_cost(body).segments for body in bodies)
    report.sms_cost = report.sms_segments * price_per_segment
