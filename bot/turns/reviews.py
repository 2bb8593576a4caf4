"""Replies a person should read, and coordinators' corrections of readings.

`interpret` marks what it cannot read with confidence (`Reading.review`); the
turn stores it on the reading row. This module is the "Att läsa" list: what
is waiting, marking it read with a corrected reading, and exporting the
corrections as labelled replies so the word lists and the learned reader can
learn from real messages (issue 13).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.shell import Shell
from bot.db.models import Message, ReadingCorrection, Senior, Timer
from bot.db.models import Reading as ReadingRow
from bot.db.timers import set_timer, subject, subject_id
from bot.escalations.ladder import open_escalation

READING = "reading"  # timer subject prefix: "reading:<id>"
TIMER_REVIEW = "review"


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


def review_due(shell: Shell, now: datetime) -> datetime:
    """When an unread reply becomes a case: the configured time counted from
    the next daytime moment, and never in the night."""
    after = timedelta(minutes=shell.config.escalation.review_after_minutes)
    due = shell.quiet_hours.next_allowed(now, shell.tz) + after
    return shell.quiet_hours.next_allowed(due, shell.tz)


async def start_review_timer(
    session: AsyncSession, shell: Shell, reading: ReadingRow, now: datetime
) -> None:
    """If nobody reads the reply in time, `review_timer` opens a case."""
    await session.flush()  # the reading's id names the timer
    await set_timer(
        session, subject(READING, reading.id), TIMER_REVIEW, review_due(shell, now), now
    )


async def review_timer(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """Nobody has read the reply in time: it escalates like a case."""
    reading = await session.get(ReadingRow, subject_id(timer))
    if reading is None or reading.reviewed_at is not None or timer.kind != TIMER_REVIEW:
        return 0
    message = await session.get(Message, reading.message_id)
    senior = await session.get(Senior, message.senior_id) if message and message.senior_id else None
    if message is None or senior is None or senior.opted_out_at is not None:
        return 0
    await open_escalation(
        session, shell, senior, reason="not_understood", urgency="normal",
        quote=message.body, message=message, event_id=None,
    )  # fmt: skip
    return 1
