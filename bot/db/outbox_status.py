"""Outgoing messages' statuses and the urgent ones: what `hejsan outbox status` reads.

Apart from the outbox's sending machinery (bot/db/outbox.py) so the quick
command line and the people's modules need no dispatcher to name a status.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Message


class MessageStatus(StrEnum):
    """Where a message stands: outgoing ones queued -> sending -> sent ->
    delivered (or failed, gave_up, cancelled); incoming ones are received."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    RECEIVED = "received"
    # Not urgent and failing for hours: no longer tried (logged as a WARNING).
    GAVE_UP = "gave_up"
    # The same urgent text went out on the person's other channel first.
    CANCELLED = "cancelled"


OUTGOING_STATUSES = tuple(s for s in MessageStatus if s != MessageStatus.RECEIVED)

# Sent before anything proactive: a volunteer alert, an answer to a senior.
URGENT_KINDS = ("alert", "reply")
# The engine's answers to a cry for help ("ring 112") use these templates.
URGENT_REPLY_TEMPLATES = "urgent.%"

URGENT_ROW = or_(
    Message.kind == "alert",
    and_(Message.kind == "reply", Message.template.like(URGENT_REPLY_TEMPLATES)),
)


def is_urgent(kind: str, template: str | None) -> bool:
    """An alert, or our answer to a cry for help: never given up."""
    return kind == "alert" or (kind == "reply" and (template or "").startswith("urgent."))


async def outbox_summary(session: AsyncSession) -> dict[str, int]:
    """Outgoing messages by status, plus the urgent ones still unsent and those
    overdue (coordinators told): what `hejsan outbox status` and the console show."""
    counts: dict[str, int] = {status.value: 0 for status in OUTGOING_STATUSES}
    rows = await session.execute(
        select(Message.status, func.count())
        .where(Message.direction == "out")
        .group_by(Message.status)
    )
    for status, count in rows:
        counts[str(status)] = int(count)
    unsent = and_(
        Message.direction == "out",
        Message.status.in_((MessageStatus.QUEUED, MessageStatus.SENDING)),
        URGENT_ROW,
    )
    counts["urgent_unsent"] = int(await session.scalar(select(func.count()).where(unsent)) or 0)
    counts["urgent_overdue"] = int(
        await session.scalar(select(func.count()).where(unsent, Message.overdue_at.is_not(None)))
        or 0
    )
    return counts
