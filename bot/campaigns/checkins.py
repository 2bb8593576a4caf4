"""Who was asked a check-in, and what came of it: the coordinators' list.

One row per senior asked (one `checkin_results` row), with its status:
answered (a mood came), waiting (the question is still open in the senior's
conversation) or missed (it closed without an answer). The CLI's `hejsan
checkins list` and the console read it through `list_checkins`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import CheckInResult, Senior
from bot.db.models import ConversationState as StateRow
from bot.escalations.wellbeing import UNPROMPTED
from conversations.actions import Question
from conversations.state import ConversationState, StateError


class CheckInStatus(StrEnum):
    ANSWERED = "answered"
    WAITING = "waiting"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class CheckInRow:
    senior_id: int
    name: str
    campaign: str
    occurrence: str
    asked_at: datetime
    answered_at: datetime | None
    mood: str | None
    status: CheckInStatus

    def as_json(self, tz: ZoneInfo) -> dict[str, Any]:
        """Stable keys, times in the configured zone."""
        return {
            "senior_id": self.senior_id,
            "name": self.name,
            "campaign": self.campaign,
            "occurrence": self.occurrence,
            "asked_at": self.asked_at.astimezone(tz).isoformat(timespec="minutes"),
            "answered_at": (
                self.answered_at.astimezone(tz).isoformat(timespec="minutes")
                if self.answered_at
                else None
            ),
            "mood": self.mood,
            "status": self.status.value,
        }


def _open_checkin(stored: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """The campaign and occurrence of the check-in open in a stored conversation."""
    if not stored:
        return None, None
    try:
        question = ConversationState.from_json(stored).question(Question.CHECKIN)
    except StateError:
        return None, None
    return (question.campaign, question.occurrence) if question else (None, None)


def _local_day(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return start, start + timedelta(days=1)


async def list_checkins(
    session: AsyncSession,
    tz: ZoneInfo,
    *,
    campaign: str | None = None,
    day: date | None = None,
) -> list[CheckInRow]:
    """Check-ins asked (of `campaign`, on local `day`), oldest first."""
    query = (
        select(CheckInResult, Senior.name, StateRow.state)
        .join(Senior, Senior.id == CheckInResult.senior_id)
        .outerjoin(StateRow, StateRow.senior_id == CheckInResult.senior_id)
        .where(CheckInResult.campaign != UNPROMPTED)
        .order_by(CheckInResult.asked_at, Senior.name, CheckInResult.id)
    )
    if campaign is not None:
        query = query.where(CheckInResult.campaign == campaign)
    if day is not None:
        start, end = _local_day(day, tz)
        query = query.where(CheckInResult.asked_at >= start, CheckInResult.asked_at < end)
    rows = []
    for result, name, stored in await session.execute(query):
        if result.answered_at is not None:
            status = CheckInStatus.ANSWERED
        elif _open_checkin(stored) == (result.campaign, result.occurrence):
            status = CheckInStatus.WAITING
        else:
            status = CheckInStatus.MISSED
        rows.append(
            CheckInRow(
                senior_id=result.senior_id,
                name=name,
                campaign=result.campaign,
                occurrence=result.occurrence,
                asked_at=result.asked_at,
                answered_at=result.answered_at,
                mood=result.mood,
                status=status,
            )
        )
    return rows
