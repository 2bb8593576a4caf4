"""Att läsa: replies a person should read, with the reason each is on the list.

A reply is here when the reading engine flagged it for review, when nothing in
it was understood, or when it opened a case; until someone marks it handled
(or answers it). Oldest first, from the last `DAYS` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
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


def _flagged() -> ColumnElement[bool]:
    return func.coalesce(Reading.details["review"].as_boolean(), false())


def _not_understood() -> ColumnElement[bool]:
    return and_(
        Reading.mood.is_(None),
        Reading.rsvp.is_(None),
        Reading.contact.is_(False),
        Reading.urgent.is_(False),
        Reading.stop.is_(False),
    )


def _opened_case() -> ColumnElement[bool]:
    return exists().where(Escalation.message_id == Message.id)


def _waiting(now: datetime) -> ColumnElement[bool]:
    return and_(
        Message.direction == "in",
        Message.senior_id.is_not(None),
        Message.created_at >= now - timedelta(days=DAYS),
        ~exists().where(ReviewHandled.message_id == Message.id),
        or_(_flagged(), _not_understood(), _opened_case()),
    )


async def count_waiting(session: AsyncSession, now: datetime) -> int:
    query = (
        select(func.count())
        .select_from(Message)
        .join(Reading, Reading.message_id == Message.id)
        .where(_waiting(now))
    )
    return int(await session.scalar(query) or 0)


async def review_items(
    session: AsyncSession, now: datetime, *, limit: int = 200
) -> list[ReviewItem]:
    case_id = (
        select(func.min(Escalation.id)).where(Escalation.message_id == Message.id).scalar_subquery()
    )
    rows = await session.execute(
        select(
            Message.id,
            Message.senior_id,
            Senior.name,
            Message.created_at,
            Message.body,
            _flagged(),
            case_id,
        )
        .join(Reading, Reading.message_id == Message.id)
        .join(Senior, Senior.id == Message.senior_id)
        .where(_waiting(now))
        .order_by(Message.created_at, Message.id)
        .limit(limit)
    )
    items = []
    for message_id, senior_id, name, at, body, flagged, case in rows:
        if case is not None:
            reason = ReviewReason.OPENED_CASE
        elif flagged:
            reason = ReviewReason.FLAGGED
        else:
            reason = ReviewReason.NOT_UNDERSTOOD
        items.append(ReviewItem(message_id, senior_id, name, at, body, reason, case))
    return items
