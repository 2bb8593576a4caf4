"""Replies a person should read, and coordinators' corrections of readings.

`interpret` marks what it cannot read with confidence (`Reading.review`); the
turn stores it on the reading row. This module is the "Att läsa" list: what
is waiting, marking it read with a corrected reading, and exporting the
corrections as labelled replies so the word lists and the learned reader can
learn from real messages (issue 13).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Message, ReadingCorrection, Senior
from bot.db.models import Reading as ReadingRow


@dataclass(frozen=True, slots=True)
class Correction:
    """What the reply really said, as a coordinator reads it."""

    mood: str | None = None
    rsvp: str | None = None
    guests: int | None = None
    contact: bool = False
    urgent: bool = False
    stop: bool = False


# The engine's open question as `interpret` knows it ("waitlist_offer" is a yes/no invitation).
_LABELLED_CONTEXT = {
    "checkin": "checkin",
    "invitation": "invitation",
    "waitlist_offer": "invitation",
}


class UnknownReadingError(LookupError):
    """No reading with that id."""


async def to_review(session: AsyncSession, *, include_done: bool = False) -> list[dict[str, Any]]:
    """Replies waiting for a person, oldest first (the first one waited longest)."""
    query = (
        select(ReadingRow, Message, Senior)
        .join(Message, Message.id == ReadingRow.message_id)
        .outerjoin(Senior, Senior.id == Message.senior_id)
        .where(ReadingRow.review.is_(True))
        .order_by(ReadingRow.created_at, ReadingRow.id)
    )
    if not include_done:
        query = query.where(ReadingRow.reviewed_at.is_(None))
    rows = (await session.execute(query)).all()
    return [_listed(reading, message, senior) for reading, message, senior in rows]


def _listed(reading: ReadingRow, message: Message, senior: Senior | None) -> dict[str, Any]:
    return {
        "id": reading.id,
        "senior_id": senior.id if senior else None,
        "senior": senior.name if senior else None,
        "lang": senior.lang if senior else None,
        "context": reading.context,
        "text": message.body,
        "reason": reading.review_reason,
        "reading": _contract(reading),
        "received_at": reading.created_at.isoformat(),
        "reviewed_at": reading.reviewed_at.isoformat() if reading.reviewed_at else None,
        "reviewed_by": reading.reviewed_by,
    }


def _contract(row: ReadingRow | ReadingCorrection) -> dict[str, Any]:
    return {
        "mood": row.mood,
        "rsvp": row.rsvp,
        "guests": row.guests,
        "contact": row.contact,
        "urgent": row.urgent,
        "stop": row.stop,
    }


async def label(
    session: AsyncSession, reading_id: int, correction: Correction, by: str, now: datetime
) -> ReadingCorrection:
    """Store the corrected reading and take the reply off the list."""
    reading = await session.get(ReadingRow, reading_id)
    if reading is None:
        raise UnknownReadingError(reading_id)
    row = ReadingCorrection(
        reading_id=reading_id,
        mood=correction.mood,
        rsvp=correction.rsvp,
        guests=correction.guests,
        contact=correction.contact or correction.urgent,
        urgent=correction.urgent,
        stop=correction.stop,
        corrected_by=by,
        created_at=now,
    )
    session.add(row)
    if reading.reviewed_at is None:
        reading.reviewed_at = now
        reading.reviewed_by = by
    await session.flush()
    return row


async def labelled_replies(session: AsyncSession) -> list[dict[str, Any]]:
    """Every corrected reply in the labelled format of tests/conversations/data
    (the latest correction of each reading wins)."""
    query = (
        select(ReadingCorrection, ReadingRow, Message, Senior)
        .join(ReadingRow, ReadingRow.id == ReadingCorrection.reading_id)
        .join(Message, Message.id == ReadingRow.message_id)
        .outerjoin(Senior, Senior.id == Message.senior_id)
        .order_by(ReadingCorrection.reading_id, ReadingCorrection.id)
    )
    latest: dict[int, dict[str, Any]] = {}
    for correction, reading, message, senior in (await session.execute(query)).all():
        latest[reading.id] = {
            "context": _LABELLED_CONTEXT.get(reading.context, "none"),
            "lang": senior.lang if senior else "sv",
            "text": message.body,
            **_contract(correction),
        }
    return list(latest.values())
