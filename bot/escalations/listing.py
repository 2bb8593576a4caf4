"""Cases as plain values for the CLI (and, later, the console)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Escalation, Senior, Volunteer
from bot.escalations.cases import ACTIVE, CaseStatus


async def list_escalations(
    session: AsyncSession, tz: ZoneInfo, *, only_open: bool = False
) -> list[dict[str, Any]]:
    """Cases newest first, as plain values with stable keys (for the CLI and API)."""
    query = select(Escalation).order_by(Escalation.id.desc())
    if only_open:
        query = query.where(Escalation.status.in_((*ACTIVE, CaseStatus.CLAIMED)))
    cases = list(await session.scalars(query))
    people: dict[int, str] = {}
    helpers: dict[int, str] = {}
    senior_ids = {c.senior_id for c in cases}
    volunteer_ids = {c.claimed_by_id for c in cases if c.claimed_by_id is not None}
    if senior_ids:
        rows = await session.execute(
            select(Senior.id, Senior.name).where(Senior.id.in_(senior_ids))
        )
        people = {int(i): str(n) for i, n in rows}
    if volunteer_ids:
        rows = await session.execute(
            select(Volunteer.id, Volunteer.name).where(Volunteer.id.in_(volunteer_ids))
        )
        helpers = {int(i): str(n) for i, n in rows}

    def local(moment: datetime | None) -> str | None:
        return moment.astimezone(tz).isoformat(timespec="minutes") if moment else None

    return [
        {
            "id": c.id,
            "status": c.status,
            "urgency": c.urgency,
            "reason": c.reason,
            "senior_id": c.senior_id,
            "senior": people.get(c.senior_id, ""),
            "level": c.level,
            "claimed_by_id": c.claimed_by_id,
            "claimed_by": helpers.get(c.claimed_by_id, "") if c.claimed_by_id else "",
            "created_at": local(c.created_at),
            "claimed_at": local(c.claimed_at),
            "resolved_at": local(c.resolved_at),
            "quote": c.quote,
            "resolution_note": c.resolution_note,
        }
        for c in cases
    ]
