"""Volontärer: who helps, when they can, and how much they carry now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.queries.report import month_bounds
from bot.db.models import CloseContact, Escalation, Volunteer
from bot.escalations.cases import CaseStatus


@dataclass(frozen=True)
class VolunteerRow:
    volunteer: Volunteer
    open_cases: int
    taken_this_month: int


async def volunteer_rows(session: AsyncSession, tz: ZoneInfo, now: datetime) -> list[VolunteerRow]:
    start, end = month_bounds(now.astimezone(tz).date(), tz)
    open_cases = dict(
        (
            await session.execute(
                select(Escalation.claimed_by_id, func.count())
                .where(Escalation.status == CaseStatus.CLAIMED)
                .group_by(Escalation.claimed_by_id)
            )
        ).all()
    )
    taken = dict(
        (
            await session.execute(
                select(Escalation.claimed_by_id, func.count())
                .where(Escalation.claimed_at >= start, Escalation.claimed_at < end)
                .group_by(Escalation.claimed_by_id)
            )
        ).all()
    )
    volunteers = await session.scalars(
        # Close contacts are Volunteer rows but belong to their senior (the safety page).
        select(Volunteer)
        .where(Volunteer.id.not_in(select(CloseContact.volunteer_id)))
        .order_by(Volunteer.name)
    )
    return [
        VolunteerRow(v, int(open_cases.get(v.id, 0)), int(taken.get(v.id, 0))) for v in volunteers
    ]
