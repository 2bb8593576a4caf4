"""Att läsa: replies a person should read, with the reason each is on the list.

A reply is here when the engine flagged it for review (and nobody has read
it), when nothing in it was understood, or when it opened a case, until
someone marks it handled or answers it. Oldest first, last `DAYS` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    exists,
    false,
    func,
    select,
    true,
    union,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Escalation, Message, Reading, ReviewHandled, Senior

DAYS = 30


class ReviewReason(StrEnum):
    FLAGGED = "flagged"
    NOT_UNDERSTOOD = "not_understood"
    OPENED_CASE = "opened_case"


REASON_TEXT = {
    ReviewReason.FLAGGED: "Hejsan är osäker på vad som menas",
    ReviewReason.NOT_UNDERSTOOD: "Hejsan förstod inte svaret",
    ReviewReason.OPENED_CASE: "Svaret öppnade ett ärende",
}


@dataclass(frozen=True)
class ReviewItem:
    message_id: int
    senior_id: int
    senior: str
    received_at: datetime
    body: str
    reason: ReviewReason
    case_id: int | None


def _not_understood() -> ColumnElement[bool]:
    """Nothing in the reply was recognised (the partial index
    `ix_readings_not_understood` holds exactly these rows)."""
    # `= false` written as the index's WHERE is, so both databases use that index.
    return and_(
        Reading.mood.is_(None),
        Reading.rsvp.is_(None),
        Reading.contact == false(),
        Reading.urgent == false(),
        Reading.stop == false(),
    )


def _flagged() -> ColumnElement[bool]:
    """The engine flagged it for a person and nobody has read it yet."""
    return and_(Reading.review == true(), Reading.reviewed_at.is_(None))


def _candidates() -> Subquery:
    """Replies that may need a person, found from small indexed sets (never by
    scanning every recent message): flagged by the engine, not understood, or the
    cause of a case."""
    return union(
        select(Reading.message_id.label("message_id")).where(_flagged()),
        select(Reading.message_id.label("message_id")).where(_not_understood()),
        select(Escalation.message_id.label("message_id")).where(Escalation.message_id.is_not(None)),
    ).subquery("candidates")


def _waiting(now: datetime) -> Select[Any]:
    candidates = _candidates()
    return (
        select(Message.id)
        .join(candidates, candidates.c.message_id == Message.id)
        .where(
            Message.direction == "in",
            Message.created_at >= now - timedelta(days=DAYS),
            Message.senior_id.is_not(None),
            ~exists().where(ReviewHandled.message_id == Message.id),
        )
    )


async def count_waiting(session: AsyncSession, now: datetime) -> int:
    waiting = _waiting(now).subquery()
    return int(await session.scalar(select(func.count()).select_from(waiting)) or 0)


async def review_items(
    session: AsyncSession, now: datetime, *, limit: int = 200
) -> list[ReviewItem]:
    case_id = (
        select(func.min(Escalation.id)).where(Escalation.message_id == Message.id).scalar_subquery()
    )
    waiting = _waiting(now).subquery()
    rows = await session.execute(
        select(
            Message.id,
            Message.senior_id,
            Senior.name,
            Message.created_at,
            Message.body,
            case_id,
            Reading.review,
        )
        .join(waiting, waiting.c.id == Message.id)
        .outerjoin(Reading, Reading.message_id == Message.id)
        .join(Senior, Senior.id == Message.senior_id)
        .order_by(Message.created_at, Message.id)
        .limit(limit)
    )
    return [
        ReviewItem(message_id, senior_id, name, at, body, _reason(case, flagged), case)
        for message_id, senior_id, name, at, body, case, flagged in rows
    ]


def _reason(case_id: int | None, flagged: bool | None) -> ReviewReason:
    if case_id is not None:
        return ReviewReason.OPENED_CASE
    return ReviewReason.FLAGGED if flagged else ReviewReason.NOT_UNDERSTOOD
